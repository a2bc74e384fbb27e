/**
 * Responses: public replies and internal notes (docs/product.md "Roles", "Ticket"; docs/api.md
 * `GET/POST /api/tickets/:id/responses`).
 * - Customers never see internal notes, and may not write them (403).
 * - Nobody replies to a CLOSED ticket (409 `ticket_closed`): CLOSED is final.
 * - A customer reply to a RESOLVED or WAITING_ON_CUSTOMER ticket reopens it to OPEN.
 * - The first public reply by an agent sets `firstRespondedAt` (first response time, SLA).
 * - Staff write Markdown (`format: markdown`, the default for them, macros' and rules' replies
 *   too); customers, mail and chat write plain text (docs/product.md "Markdown").
 * - Staff may set the ticket's status with their response ("send and set status"): the status
 *   change of a PATCH (ticket-lifecycle.ts rules, activity row, events, dates), in the reply's
 *   transaction, so that both are written or neither.
 * - A signed-in staff member's public reply may get their signature appended (`appendSignature`).
 * - A requester who is not signed in replies through a signed tracking link (public module):
 *   `replyAsRequester`, under the same rules as a signed-in customer.
 * Each reply writes its activity row, and the ticket's version and updatedAt, in one transaction.
 */
import { activityRow, type Actor } from '../activity/index.js';
import { decodeDateCursor, keysetPage } from '../../lib/cursor.js';
import type { Db, Prisma, PrismaClient } from '../../lib/db.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  refuseIfClosed,
  type FieldError,
} from '../../lib/errors.js';
import type { ResponseFormat } from '../../lib/domain.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { changeTicket, findVisibleTicket, reloadTicket } from '../tickets/index.js';
import {
  loadTicketRows,
  lockTicketRows,
  ticketKeySql,
  visibleTicketsSql,
} from '../tickets/index.js';
import type { TicketRow } from '../tickets/index.js';
import { emitTicketEvent, type NewTicketEvent } from '../tickets/index.js';
import type { AttachmentIntake, PreparedAttachment } from '../attachments/index.js';
import type { Upload } from '../../plugins/multipart.js';
import { presentResponse, toResponse } from './responses.presenter.js';
import {
  findLiveTicketStatus,
  findResponsesPage,
  findStaffSignature,
  insertResponseIfCurrent,
  isTransaction,
  liveTicketSql,
  type ResponseRow,
} from './responses.repository.js';
import type {
  CreateResponseInput,
  TicketResponse,
  TicketResponseList,
} from './responses.schemas.js';
import { newRowId } from '../../lib/row-id.js';

/** Optimistic attempts of a reply before it takes the ticket's row lock (`reply`). */
const OPTIMISTIC_REPLY_ATTEMPTS = 2;

/**
 * Who writes a response. `staff` decides the rules: a staff public reply sets firstRespondedAt,
 * a requester's reply reopens a RESOLVED or WAITING_ON_CUSTOMER ticket. `actor` is recorded on
 * the activity rows; the other fields on the response.
 */
interface ResponseAuthor {
  actor: Actor;
  staff: boolean;
  authorType: 'AGENT' | 'CUSTOMER' | 'EMAIL' | 'SYSTEM';
  authorId: string | null;
  apiKeyId: string | null;
  name: string;
  email: string | null;
}

/**
 * Writes a response to `ticket` (visible to the author, as read by `reply`) with its activity
 * rows, the ticket's status, version and first-response changes, its files and its domain events,
 * with `tx`: the app's client (no files: the statement is the transaction) or a transaction
 * client (files; the ticket locked). The response, its activity rows, the ticket's change and,
 * without files, the events go in ONE statement (responses.repository.ts insertResponseIfCurrent),
 * made only if the ticket is still at the version read (so the rules checked against `ticket`
 * hold): measured at a million tickets (bench/), each round trip of a reply cost server CPU. The
 * events describe the ticket as that statement leaves it (`changed` below: exactly the columns it
 * sets).
 * @returns the response, or null when the ticket changed since it was read (nothing written).
 * @throws ConflictError `ticket_closed` for a CLOSED ticket.
 */
