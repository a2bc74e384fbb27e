/**
 * Claiming and unclaiming a ticket (the product's "claim is atomic: two agents claiming at once,
 * one wins, the other gets 409"). Both are one move with two directions: ONE conditional UPDATE
 * of the assignee (`… WHERE "assigneeId" IS NULL` to claim, `… = caller` to unclaim), so that
 * PostgreSQL makes a concurrent UPDATE wait for the first's row lock and re-check the condition
 * against the committed row: exactly one of two racing moves matches. When it matches nothing,
 * the ticket as it now is says why (CLOSED, someone else's, nobody's).
 */
import { formatTicketReference, type TicketStatus } from '../../lib/domain.js';
import type { Prisma, PrismaClient } from '../../lib/db.js';
import { ConflictError, ForbiddenError, NotFoundError, refuseIfClosed } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { findVisibleTicket, reloadTicket } from './ticket-access.js';
import { recordChanges, type ActivityDraft } from './ticket-events.js';
import { checkAssigneeInGroup } from './ticket-groups.js';
import { statusAfterClaim } from './ticket-lifecycle.js';
import { presentTicket, type TicketRow } from './tickets.presenter.js';
import type { AnyTicket } from './tickets.schemas.js';
import { findUndeletedTicketWithRelations } from './tickets.repository.js';
import { claimTicketRow, setTicketStatus, unclaimTicketRow } from './ticket-writes.repository.js';

type Agent = { id: string; name: string };

/** One direction of the claim move. */
interface ClaimMove {
  verb: 'claim' | 'unclaim';
  /** The conditional UPDATE (assignee, version + 1, updatedAt); the number of rows it changed. */
  apply(tx: Prisma.TransactionClient, ticketId: string, agent: Agent, now: Date): Promise<number>;
  /**
   * When the UPDATE matched nothing: returns to answer the ticket unchanged (idempotent), or
   * throws the 409 saying why.
   */
  refuse(current: TicketRow, agent: Agent): void;
  /** The internal activity row of the move. */
  activity(agent: Agent): ActivityDraft;
  /** The ticket's status after the move. */
  status(current: TicketStatus): TicketStatus;
}

/**
 * Claim: the caller becomes the assignee of an unassigned ticket, with CLAIMED (internal) and,
 * if it was NEW, status OPEN with STATUS_CHANGED (claimed means someone is on it). Claiming a
 * ticket already yours answers it unchanged (no activity, same version).
 */
const CLAIM: ClaimMove = {
  verb: 'claim',
  apply: (tx, ticketId, agent, now) => claimTicketRow(tx, ticketId, agent.id, now),
  refuse(current, agent) {
    if (current.assigneeId === agent.id) return;
    refuseIfClosed(current.status, current.number);
    const reference = formatTicketReference(current.number);
    throw new ConflictError(
      current.assignee
        ? `${reference} is already claimed by ${current.assignee.name}`
        : `${reference} was being claimed by someone else at the same moment; reload it and try again`,
      'already_claimed',
    );
  },
  activity: (agent) => ({
    type: 'CLAIMED',
    before: { assignee: null },
    after: { assignee: agent },
    isInternal: true,
  }),
  status: statusAfterClaim,
};

/**
 * Unclaim: the assignee releases the ticket, with UNCLAIMED (internal); the status is kept.
 * Admins reassign others' tickets with PATCH `assigneeId` instead.
 */
const UNCLAIM: ClaimMove = {
  verb: 'unclaim',
  apply: (tx, ticketId, agent, now) => unclaimTicketRow(tx, ticketId, agent.id, now),
  refuse(current) {
    refuseIfClosed(current.status, current.number);
    const reference = formatTicketReference(current.number);
    throw new ConflictError(
      current.assignee
        ? `${reference} is assigned to ${current.assignee.name}, not to you`
        : `${reference} is not assigned to anyone`,
      'not_assignee',
    );
  },
  activity: (agent) => ({
    type: 'UNCLAIMED',
    before: { assignee: agent },
    after: { assignee: null },
    isInternal: true,
  }),
  status: (status) => status,
};

/**
 * Moves the claim of a ticket the caller may see in one direction, in one transaction: the
 * conditional UPDATE, then the ticket as it now is; the move's activity (and status change) when
 * it matched, else the move's refusal. API keys are not agents: 403 (they set `assigneeId`).
 * @throws ForbiddenError, NotFoundError, ConflictError (the move's refusal; `ticket_closed`)
 */
async function moveClaim(
  prisma: PrismaClient,
  principal: Principal,
  idOrReference: string,
  move: ClaimMove,
): Promise<AnyTicket> {
  if (principal.kind !== 'user') {
    throw new ForbiddenError(
      `An API key is not an agent and cannot ${move.verb}; set assigneeId instead`,
    );
  }
  const agent: Agent = { id: principal.id, name: principal.name };
  const row = await prisma.$transaction(async (tx) => {
    const ticket = await findVisibleTicket(tx, principal, idOrReference);
    // A ticket's assignee is a member of its group (ticket-groups.ts): 409 naming both.
    if (move.verb === 'claim') await checkAssigneeInGroup(tx, ticket.group, agent);
    const now = new Date();
    const moved = await move.apply(tx, ticket.id, agent, now);
    const current = await findUndeletedTicketWithRelations(tx, ticket.id);
    if (!current) throw new NotFoundError('Ticket');
    if (moved === 0) {
      move.refuse(current, agent);
      return current;
    }
    const changes = [move.activity(agent)];
    const status = move.status(current.status);
    if (status !== current.status) {
      await setTicketStatus(tx, current.id, status);
      changes.push({
        type: 'STATUS_CHANGED',
        before: { status: current.status },
        after: { status },
      });
    }
    await recordChanges(tx, principal, current.id, changes, null, now);
    return reloadTicket(tx, current.id);
  });
  return presentTicket(row, principal);
}

/**
 * An agent takes a ticket (`POST /api/tickets/:id/claim`): see CLAIM.
 * @throws ForbiddenError, NotFoundError, ConflictError `already_claimed` (another assignee),
 * `ticket_closed` (CLOSED is final), `assignee_not_in_group` (the caller is not a member of the
 * ticket's group)
 */
export function claimTicket(
  prisma: PrismaClient,
  principal: Principal,
  idOrReference: string,
): Promise<AnyTicket> {
  return moveClaim(prisma, principal, idOrReference, CLAIM);
}

/**
 * The assignee releases a ticket (`POST /api/tickets/:id/unclaim`): see UNCLAIM.
 * @throws ForbiddenError (API key), NotFoundError, ConflictError `not_assignee` (not assigned
 * to the caller), `ticket_closed`
 */
export function unclaimTicket(
  prisma: PrismaClient,
  principal: Principal,
  idOrReference: string,
): Promise<AnyTicket> {
  return moveClaim(prisma, principal, idOrReference, UNCLAIM);
}
