import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CustomerTicket } from '@docket/server/contract/tickets';
import { api } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

/**
 * PATCH /api/tickets/:id `{status: "CLOSED"}` with `If-Match: "<version>"`: the requester closes
 * their own ticket (docs/product.md roles table: "close own ticket only"). 200 with the closed ticket;
 * 412 `precondition_failed` when the ticket changed since `version` was read (nothing is closed
 * on a stale view); 409 when it is already CLOSED.
 */
export function closeTicket(
  ticket: Pick<CustomerTicket, 'id' | 'version'>,
): Promise<CustomerTicket> {
  return api.patch<CustomerTicket>(
    `/tickets/${encodeURIComponent(ticket.id)}`,
    { status: 'CLOSED' },
    { headers: { 'If-Match': `"${ticket.version}"` } },
  );
}

/** Closes the ticket, then refreshes every view of it, its history, the lists and the counts. */
export function useCloseTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: closeTicket,
    onSettled: async (_data, _error, ticket) => {
      // Also after a 412/409: the page then shows the ticket as it is now.
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.counts() });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.history(ticket.id) });
      await queryClient.invalidateQueries({ queryKey: ticketKeys.details() });
    },
  });
}
