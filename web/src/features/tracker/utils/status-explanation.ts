/**
 * What each status means to the person who asked for help, in plain words (the public tracker
 * and the portal show it under the status; docs/product.md "Ticket" for the statuses and their rules):
 * - the tone of the status panel (who has the next move);
 * - whether the requester may still reply (not on a CLOSED ticket: CLOSED is final), and whether
 *   a reply reopens the ticket (RESOLVED and WAITING_ON_CUSTOMER go back to OPEN on their reply);
 * - whether a follow-up ticket is the way on (CLOSED only; nothing reopens a CLOSED ticket).
 * The words themselves are the `customerStatus.<STATUS>` translations.
 */
import type { TicketStatus } from '@docket/server/contract/domain';

/** Who has the next move: `team` (we work on it), `you` (we wait on the requester), `done`. */
export type StatusTone = 'team' | 'you' | 'paused' | 'resolved' | 'closed';

export interface StatusExplanation {
  tone: StatusTone;
  /** Translation key of the plain-language explanation. */
  explanationKey: `customerStatus.${TicketStatus}`;
  /** The requester may reply (every status but CLOSED). */
  canReply: boolean;
  /** A reply from the requester moves the ticket back to OPEN. */
  replyReopens: boolean;
  /** The ticket is over for good: offer a follow-up ticket, never a reopening. */
  offerFollowUp: boolean;
}

const TONES: Record<TicketStatus, StatusTone> = {
  NEW: 'team',
  OPEN: 'team',
  IN_PROGRESS: 'team',
  WAITING_ON_CUSTOMER: 'you',
  ON_HOLD: 'paused',
  RESOLVED: 'resolved',
  CLOSED: 'closed',
};

/** The plain-language reading of `status` for its requester. */
export function explainStatus(status: TicketStatus): StatusExplanation {
  return {
    tone: TONES[status],
    explanationKey: `customerStatus.${status}`,
    canReply: status !== 'CLOSED',
    replyReopens: status === 'RESOLVED' || status === 'WAITING_ON_CUSTOMER',
    offerFollowUp: status === 'CLOSED',
  };
}
