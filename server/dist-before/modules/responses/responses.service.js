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
import { recordActivity } from '../activity/activity.recorder.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { isStaff } from '../../lib/principal.js';
import { findVisibleTicket } from '../tickets/tickets.service.js';
const responseInclude = {
  attachments: {
    where: { deletedAt: null },
    select: { id: true, fileName: true, mimeType: true, sizeBytes: true },
  },
};
/** The API shape of a response; the author's email is shown to agents only. */
export function presentResponse(row, viewer) {
  return toResponse(row, isStaff(viewer));
}
function toResponse(row, showAuthorEmail) {
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
    attachments: row.attachments,
    createdAt: row.createdAt.toISOString(),
  };
}
/**
 * Writes a response to the ticket `ticketId` (already checked visible to the author) with its
 * activity rows and the ticket's status, version and first-response changes, inside the
 * caller's transaction `tx`. Locks the ticket row so that concurrent replies apply their status
 * rules one after the other.
 * @throws ConflictError `ticket_closed` for a CLOSED ticket.
 */
async function addResponse(tx, ticketId, organizationId, author, input) {
  const [ticket] =
    await tx.$queryRaw`SELECT id, status::text AS status, "firstRespondedAt" FROM tickets WHERE id = ${ticketId}::uuid FOR UPDATE`;
  if (!ticket) throw new ConflictError('The ticket changed while replying; try again');
  if (ticket.status === 'CLOSED') {
    throw new ConflictError(
      'The ticket is CLOSED; closed tickets are final. Create a follow-up ticket instead.',
      'ticket_closed',
    );
  }
  const now = new Date();
  const response = await tx.ticketResponse.create({
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
    include: responseInclude,
  });
  await recordActivity(tx, author.actor, {
    organizationId,
    ticketId: ticket.id,
    type: input.isInternal ? 'INTERNAL_NOTE_ADDED' : 'RESPONSE_ADDED',
    after: { responseId: response.id },
    isInternal: input.isInternal,
    createdAt: now,
  });
  const update = { updatedAt: now, version: { increment: 1 } };
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
  return response;
}
export function createResponsesService(deps) {
  const { prisma } = deps;
  /**
   * Responses of a ticket the principal may see, oldest first, keyset-paginated by (createdAt, id).
   * @throws NotFoundError for a ticket the principal may not see.
   */
  async function list(principal, ticketIdOrReference, page) {
    const ticket = await findVisibleTicket(prisma, principal, ticketIdOrReference);
    const where = [{ ticketId: ticket.id, organizationId: principal.organizationId }];
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
   * Adds a public reply or an internal note to a ticket the principal may see.
   * @throws NotFoundError, ForbiddenError (customer internal note), ConflictError (CLOSED ticket)
   */
  async function create(principal, ticketIdOrReference, input) {
    if (input.isInternal && !isStaff(principal)) {
      throw new ForbiddenError('Customers cannot write internal notes', [
        { path: 'isInternal', message: 'internal notes are for agents' },
      ]);
    }
    const staff = isStaff(principal);
    const author = {
      actor: principal,
      staff,
      authorType: staff ? 'AGENT' : 'CUSTOMER',
      authorId: principal.kind === 'user' ? principal.id : null,
      apiKeyId: principal.kind === 'api_key' ? principal.id : null,
      name: principal.name,
      email: principal.email,
    };
    const row = await prisma.$transaction(async (tx) => {
      const visible = await findVisibleTicket(tx, principal, ticketIdOrReference);
      return addResponse(tx, visible.id, principal.organizationId, author, input);
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
   * @returns the response as its requester sees it (no author email).
   * @throws NotFoundError for a deleted or absent ticket, ConflictError for a CLOSED one.
   */
  async function replyAsRequester(ticketId, input) {
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
      const actor = ticket.requesterId
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
      );
    });
    return toResponse(row, false);
  }
  return { list, create, replyAsRequester };
}
//# sourceMappingURL=responses.service.js.map
