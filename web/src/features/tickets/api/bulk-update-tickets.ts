/**
 * POST /api/tickets/bulk: one action (assign, status, add tags) on up to 100 tickets, answered
 * per ticket (`{results: [{id, ok, ticket | problem}], succeeded, failed}`; server bulk.ts).
 */
import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type {
  AnyTicket,
  BulkTicketsBody,
  BulkTicketsResult,
  TicketList,
} from '@docket/server/contract/tickets';
import { api } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

export function bulkUpdateTickets(body: BulkTicketsBody): Promise<BulkTicketsResult> {
  return api.post<BulkTicketsResult>('/tickets/bulk', body);
}

export type BulkUpdateVariables = BulkTicketsBody & {
  /**
   * What the list may show at once for the selected tickets (status, assignee: docs/product.md's
   * optimistic controls). The server's answer then replaces it (tickets it refused go back to
   * what they were), and any error rolls it back.
   */
  optimistic?: Partial<Pick<AnyTicket, 'status'>> & {
    assignee?: { id: string; name: string } | null;
  };
};

type ListsSnapshot = [readonly unknown[], InfiniteData<TicketList> | undefined][];

/**
 * The bulk change, refreshing every ticket list and detail through `ticketKeys` when it settles.
 * Ids are the tickets' uuids, as the list knows them.
 */
export function useBulkUpdateTickets() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, action }: BulkUpdateVariables) => bulkUpdateTickets({ ids, action }),
    onMutate: async ({ ids, optimistic }) => {
      if (!optimistic) return { previous: [] as ListsSnapshot };
      await queryClient.cancelQueries({ queryKey: ticketKeys.lists() });
      const previous = queryClient.getQueriesData<InfiniteData<TicketList>>({
        queryKey: ticketKeys.lists(),
      }) as ListsSnapshot;
      const selected = new Set(ids);
      queryClient.setQueriesData<InfiniteData<TicketList>>(
        { queryKey: ticketKeys.lists() },
        (data) =>
          data && {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              data: page.data.map((ticket) =>
                selected.has(ticket.id) ? ({ ...ticket, ...optimistic } as AnyTicket) : ticket,
              ),
            })),
          },
      );
      return { previous };
    },
    onError: (_error, _variables, context) => {
      for (const [key, data] of context?.previous ?? []) queryClient.setQueryData(key, data);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
  });
}