async function addResponse(
  tx: Db,
  ticket: TicketRow,
  author: ResponseAuthor,
  input: {
    content: string;
    /** `markdown` (staff) or `text` (everyone else), as written. */
    format: ResponseFormat;
    isInternal: boolean;
    /** A reply received by mail: its Message-ID and the inbound log's row. */
    email?: { messageId: string | null; inboundEmailId: string };
  },
  files: { intake: AttachmentIntake | undefined; prepared: readonly PreparedAttachment[] } = {
    intake: undefined,
    prepared: [],
  },
): Promise<ResponseRow | null> {
  refuseIfClosed(ticket.status);
  const { organizationId } = ticket;
  const now = new Date();
  // Every column of the new response (a column added to the model without a value here fails
  // to compile); it has no files yet (they are recorded below).
  const response: ResponseRow = {
    id: newRowId(),
    organizationId,
    ticketId: ticket.id,
    content: input.content,
    format: input.format,
    isInternal: input.isInternal,
    authorType: author.authorType,
    authorId: author.authorId,
    apiKeyId: author.apiKeyId,
    authorName: author.name,
    authorEmail: author.email,
    emailMessageId: input.email?.messageId ?? null,
    inboundEmailId: input.email?.inboundEmailId ?? null,
    createdAt: now,
    attachments: [],
  };
  const activities = [
    activityRow(author.actor, {
      organizationId,
      ticketId: ticket.id,
      type: input.isInternal ? 'INTERNAL_NOTE_ADDED' : 'RESPONSE_ADDED',
      after: { responseId: response.id },
      isInternal: input.isInternal,
      createdAt: now,
    }),
  ];
  const reopen =
    !author.staff && (ticket.status === 'RESOLVED' || ticket.status === 'WAITING_ON_CUSTOMER');
  if (reopen) {
    activities.push(
      activityRow(author.actor, {
        organizationId,
        ticketId: ticket.id,
        type: 'STATUS_CHANGED',
        before: { status: ticket.status },
        after: { status: 'OPEN' },
        reason: 'The requester replied',
        createdAt: now,
      }),
    );
  }
  // A rule's automatic (SYSTEM) reply is no first response (docs/product.md "SLA").
  const firstResponse =
    author.authorType === 'AGENT' && !input.isInternal && !ticket.firstRespondedAt;
  // The ticket as the UPDATE below leaves it.
  const changed: TicketRow = {
    ...ticket,
    updatedAt: now,
    version: ticket.version + 1,
    ...(reopen ? { status: 'OPEN' as const, resolvedAt: null } : {}),
    ...(firstResponse ? { firstRespondedAt: now } : {}),
  };
  /** Domain events: the response as an agent sees it, then the reopening. */
  const eventsOf = (
    saved: ResponseRow,
  ): NewTicketEvent<'ticket.response_added' | 'ticket.status_changed'>[] => [
    {
      type: 'ticket.response_added',
      actor: author.actor,
      data: { isInternal: input.isInternal, response: toResponse(saved, true) },
      at: now,
    },
    ...(reopen
      ? [
          {
            type: 'ticket.status_changed' as const,
            actor: author.actor,
            data: {
              previousStatus: ticket.status,
              status: 'OPEN' as const,
              reason: 'The requester replied',
            },
            at: now,
          },
        ]
      : []),
  ];
  const withFiles = files.prepared.length > 0 && files.intake !== undefined;
  const written = await insertResponseIfCurrent(tx, {
    ticket,
    response,
    activities,
    now,
    reopen,
    firstResponse,
    changed,
    events: withFiles ? null : eventsOf(response),
  });
  if (!written) return null;
  if (!withFiles || !files.intake) return response;
  if (!isTransaction(tx)) throw new Error('a reply with files needs a transaction');
  // The files' rows and activity; their attachment.added events wait until the
  // response that lists them is announced.
  const fileTarget = {
    organizationId,
    ticketId: ticket.id,
    responseId: response.id,
    isInternal: input.isInternal,
    uploadedById: author.authorId,
    actor: author.actor,
    // 1 ms after the response (and a reopening), so that the timeline keeps their order.
    now: new Date(now.getTime() + 1),
  };
  const saved: ResponseRow = {
    ...response,
    attachments: await files.intake.record(tx, fileTarget, files.prepared, {
      emitEvents: false,
    }),
  };
  // The response with its files' metadata and links, then the reopening, then one
  // attachment.added per file (internal notes' marked).
  for (const event of eventsOf(saved)) {
    await emitTicketEvent(tx, event.type, changed, event.actor, event.data as never, event.at);
  }
  await files.intake.emitAddedEvents(tx, fileTarget, saved.attachments);
  return saved;
}

