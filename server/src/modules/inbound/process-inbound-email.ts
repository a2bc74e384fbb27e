/**
 * The inbound pipeline (docs/product.md "Inbound email"): one received message → a new ticket, a
 * reply on the ticket it continues, a suspension with its cause, or "seen already". Both ways in
 * (IMAP and POST /api/inbound/email) come here.
 *
 * - Checks first, on the raw bytes then on the parsed headers: size, structure, sender,
 *   automatic mail (RFC 3834), bounces, Docket's own mail (loops), the sender's rate.
 * - The same mail is processed once per organization: its dedupeKey (Message-ID, else a digest
 *   of its header block) is unique in the inbound log, and the log row is written in the same
 *   transaction as the ticket or reply, so two deliveries racing, or a delivery repeated after a
 *   crash before the commit, make one ticket change.
 * - Each accepted mail is one transaction: the ticket or response, its files, activity and
 *   outbox events, the log row — or nothing.
 */
import { randomUUID } from 'node:crypto';
import type { AttachmentsConfig } from '../../config.js';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { formatTicketReference } from '../../lib/domain.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import type { LimitStore } from '../../lib/limit-store.js';
import type { Principal } from '../../lib/principal.js';
import type { Actor } from '../activity/index.js';
import type { AttachmentIntake, PreparedAttachment } from '../attachments/index.js';
import {
  countMailProcessed,
  mailboxAddressOf,
  type MailboxRow,
  type ReplyAddresses,
} from '../mailboxes/index.js';
import { addEmailReply } from '../responses/index.js';
import {
  insertTicket,
  insertTicketWithFiles,
  lockTicketRows,
  ticketKeySql,
  visibleTicketsSql,
  type TicketRow,
} from '../tickets/index.js';
import { findActiveUserByEmail } from '../users/index.js';
import { extractReply, mailBodyText } from './extract-reply.js';
import { findThread, type ThreadedBy } from './find-thread.js';
import {
  addTicketCcs,
  findInboundByDedupeKey,
  insertInboundEmail,
  resolveSuspendedInbound,
} from './inbound.repository.js';
import { automaticCause, loopCause, structureCause, type SuspendCause } from './mail-checks.js';
import { prepareMailFiles, type SkippedFile } from './mail-files.js';
import { headerDigestOf, parseHeaders, parseMail, type ParsedMail } from './parse-mail.js';

/** What became of a mail (the API's `outcome`). */
export type InboundOutcome = 'ticket_created' | 'response_added' | 'suspended' | 'duplicate';

export interface InboundResult {
  /** The inbound log row (for `duplicate`: the first delivery's). */
  id: string;
  outcome: InboundOutcome;
  cause: SuspendCause | null;
  ticketId: string | null;
  reference: string | null;
  responseId: string | null;
  /** How a reply found its ticket; null otherwise. */
  threadedBy: ThreadedBy | null;
  /** For a reply to a CLOSED ticket: the ticket the new one follows up. */
  followUpOf: string | null;
  skippedFiles: SkippedFile[];
}

export interface InboundDeps {
  prisma: PrismaClient;
  attachments: AttachmentIntake;
  attachmentsConfig: Pick<AttachmentsConfig, 'dir' | 'maxFileBytes' | 'maxFilesPerRequest'>;
  limits: LimitStore;
  replyAddresses: ReplyAddresses;
  inbound: { maxMessageBytes: number; maxPerSender: number };
  /** The host of Docket's Message-IDs. */
  messageIdHost: string;
  /** Docket's own sending addresses (lower-cased): every mailbox, and the notifications' From. */
  ownAddresses: () => Promise<ReadonlySet<string>>;
}

export interface InboundMessage {
  organizationId: string;
  /** The mailbox it reached; null: none of the organization's mailboxes (suspended). */
  mailbox: MailboxRow | null;
  /** The message; at most the first bytes when `sizeBytes` is over the limit. */
  raw: Buffer;
  /** Its whole size, bytes (more than `raw.length` when it was cut at the limit). */
  sizeBytes: number;
  source: 'imap' | 'endpoint';
}

