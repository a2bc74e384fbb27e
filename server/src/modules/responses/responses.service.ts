/**
 * Responses: public replies and internal notes (SPEC.md "Roles", "Ticket"; API.md
 * `GET/POST /api/tickets/:id/responses`).
 * - Customers never see internal notes, and may not write them (403).
 * - Nobody replies to a CLOSED ticket (409 `ticket_closed`): CLOSED is final.
 * - A customer reply to a RESOLVED or WAITING_ON_CUSTOMER ticket reopens it to OPEN.
 * - The first public reply by an agent sets `firstRespondedAt` (first response time, SLA).
 * - A requester who is not signed in replies through a signed tracking link (public module):
 *   `replyAsRequester`, under the same rules as a signed-in customer.
 * Each reply writes its activity row, and the ticket's version and updatedAt, in one transaction.
 */
import { recordActivity, type Actor } from '../activity/activity.recorder.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import type { Prisma, PrismaClient } from '../../lib/db.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import type { TicketStatus } from '../../lib/domain.js';
import { STAFF_ACTOR_NAME } from '../activity/activity.service.js';
import { findVisibleTicket } from '../tickets/tickets.service.js';
import { loadTicketRow } from '../tickets/tickets.query.js';
import { emitTicketEvent } from '../events/emit-event.js';
import { attachmentInclude, presentAttachment } from '../attachments/attachments.presenter.js';
import type { AttachmentIntake, PreparedAttachment } from '../attachments/attachments.service.js';
import type { Upload } from '../../plugins/multipart.js';
import type { TicketResponse, TicketResponseList } from './responses.schemas.js';

const responseInclude = {
  attachments: attachmentInclude,
} satisfies Prisma.TicketResponseInclude;
type ResponseRow = Prisma.TicketResponseGetPayload<{ include: typeof responseInclude }>;

/** The API shape of a response; the author's email is shown to agents only. */
export function presentResponse(row: ResponseRow, viewer: Principal): TicketResponse {
  const response = toResponse(row, isStaff(viewer));
  // The requester sees "whether it is assigned, not to whom" (SPEC.md "Roles"): staff replies are
  // signed by the team, as in the activity view and the tracker.
  if (!isStaff(viewer) && row.authorType !== 'CUSTOMER' && row.authorId !== viewer.id) {
    response.author = { id: null, name: STAFF_ACTOR_NAME };
  }
  return response;
}