/**
 * The checks before files are stored, then the files checked and stored (attachments.service.ts
 * `prepare`): nothing is stored for a reply that would be refused for a CLOSED ticket.
 * @throws ConflictError `ticket_closed`; the intake's 415 and 422.
 */
async function prepareFiles(
  intake: AttachmentIntake | undefined,
  uploads: readonly Upload[] | undefined,
  ticketStatus: () => Promise<string>,
): Promise<PreparedAttachment[]> {
  if (!uploads?.length) return [];
  if (!intake) throw new Error('attachments are not configured');
  refuseIfClosed(await ticketStatus());
  return intake.prepare(uploads);
}

/**
 * Runs one reply to the ticket matching `where` (on `tickets t`): `write` (addResponse) gets
 * the ticket and the client to write with, and answers null when the ticket changed meanwhile.
 * - Without files: optimistically, outside any transaction: the ticket is read (one prepared
 *   statement), then `write` makes ONE statement that writes only if the ticket is still at the
 *   version read (`version` changes with every change of a ticket: its ETag); when it is not,
 *   the ticket is read again and the rules applied again. Measured at a million tickets
 *   (bench/): two statements instead of a transaction of four.
 * - With files or a status change (`inTransaction`), or after OPTIMISTIC_REPLY_ATTEMPTS lost
 *   races (a busy ticket): in a transaction holding the ticket's row lock, so that concurrent
 *   replies wait for each other rather than fail (the files' rows and events, or the status
 *   change, follow the response in it).
 * @throws NotFoundError when no ticket matches.
 */
async function reply(
  prisma: PrismaClient,
  where: Prisma.Sql[],
  inTransaction: boolean,
  write: (db: Db, ticket: TicketRow) => Promise<ResponseRow | null>,
): Promise<ResponseRow> {
  for (let attempt = 0; !inTransaction && attempt < OPTIMISTIC_REPLY_ATTEMPTS; attempt++) {
    const [ticket] = await loadTicketRows(prisma, where);
    if (!ticket) throw new NotFoundError('Ticket');
    const row = await write(prisma, ticket);
    if (row) return row;
  }
  const row = await prisma.$transaction(async (tx) => {
    const [ticket] = await lockTicketRows(tx, where);
    if (!ticket) throw new NotFoundError('Ticket');
    return write(tx, ticket);
  });
  // Locked, the ticket cannot change between the read and the write.
  if (!row) throw new ConflictError('The ticket changed while replying; try again');
  return row;
}

/**
 * The author of a response written by `principal`: a person on the staff or an API key AGENT, a
 * rule SYSTEM (an automatic reply: it fulfils no SLA target), else CUSTOMER.
 */
function authorOf(principal: Principal): ResponseAuthor {
  const staff = isStaff(principal);
  return {
    actor: principal,
    staff,
    authorType: principal.kind === 'rule' ? 'SYSTEM' : staff ? 'AGENT' : 'CUSTOMER',
    authorId: principal.kind === 'user' ? principal.id : null,
    apiKeyId: principal.kind === 'api_key' ? principal.id : null,
    name: principal.name,
    email: principal.email,
  };
}

/**
 * A reply or internal note of a person on the staff written with `tx` onto `ticket`, read under
 * its row lock in `tx` (a macro's or a rule's reply): the rules and the single statement of a
 * reply (`addResponse`), without files. Macros and rules write Markdown: `format` defaults to
 * `markdown`.
 * @returns the response. @throws ConflictError `ticket_closed` for a CLOSED ticket.
 */
export async function addStaffResponse(
  tx: Prisma.TransactionClient,
  ticket: TicketRow,
  principal: Principal,
  input: { content: string; isInternal: boolean; format?: ResponseFormat },
): Promise<ResponseRow> {
  const row = await addResponse(tx, ticket, authorOf(principal), {
    ...input,
    format: input.format ?? 'markdown',
  });
  // Locked, the ticket cannot change between the read and the write.
  if (!row) throw new ConflictError('The ticket changed while replying; try again');
  return row;
}