/** Ticket subjects are 5–200 characters (docs/api.md `POST /api/tickets`). */
const MAX_SUBJECT = 200;
/** Ticket descriptions and replies are cut here; the original stays in the inbound log. */
const MAX_DESCRIPTION = 5000;
const MAX_REPLY = 20_000;
const SENDER_WINDOW_MS = 10 * 60_000;

/** The staff-like principal of an organization's mail: it scopes look-ups, it is never recorded. */
function mailPrincipal(organizationId: string, mailboxId: string | null): Principal {
  return {
    kind: 'api_key',
    id: mailboxId ?? organizationId,
    organizationId,
    role: 'ADMIN',
    name: 'Email',
    email: null,
  };
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function subjectOf(mail: ParsedMail): string {
  const subject = cut(mail.subject, MAX_SUBJECT);
  return subject.length >= 5 ? subject : `${subject || '(no subject)'} (email)`.trim();
}

function dedupeKeyOf(mail: Pick<ParsedMail, 'messageId' | 'headerDigest'>): string {
  return mail.messageId ? `mid:${mail.messageId.toLowerCase()}` : `sha256:${mail.headerDigest}`;
}

/** The result of a suspended mail. */
function suspendedResult(id: string, cause: SuspendCause): InboundResult {
  return {
    id,
    outcome: 'suspended',
    cause,
    ticketId: null,
    reference: null,
    responseId: null,
    threadedBy: null,
    followUpOf: null,
    skippedFiles: [],
  };
}

/** Creates the inbound pipeline; `process` runs one message through it. */
export function createInboundPipeline(deps: InboundDeps) {
  const { prisma } = deps;

  /** Writes a suspended mail's log row (or finds the first delivery's). */
  async function suspend(
    message: InboundMessage,
    mail: ParsedMail | null,
    cause: SuspendCause,
  ): Promise<InboundResult> {
    const id = randomUUID();
    const dedupeKey = mail ? dedupeKeyOf(mail) : `sha256:${headerDigestOf(message.raw)}`;
    try {
      await insertInboundEmail(prisma, {
        id,
        organizationId: message.organizationId,
        mailboxId: message.mailbox?.id ?? null,
        source: message.source,
        messageId: mail?.messageId ?? null,
        dedupeKey,
        fromAddress: mail?.from?.address ?? null,
        fromName: mail?.from?.name ?? null,
        subject: mail?.subject ?? '',
        sizeBytes: message.sizeBytes,
        outcome: 'suspended',
        cause,
        raw: cause === 'too_large' ? null : new Uint8Array(message.raw),
      });
    } catch (error) {
      if (isUniqueViolation(error)) return duplicateOf(message.organizationId, dedupeKey);
      throw error;
    }
    if (message.mailbox) await countMailProcessed(prisma, message.mailbox.id);
    return suspendedResult(id, cause);
  }

  async function duplicateOf(organizationId: string, dedupeKey: string): Promise<InboundResult> {
    const first = await findInboundByDedupeKey(prisma, organizationId, dedupeKey);
    if (!first) throw new Error('inbound duplicate without its first delivery');
    return {
      id: first.id,
      outcome: 'duplicate',
      cause: (first.cause as SuspendCause | null) ?? null,
      ticketId: first.ticketId,
      reference: null,
      responseId: first.responseId,
      threadedBy: null,
      followUpOf: null,
      skippedFiles: (first.skippedFiles as SkippedFile[] | null) ?? [],
    };
  }

  /**
   * The checks of a message, in order; the first cause found, or the parsed mail.
   * `accept`: an admin accepted a suspended mail: only the checks that make processing
   * impossible (size, structure, parse, sender) still apply.
   */
  async function check(
    message: InboundMessage,
    accept: boolean,
  ): Promise<{ cause: SuspendCause; mail: ParsedMail | null } | { cause: null; mail: ParsedMail }> {
    if (message.sizeBytes > deps.inbound.maxMessageBytes) {
      return { cause: 'too_large', mail: await parseHeaders(message.raw) };
    }
    const shape = structureCause(message.raw);
    if (shape) return { cause: shape, mail: await parseHeaders(message.raw) };
    let mail: ParsedMail;
    try {
      mail = await parseMail(message.raw, {
        maxFileBytes: deps.attachmentsConfig.maxFileBytes,
        maxFiles: Math.max(deps.attachmentsConfig.maxFilesPerRequest, 10),
      });
    } catch {
      return { cause: 'malformed', mail: await parseHeaders(message.raw) };
    }
    if (!message.mailbox) return { cause: 'unknown_mailbox', mail };
    if (!mail.from) return { cause: 'no_sender', mail };
    if (accept) return { cause: null, mail };
    const automatic = automaticCause(mail);
    if (automatic) return { cause: automatic, mail };
    const own = await deps.ownAddresses();
    const loop = loopCause(
      { ...mail, from: { ...mail.from, address: mailboxAddressOf(mail.from.address) } },
      { addresses: own, messageIdHost: deps.messageIdHost },
    );
    if (loop) return { cause: loop, mail };
    return { cause: null, mail };
  }

  /** Counts the mail against its sender's rate; true when over it. */
  async function overSenderRate(organizationId: string, sender: string): Promise<boolean> {
    const state = await deps.limits.increment(
      `inbound:${organizationId}:${sender}`,
      SENDER_WINDOW_MS,
    );
    return state.total > deps.inbound.maxPerSender;
  }

  /**
   * Runs `message` through the pipeline. `accepting`: the id of a suspended log row an admin
   * accepted (its row is updated instead of a new one written; the loop checks are skipped).
   * @returns what became of it. Never throws for what the mail contains; throws when the
   * database is unavailable (nothing is written: the caller retries, the dedupeKey keeps it once).
   */
  async function process(
    message: InboundMessage,
    accepting: string | null = null,
  ): Promise<InboundResult> {
    const checked = await check(message, accepting !== null);
    if (checked.cause) {
      // An accepted mail that still cannot be processed stays suspended.
      if (accepting) return suspendedResult(accepting, checked.cause);
      return suspend(message, checked.mail, checked.cause);
    }
    const { mail } = checked;
    const from = mail.from!;
    const mailbox = message.mailbox!;
    if (!accepting) {
      // A repeat is answered before it counts against the sender's rate.
      const seen = await findInboundByDedupeKey(prisma, message.organizationId, dedupeKeyOf(mail));
      if (seen) return duplicateOf(message.organizationId, seen.dedupeKey);
      if (await overSenderRate(message.organizationId, from.address)) {
        return suspend(message, mail, 'rate_limited');
      }
    }
    const principal = mailPrincipal(message.organizationId, mailbox.id);
    const thread = await findThread(
      prisma,
      {
        principal,
        replyAddresses: deps.replyAddresses,
        messageIdHost: deps.messageIdHost,
        mailboxAddress: mailbox.address,
      },
      mail,
      from.address,
    );
    const files = await prepareMailFiles(deps.attachments, deps.attachmentsConfig.dir, mail.files);
    try {
      const result = await prisma.$transaction(
        (tx) =>
          write(tx, message, mail, principal, thread, files.prepared, files.skipped, accepting),
        { timeout: 30_000 },
      );
      return result;
    } catch (error) {
      if (isUniqueViolation(error) && !accepting) {
        return duplicateOf(message.organizationId, dedupeKeyOf(mail));
      }
      throw error;
    } finally {
      await files.cleanup();
    }
  }

  /** The transaction of an accepted mail: ticket or reply, CCs, files, the log row. */
  async function write(
    tx: Prisma.TransactionClient,
    message: InboundMessage,
    mail: ParsedMail,
    principal: Principal,
    thread: { ticket: TicketRow; by: ThreadedBy } | null,
    prepared: readonly PreparedAttachment[],
    skipped: readonly SkippedFile[],
    accepting: string | null,
  ): Promise<InboundResult> {
    const from = mail.from!;
    const inboundId = accepting ?? randomUUID();
    // The requester's own reply: their account is on the ticket; anyone else is looked up.
    const user =
      thread && from.address === thread.ticket.requesterEmail
        ? thread.ticket.requesterId
          ? {
              id: thread.ticket.requesterId,
              role: 'CUSTOMER' as const,
              name: thread.ticket.requesterName,
            }
          : null
        : await findActiveUserByEmail(tx, message.organizationId, from.address);
    const senderName = from.name ?? user?.name ?? from.address.split('@')[0]!;
    const actor: Actor = user
      ? {
          kind: 'user',
          id: user.id,
          organizationId: message.organizationId,
          role: user.role,
          name: senderName,
          email: from.address,
        }
      : { kind: 'system', name: senderName };
    const body = mailBodyText(mail.text, mail.html);
    // The ticket read again under its row lock, in one statement.
    let ticket: TicketRow | null = thread
      ? ((
          await lockTicketRows(tx, [
            ...visibleTicketsSql(principal),
            ticketKeySql(thread.ticket.id)!,
          ])
        )[0] ?? null)
      : null;
    let responseId: string | null = null;
    let followUpOf: TicketRow | null = null;
    let outcome: 'ticket_created' | 'response_added';
    if (ticket && ticket.status !== 'CLOSED') {
      const reply = extractReply(body).reply;
      const response = await addEmailReply(
        tx,
        ticket,
        { userId: user?.id ?? null, name: senderName, email: from.address },
        {
          content: cut(reply.trim() || '(empty message)', MAX_REPLY),
          messageId: mail.messageId,
          inboundEmailId: inboundId,
        },
        { intake: deps.attachments, prepared },
      );
      responseId = response.id;
      outcome = 'response_added';
    } else {
      // A new ticket; a reply to a CLOSED ticket becomes a follow-up of it.
      followUpOf = ticket;
      const description = cut(
        (followUpOf ? extractReply(body).reply : body).trim() || '(empty message)',
        MAX_DESCRIPTION,
      );
      const input = {
        subject: subjectOf(mail),
        description,
        requesterName: cut(senderName, 200),
        requesterEmail: from.address,
        ...(followUpOf ? { followUpOf: followUpOf.id } : {}),
      };
      const options = { channel: 'email' as const, actor };
      ticket =
        prepared.length > 0
          ? await insertTicketWithFiles(tx, deps.attachments, principal, input, prepared, options)
          : await insertTicket(tx, principal, input, options);
      outcome = 'ticket_created';
    }
    // The requester's Cc take part in the thread from now on (not Docket's own mailboxes).
    if (from.address === ticket.requesterEmail) {
      const own = await deps.ownAddresses();
      await addTicketCcs(
        tx,
        message.organizationId,
        ticket.id,
        mail.cc
          .filter((cc) => cc.address !== from.address && !own.has(mailboxAddressOf(cc.address)))
          .slice(0, 20)
          .map((cc) => ({ email: cc.address, name: cc.name })),
      );
    }
    const row = {
      outcome,
      cause: null,
      ticketId: ticket.id,
      responseId,
      skippedFiles: skipped as unknown as Prisma.InputJsonValue,
    };
    if (accepting) {
      if (!(await resolveSuspendedInbound(tx, message.organizationId, accepting, row))) {
        throw new AcceptConflictError();
      }
    } else {
      await insertInboundEmail(tx, {
        id: inboundId,
        organizationId: message.organizationId,
        mailboxId: message.mailbox?.id ?? null,
        source: message.source,
        messageId: mail.messageId,
        dedupeKey: dedupeKeyOf(mail),
        fromAddress: from.address,
        fromName: from.name,
        subject: mail.subject,
        sizeBytes: message.sizeBytes,
        raw: new Uint8Array(message.raw),
        ...row,
      });
    }
    // Last: every mail of the mailbox updates this one row, whose lock lasts until the commit.
    await countMailProcessed(tx, message.mailbox!.id);
    return {
      id: inboundId,
      outcome,
      cause: null,
      ticketId: ticket.id,
      reference: formatTicketReference(ticket.number),
      responseId,
      threadedBy: outcome === 'response_added' ? (thread?.by ?? null) : null,
      followUpOf: followUpOf?.id ?? null,
      skippedFiles: [...skipped],
    };
  }

  return { process };
}

/** The suspended mail was accepted or discarded by someone else meanwhile. */
export class AcceptConflictError extends Error {
  constructor() {
    super('The mail is not suspended any more');
  }
}

export type InboundPipeline = ReturnType<typeof createInboundPipeline>;
