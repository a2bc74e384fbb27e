/**
 * Inbound email for the API (docs/api.md "Inbound email"): receiving a message for an
 * organization (choosing its mailbox by the recipients), the inbound log, a suspended mail's
 * acceptance or discarding, and the original message.
 */
import type { PrismaClient } from '../../generated/prisma/client.js';
import { decodeDateCursor, keysetPage } from '../../lib/cursor.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import {
  findActiveMailboxesByAddress,
  findMailbox,
  mailboxAddressOf,
  type MailboxRow,
} from '../mailboxes/index.js';
import { findVisibleTicket } from '../tickets/index.js';
import {
  findInboundEmail,
  findInboundPage,
  findInboundRaw,
  resolveSuspendedInbound,
  type InboundEmailRow,
} from './inbound.repository.js';
import type {
  InboundEmail,
  InboundEmailList,
  InboundResultBody,
  ListInboundEmailsQuery,
} from './inbound.schemas.js';
import { parseHeaders } from './parse-mail.js';
import {
  AcceptConflictError,
  type InboundPipeline,
  type InboundResult,
} from './process-inbound-email.js';

function present(row: InboundEmailRow): InboundEmail {
  return {
    id: row.id,
    mailboxId: row.mailboxId,
    source: row.source === 'imap' ? 'imap' : 'endpoint',
    messageId: row.messageId,
    from: { address: row.fromAddress, name: row.fromName },
    subject: row.subject,
    sizeBytes: row.sizeBytes,
    outcome: row.outcome,
    cause: row.cause,
    ticketId: row.ticketId,
    responseId: row.responseId,
    skippedFiles: (row.skippedFiles as InboundEmail['skippedFiles'] | null) ?? [],
    receivedAt: row.receivedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The endpoint's answer for a pipeline result. */
export function toResultBody(result: InboundResult): InboundResultBody {
  return {
    id: result.id,
    outcome: result.outcome,
    cause: result.cause,
    ticketId: result.ticketId,
    reference: result.reference,
    responseId: result.responseId,
    followUpOf: result.followUpOf,
    skippedFiles: result.skippedFiles,
  };
}

export function createInboundService(deps: { prisma: PrismaClient; pipeline: InboundPipeline }) {
  const { prisma, pipeline } = deps;
  return {
    /**
     * POST /api/inbound/email: runs `raw` through the pipeline for the organization. The
     * mailbox is `mailbox` (HTTP Basic: it wins over the recipients), else the organization's
     * active mailbox one of the recipients reaches (plus-addressing included); none: the mail
     * is suspended with cause `unknown_mailbox`.
     */
    async receive(input: {
      organizationId: string;
      mailbox: MailboxRow | null;
      raw: Buffer;
      sizeBytes: number;
    }): Promise<InboundResultBody> {
      let mailbox = input.mailbox;
      if (!mailbox) {
        const addresses = [
          ...new Set(((await parseHeaders(input.raw))?.recipients ?? []).map(mailboxAddressOf)),
        ];
        const found = addresses.length
          ? await findActiveMailboxesByAddress(prisma, addresses, input.organizationId)
          : [];
        // The first recipient that is a mailbox, in the order the mail lists them.
        mailbox = addresses.map((a) => found.find((m) => m.address === a)).find(Boolean) ?? null;
      }
      return toResultBody(
        await pipeline.process({
          organizationId: input.organizationId,
          mailbox,
          raw: input.raw,
          sizeBytes: input.sizeBytes,
          source: 'endpoint',
        }),
      );
    },

    /** GET /api/inbound-emails: the organization's inbound log, newest first. */
    async list(principal: Principal, query: ListInboundEmailsQuery): Promise<InboundEmailList> {
      const after = query.cursor ? decodeDateCursor(query.cursor) : null;
      const rows = await findInboundPage(prisma, principal.organizationId, {
        take: query.limit + 1,
        after: after ? { receivedAt: after.at, id: after.id } : null,
        outcome: query.outcome,
        ticketId: query.ticketId,
      });
      const page = keysetPage(rows, query.limit, (row) => row.receivedAt.toISOString());
      return { data: page.rows.map(present), nextCursor: page.nextCursor };
    },

    /** GET /api/inbound-emails/:id. @throws NotFoundError */
    async get(principal: Principal, id: string): Promise<InboundEmail> {
      const row = await findInboundEmail(prisma, principal.organizationId, id);
      if (!row) throw new NotFoundError('Inbound email');
      return present(row);
    },

    /**
     * GET /api/inbound-emails/:id/original: the message exactly as received. Admins: any;
     * agents: a mail of a ticket they can see (the "Show full message" of a reply).
     * @throws NotFoundError (also when it was too large to keep)
     */
    async original(principal: Principal, id: string): Promise<Buffer> {
      const row = await findInboundRaw(prisma, principal.organizationId, id);
      if (!row?.raw || !isStaff(principal)) throw new NotFoundError('Inbound email');
      if (principal.role !== 'ADMIN') {
        if (!row.ticketId) throw new NotFoundError('Inbound email');
        await findVisibleTicket(prisma, principal, row.ticketId);
      }
      return Buffer.from(row.raw);
    },

    /**
     * POST /api/inbound-emails/:id/accept: processes a suspended mail as if it had passed the
     * checks (the loop, automatic-mail and rate checks are skipped; size, shape and sender
     * still apply). @throws NotFoundError; ConflictError `not_suspended`
     */
    async accept(principal: Principal, id: string): Promise<InboundResultBody> {
      const row = await findInboundRaw(prisma, principal.organizationId, id);
      if (!row) throw new NotFoundError('Inbound email');
      if (row.outcome !== 'suspended' || !row.raw) {
        throw new ConflictError(
          'Only a suspended mail that was kept can be accepted',
          'not_suspended',
        );
      }
      const mailbox = row.mailboxId
        ? await findMailbox(prisma, principal.organizationId, row.mailboxId)
        : null;
      try {
        return toResultBody(
          await pipeline.process(
            {
              organizationId: principal.organizationId,
              mailbox,
              raw: Buffer.from(row.raw),
              sizeBytes: row.sizeBytes,
              source: row.source === 'imap' ? 'imap' : 'endpoint',
            },
            id,
          ),
        );
      } catch (error) {
        if (error instanceof AcceptConflictError) {
          throw new ConflictError(error.message, 'not_suspended');
        }
        throw error;
      }
    },

    /** POST /api/inbound-emails/:id/discard: a suspended mail is dropped (its row stays, `discarded`). */
    async discard(principal: Principal, id: string): Promise<InboundEmail> {
      const done = await resolveSuspendedInbound(prisma, principal.organizationId, id, {
        outcome: 'discarded',
      });
      const row = await findInboundEmail(prisma, principal.organizationId, id);
      if (!row) throw new NotFoundError('Inbound email');
      if (!done) throw new ConflictError('Only a suspended mail can be discarded', 'not_suspended');
      return present(row);
    },
  };
}

export type InboundService = ReturnType<typeof createInboundService>;