/**
 * A reply received by mail (docs/product.md "Inbound email"), written with `tx` onto `ticket`
 * (read under its row lock in `tx`, so the write cannot lose a race): a public response with
 * author type EMAIL, from `sender` (the requester's user when they have one, else the system
 * acting under the sender's name). The rules of a customer's reply apply: a RESOLVED or
 * WAITING_ON_CUSTOMER ticket reopens to OPEN. `files`: prepared by the attachment intake.
 * @throws ConflictError `ticket_closed` for a CLOSED ticket (the caller makes a follow-up).
 */
export async function addEmailReply(
  tx: Prisma.TransactionClient,
  ticket: TicketRow,
  sender: { userId: string | null; name: string; email: string },
  input: { content: string; messageId: string | null; inboundEmailId: string },
  files: { intake: AttachmentIntake | undefined; prepared: readonly PreparedAttachment[] },
): Promise<ResponseRow> {
  const actor: Actor = sender.userId
    ? {
        kind: 'user',
        id: sender.userId,
        organizationId: ticket.organizationId,
        role: 'CUSTOMER',
        name: sender.name,
        email: sender.email,
      }
    : { kind: 'system', name: sender.name };
  const row = await addResponse(
    tx,
    ticket,
    {
      actor,
      staff: false,
      authorType: 'EMAIL',
      authorId: sender.userId,
      apiKeyId: null,
      name: sender.name,
      email: sender.email,
    },
    {
      content: input.content,
      format: 'text',
      isInternal: false,
      email: { messageId: input.messageId, inboundEmailId: input.inboundEmailId },
    },
    files,
  );
  // Read under the lock in `tx`: the version cannot have moved.
  if (!row) throw new ConflictError('The ticket changed while replying; try again');
  return row;
}