function toResponse(row: ResponseRow, showAuthorEmail: boolean): TicketResponse {
  return {
    id: row.id,
    ticketId: row.ticketId,
    content: row.content,
    isInternal: row.isInternal,
    authorType: row.authorType,
    author: {
      id: row.authorId,
      name: row.authorName,
      ...(showAuthorEmail && row.authorEmail ? { email: row.authorEmail } : {}),
    },
    attachments: row.attachments.map(presentAttachment),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Who writes a response. `staff` decides the rules: a staff public reply sets firstRespondedAt,
 * a requester's reply reopens a RESOLVED or WAITING_ON_CUSTOMER ticket. `actor` is recorded on
 * the activity rows; the other fields on the response.
 */
interface ResponseAuthor {
  actor: Actor;
  staff: boolean;
  authorType: 'AGENT' | 'CUSTOMER';
  authorId: string | null;
  apiKeyId: string | null;
  name: string;
  email: string | null;
}

/**
 * Writes a response to the ticket `ticketId` (already checked visible to the author) with its
 * activity rows and the ticket's status, version and first-response changes, inside the
 * caller's transaction `tx`. Locks the ticket row so that concurrent replies apply their status
 * rules one after the other.
 * @throws ConflictError `ticket_closed` for a CLOSED ticket.
 */
async function addResponse(
  tx: Prisma.TransactionClient,
  ticketId: string,
  organizationId: string,
  author: ResponseAuthor,
  input: { content: string; isInternal: boolean },
  files: { intake: AttachmentIntake | undefined; prepared: readonly PreparedAttachment[] } = {
    intake: undefined,
    prepared: [],
  },
): Promise<ResponseRow> {
  const [ticket] = await tx.$queryRaw<
    { id: string; status: string; firstRespondedAt: Date | null }[]
  >`SELECT id, status::text AS status, "firstRespondedAt" FROM tickets WHERE id = ${ticketId}::uuid FOR UPDATE`;
  if (!ticket) throw new ConflictError('The ticket changed while replying; try again');
  if (ticket.status === 'CLOSED') {
    throw new ConflictError(
      'The ticket is CLOSED; closed tickets are final. Create a follow-up ticket instead.',
      'ticket_closed',
    );
  }
  const now = new Date();
  const inserted = await tx.ticketResponse.create({
    data: {
      organizationId,
      ticketId: ticket.id,
      content: input.content,
      isInternal: input.isInternal,
      authorType: author.authorType,
      authorId: author.authorId,
      apiKeyId: author.apiKeyId,
      authorName: author.name,
      authorEmail: author.email,
      createdAt: now,
    },
  });
  // A response made a moment ago has no files yet (they are recorded below): no reload.
  const response: ResponseRow = { ...inserted, attachments: [] };
  await recordActivity(tx, author.actor, {
    organizationId,
    ticketId: ticket.id,
    type: input.isInternal ? 'INTERNAL_NOTE_ADDED' : 'RESPONSE_ADDED',
    after: { responseId: response.id },
    isInternal: input.isInternal,
    createdAt: now,
  });

  const update: Prisma.TicketUpdateInput = { updatedAt: now, version: { increment: 1 } };
  if (!author.staff && (ticket.status === 'RESOLVED' || ticket.status === 'WAITING_ON_CUSTOMER')) {
    update.status = 'OPEN';
    update.resolvedAt = null;
    await recordActivity(tx, author.actor, {
      organizationId,
      ticketId: ticket.id,
      type: 'STATUS_CHANGED',
      before: { status: ticket.status },
      after: { status: 'OPEN' },
      reason: 'The requester replied',
      createdAt: now,
    });
  }
  if (author.staff && !input.isInternal && !ticket.firstRespondedAt) update.firstRespondedAt = now;
  await tx.ticket.update({ where: { id: ticket.id }, data: update });
  // Domain events (issue 8): the response as an agent sees it (files follow as
  // attachment.added), then the reopening, in the order of the activity rows.
  const row = await loadTicketRow(tx, ticket.id);
  await emitTicketEvent(
    tx,
    'ticket.response_added',
    row,
    author.actor,
    { isInternal: input.isInternal, response: toResponse(response, true) },
    now,
  );
  if (update.status === 'OPEN') {
    await emitTicketEvent(
      tx,
      'ticket.status_changed',
      row,
      author.actor,
      {
        previousStatus: ticket.status as TicketStatus,
        status: 'OPEN',
        reason: 'The requester replied',
      },
      now,
    );
  }
  if (files.prepared.length && files.intake) {
    const attachments = await files.intake.record(
      tx,
      {
        organizationId,
        ticketId: ticket.id,
        responseId: response.id,
        isInternal: input.isInternal,
        uploadedById: author.authorId,
        actor: author.actor,
        now,
      },
      files.prepared,
    );
    return { ...response, attachments };
  }
  return response;
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
  if ((await ticketStatus()) === 'CLOSED') {
    throw new ConflictError(
      'The ticket is CLOSED; closed tickets are final. Create a follow-up ticket instead.',
      'ticket_closed',
    );
  }
  return intake.prepare(uploads);
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
    const where: Prisma.TicketResponseWhereInput[] = [
      { ticketId: ticket.id, organizationId: principal.organizationId },
    ];
    if (!isStaff(principal)) where.push({ isInternal: false });
    if (page.cursor) {
      const cursor = decodeCursor(page.cursor);
      const at = new Date(String(cursor.value));
      if (Number.isNaN(at.getTime())) {
        throw new ValidationError('invalid cursor', [
          { path: 'cursor', message: 'invalid cursor' },
        ]);
      }
      where.push({ OR: [{ createdAt: { gt: at } }, { createdAt: at, id: { gt: cursor.id } }] });
    }
    const rows = await prisma.ticketResponse.findMany({
      where: { AND: where },
      include: responseInclude,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: page.limit + 1,
    });
    const data = rows.slice(0, page.limit);
    const last = data.at(-1);
    return {
      data: data.map((r) => presentResponse(r, principal)),
      nextCursor:
        rows.length > page.limit && last
          ? encodeCursor({ value: last.createdAt.toISOString(), id: last.id })
          : null,
    };
  }

  /**
   * Adds a public reply or an internal note to a ticket the principal may see, with the files of
   * a multipart request (`uploads`): checked and stored first, then recorded in the reply's
   * transaction with ATTACHMENT_ADDED rows (internal on an internal note).
   * @throws NotFoundError, ForbiddenError (customer internal note), ConflictError (CLOSED ticket),
   * the attachment intake's 415 and 422.
   */
  async function create(
    principal: Principal,
    ticketIdOrReference: string,
    input: { content: string; isInternal: boolean },
    uploads?: readonly Upload[],
  ): Promise<TicketResponse> {
    if (input.isInternal && !isStaff(principal)) {
      throw new ForbiddenError('Customers cannot write internal notes', [
        { path: 'isInternal', message: 'internal notes are for agents' },
      ]);
    }
    const staff = isStaff(principal);
    const author: ResponseAuthor = {
      actor: principal,
      staff,
      authorType: staff ? 'AGENT' : 'CUSTOMER',
      authorId: principal.kind === 'user' ? principal.id : null,
      apiKeyId: principal.kind === 'api_key' ? principal.id : null,
      name: principal.name,
      email: principal.email,
    };
    const prepared = await prepareFiles(deps.attachments, uploads, async () => {
      return (await findVisibleTicket(prisma, principal, ticketIdOrReference)).status;
    });
    const row = await prisma.$transaction(async (tx) => {
      const visible = await findVisibleTicket(tx, principal, ticketIdOrReference);
      return addResponse(tx, visible.id, principal.organizationId, author, input, {
        intake: deps.attachments,
        prepared,
      });
    });
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
      const ticket = await prisma.ticket.findFirst({
        where: { id: ticketId, deletedAt: null },
        select: { status: true },
      });
      if (!ticket) throw new NotFoundError('Ticket');
      return ticket.status;
    });
    const row = await prisma.$transaction(async (tx) => {
      const ticket = await tx.ticket.findFirst({
        where: { id: ticketId, deletedAt: null },
        select: {
          id: true,
          organizationId: true,
          requesterId: true,
          requesterName: true,
          requesterEmail: true,
        },
      });
      if (!ticket) throw new NotFoundError('Ticket');
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
        tx,
        ticket.id,
        ticket.organizationId,
        {
          actor,
          staff: false,
          authorType: 'CUSTOMER',
          authorId: ticket.requesterId,
          apiKeyId: null,
          name: ticket.requesterName,
          email: ticket.requesterEmail,
        },
        { content: input.content, isInternal: false },
        { intake: deps.attachments, prepared },
      );
    });
    return toResponse(row, false);
  }

  return { list, create, replyAsRequester };
}

export type ResponsesService = ReturnType<typeof createResponsesService>;
