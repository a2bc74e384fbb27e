/**
 * What the requester may do with their ticket in the portal, from docs/product.md's roles table and
 * "Ticket" rules, mirrored from the server (tickets/ticket-lifecycle.ts, responses.service.ts),
 * which enforces them anyway: the portal only avoids offering what would be refused.
 * - reply: ✓ unless CLOSED; a reply to RESOLVED or WAITING_ON_CUSTOMER reopens it to OPEN;
 * - change status: close their own ticket only (from any status but CLOSED);
 * - reopen a CLOSED ticket: never, for anyone — a follow-up ticket linked to it instead;
 * - priority, category, tags, assignee: never (not even shown as a choice).
 */
import type { TicketStatus } from '@docket/server/contract/domain';

export interface CustomerTicketActions {
  canReply: boolean;
  /** Replying moves the ticket back to OPEN: the reply box says so. */
  replyReopens: boolean;
  canClose: boolean;
  /** Always false: CLOSED is final (docs/product.md "Ticket"); present so that no caller guesses. */
  canReopen: false;
  /** CLOSED: offer "create a follow-up ticket" linked to this one. */
  offerFollowUp: boolean;
  /** Always false: customers cannot set or change the priority (docs/product.md roles table). */
  canSetPriority: false;
}

/** What the requester may do with a ticket in `status` (see the rules above). */
export function customerTicketActions(status: TicketStatus): CustomerTicketActions {
  const closed = status === 'CLOSED';
  return {
    canReply: !closed,
    replyReopens: status === 'RESOLVED' || status === 'WAITING_ON_CUSTOMER',
    canClose: !closed,
    canReopen: false,
    offerFollowUp: closed,
    canSetPriority: false,
  };
}