export function createResponsesService(deps: {
  prisma: PrismaClient;
  /** Takes the files of multipart replies (attachments.service.ts). */
  attachments?: AttachmentIntake;
}) {
  const { prisma } = deps;

  /**
   * Responses of a ticket the principal may see, oldest first, keyset-paginated by (createdAt, id).
   * @throws NotFoundError for a ticket the principal may not see.
   */
  async function list(
    principal: Principal,
    ticketIdOrReference: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<TicketResponseList> {
    const ticket = await findVisibleTicket(prisma, principal, ticketIdOrReference);
    const rows = await findResponsesPage(prisma, {
      ticketId: ticket.id,
      organizationId: principal.organizationId,
      includeInternal: isStaff(principal),
      after: page.cursor ? decodeDateCursor(page.cursor) : null,
      take: page.limit + 1,
    });
    const { rows: data, nextCursor } = keysetPage(rows, page.limit, (row) =>
      row.createdAt.toISOString(),
    );
    return {
      data: data.map((r) => presentResponse(r, principal)),
      nextCursor,
    };
  }

  /**
   * Adds a public reply or an internal note to a ticket the principal may see, with the files of
   * a multipart request (`uploads`): checked and stored first, then recorded in the reply's
   * transaction with ATTACHMENT_ADDED rows (internal on an internal note).
   * - `format`: staff default to `markdown`; a customer writes `text` only.
   * - `status` (staff only; RESOLVED, WAITING_ON_CUSTOMER, ON_HOLD): the ticket's status change
   *   of PATCH /api/tickets/:id (update-ticket.ts `changeTicket`: the lifecycle's transitions,
   *   its dates, a STATUS_CHANGED row, a `ticket.status_changed` event after the response's),
   *   in the reply's transaction: a refused transition writes no response either. Allowed with
   *   an internal note too (e.g. a note on why the ticket is ON_HOLD).
   * - `appendSignature`: a public reply of a signed-in staff member gets their signature
   *   (users.signature, Markdown) after a blank line; nothing for notes, API keys, or without
   *   one.
   * @throws NotFoundError, ForbiddenError (customer internal note), ValidationError (a
   * customer's `format: markdown` or `status`), ConflictError (CLOSED ticket, 409
   * `invalid_transition`), the attachment intake's 415 and 422.
   */
  async function create(
    principal: Principal,
    ticketIdOrReference: string,
    input: Pick<CreateResponseInput, 'content' | 'isInternal'> &
      Partial<Pick<CreateResponseInput, 'format' | 'status' | 'appendSignature'>>,
    uploads?: readonly Upload[],
  ): Promise<TicketResponse> {
    const staff = isStaff(principal);
    if (input.isInternal && !staff) {
      throw new ForbiddenError('Customers cannot write internal notes', [
        { path: 'isInternal', message: 'internal notes are for agents' },
      ]);
    }
    if (!staff) {
      const errors: FieldError[] = [];
      if (input.format === 'markdown') {
        errors.push({ path: 'format', message: 'customers write plain text (format "text")' });
      }
      if (input.status !== undefined) {
        errors.push({ path: 'status', message: 'customers may not set a status with a reply' });
      }
      if (errors.length) throw new ValidationError('Some fields are invalid', errors);
    }
    const format: ResponseFormat = staff ? (input.format ?? 'markdown') : 'text';
    let content = input.content;
    if (input.appendSignature && staff && !input.isInternal && principal.kind === 'user') {
      const signature = (
        await findStaffSignature(prisma, principal.organizationId, principal.id)
      )?.trim();
      if (signature) content = `${content}\n\n${signature}`;
    }
    const author = authorOf(principal);
    const prepared = await prepareFiles(deps.attachments, uploads, async () => {
      return (await findVisibleTicket(prisma, principal, ticketIdOrReference)).status;
    });
    const key = ticketKeySql(ticketIdOrReference);
    if (!key) throw new NotFoundError('Ticket');
    const status = input.status;
    // Visible to the principal (their organization, not deleted, a customer's own).
    const row = await reply(
      prisma,
      [...visibleTicketsSql(principal), key],
      prepared.length > 0 || status !== undefined,
      async (db, ticket) => {
        const saved = await addResponse(
          db,
          ticket,
          author,
          { content, format, isInternal: input.isInternal },
          { intake: deps.attachments, prepared },
        );
        if (!saved || status === undefined) return saved;
        if (!isTransaction(db)) throw new Error('a reply with a status needs a transaction');
        // The ticket as the reply left it, then the status change of a PATCH, with its rules.
        const current = await reloadTicket(db, ticket.id);
        await changeTicket(db, principal, current, { status }, new Date());
        return saved;
      },
    );
    return presentResponse(row, principal);
  }

  /**
   * A public reply by the ticket's requester who proved who they are with a signed tracking link
   * rather than by signing in (POST /api/public/tickets/:token/responses). The rules of a
   * customer's reply apply: 409 `ticket_closed` on a CLOSED ticket; a RESOLVED or
   * WAITING_ON_CUSTOMER ticket reopens to OPEN. Author: type CUSTOMER, the ticket's requester
   * name and email (and user id, when the requester has an account). The activity actor is the
   * requester's user, or for a guest requester (no account) the system acting under their name.
   * Files of a multipart reply (`uploads`) are checked, stored and recorded as for `create`.
   * @returns the response as its requester sees it (no author email).
   * @throws NotFoundError for a deleted or absent ticket, ConflictError for a CLOSED one; the
   * attachment intake's 415 and 422.
   */
  async function replyAsRequester(
    ticketId: string,
    input: { content: string },
    uploads?: readonly Upload[],
  ): Promise<TicketResponse> {
    const prepared = await prepareFiles(deps.attachments, uploads, async () => {
      const ticket = await findLiveTicketStatus(prisma, ticketId);
      if (!ticket) throw new NotFoundError('Ticket');
      return ticket.status;
    });
    const row = await reply(prisma, liveTicketSql(ticketId), prepared.length > 0, (db, ticket) => {
      const actor: Actor = ticket.requesterId
        ? {
            kind: 'user',
            id: ticket.requesterId,
            organizationId: ticket.organizationId,
            role: 'CUSTOMER',
            name: ticket.requesterName,
            email: ticket.requesterEmail,
          }
        : { kind: 'system', name: ticket.requesterName };
      return addResponse(
        db,
        ticket,
        {
          actor,
          staff: false,
          authorType: 'CUSTOMER',
          authorId: ticket.requesterId,
          apiKeyId: null,
          name: ticket.requesterName,
          email: ticket.requesterEmail,
        },
        { content: input.content, format: 'text', isInternal: false },
        { intake: deps.attachments, prepared },
      );
    });
    return toResponse(row, false);
  }

  return { list, create, replyAsRequester };
}

export type ResponsesService = ReturnType<typeof createResponsesService>;
