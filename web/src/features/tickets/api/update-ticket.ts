import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AnyTicket, Ticket, UpdateTicketBody } from '@docket/server/contract/tickets';
import { api } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

/**
 * PATCH /api/tickets/:id with `If-Match: "<version>"` (docs/api.md "Tickets"; RFC 9110 §13.1.1):
 * the change is applied only if the ticket is still at `version`; otherwise the server answers
 * 412 `precondition_failed` and nothing is written. `ticketId` is the uuid or the reference.
 * @returns the ticket after the change (its new `version`).
 */
export function updateTicket(
  ticketId: string,
  change: UpdateTicketBody,
  version: number,
): Promise<AnyTicket> {
  return api.patch<AnyTicket>(`/tickets/${encodeURIComponent(ticketId)}`, change, {
    headers: { 'If-Match': `"${version}"` },
  });
}

export type UpdateTicketVariables = {
  change: UpdateTicketBody;
  /** The version the agent saw: the change is refused (412) if the ticket moved on since. */
  version: number;
  /**
   * What the page may show at once, before the server answers (status, assignee: docs/product.md's
   * optimistic controls); rolled back if the change fails.
   */
  optimistic?: Partial<Pick<Ticket, 'status' | 'assignee' | 'priority'>>;
};

/**
 * Changes the ticket cached under `ticketKeys.detail(detailId)` (`detailId`: the id in the
 * address). Optimistic when `optimistic` is given: the cache shows it at once and is restored on
 * any error (a 412 included). On success the cache holds the server's ticket; the activity and
 * the lists are refreshed.
 */
export function useUpdateTicket(detailId: string) {
  const queryClient = useQueryClient();
  const key = ticketKeys.detail(detailId);
  return useMutation({
    mutationFn: ({ change, version }: UpdateTicketVariables) =>
      updateTicket(queryClient.getQueryData<AnyTicket>(key)?.id ?? detailId, change, version),
    onMutate: async ({ optimistic }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<AnyTicket>(key);
      if (previous && optimistic) {
        queryClient.setQueryData<AnyTicket>(key, { ...previous, ...optimistic } as AnyTicket);
      }
      return { previous };
    },
    onError: (_error, _variables, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSuccess: (ticket) => {
      queryClient.setQueryData(key, ticket);
    },
    onSettled: (ticket) => {
      const id = ticket?.id ?? queryClient.getQueryData<AnyTicket>(key)?.id;
      if (id) void queryClient.invalidateQueries({ queryKey: ticketKeys.activity(id) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
    },
  });
}
