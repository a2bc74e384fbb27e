import { describe, expect, it } from 'vitest';
import { TICKET_STATUSES } from '@docket/server/contract/domain';
import { customerTicketActions } from './customer-ticket-rules';

describe('what a requester may do with their ticket (docs/product.md roles table)', () => {
  it('never offers a reopening or a priority, in any status', () => {
    for (const status of TICKET_STATUSES) {
      const actions = customerTicketActions(status);
      expect(actions.canReopen, status).toBe(false);
      expect(actions.canSetPriority, status).toBe(false);
    }
  });

  it('offers a follow-up instead of a reply or a close on a CLOSED ticket', () => {
    expect(customerTicketActions('CLOSED')).toEqual({
      canReply: false,
      replyReopens: false,
      canClose: false,
      canReopen: false,
      offerFollowUp: true,
      canSetPriority: false,
    });
  });

  it('lets them reply and close in every other status, and says when a reply reopens', () => {
    for (const status of TICKET_STATUSES.filter((s) => s !== 'CLOSED')) {
      const actions = customerTicketActions(status);
      expect(actions.canReply, status).toBe(true);
      expect(actions.canClose, status).toBe(true);
      expect(actions.offerFollowUp, status).toBe(false);
      expect(actions.replyReopens, status).toBe(
        status === 'RESOLVED' || status === 'WAITING_ON_CUSTOMER',
      );
    }
  });
});
