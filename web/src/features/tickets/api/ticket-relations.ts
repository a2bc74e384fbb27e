import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateLinkInput,
  MergeTicketInput,
  Ticket,
  TicketLink,
} from '@docket/server/contract/tickets';
import { api, apiRequest } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

/** Cache key of a ticket's links, by the ticket's uuid. */
const linksKey = (ticketId: string) => [...ticketKeys.all, 'links', ticketId] as const;

/** GET /api/tickets/:id/links (docs/api.md "Merge and links"): `{data: [link]}`, oldest first. */
export function useTicketLinks(ticketId: string) {
  return useQuery({
    queryKey: linksKey(ticketId),
    queryFn: ({ signal }) =>
      api.get<{ data: TicketLink[] }>(`/tickets/${encodeURIComponent(ticketId)}/links`, {
        signal,
      }),
  });
}

/**
 * POST /api/tickets/:id/links and DELETE /api/tickets/:id/links/:linkId; both refresh the
 * ticket's links and activity (the other ticket's too, through the lists' invalidation).
 */
export function useTicketLinkMutations(ticketId: string) {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: linksKey(ticketId) }),
      queryClient.invalidateQueries({ queryKey: ticketKeys.activity(ticketId) }),
    ]);
  const add = useMutation({
    mutationFn: (input: CreateLinkInput) =>
      api.post<TicketLink>(`/tickets/${encodeURIComponent(ticketId)}/links`, input),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (linkId: string) =>
      apiRequest<void>(
        `/tickets/${encodeURIComponent(ticketId)}/links/${encodeURIComponent(linkId)}`,
        { method: 'DELETE' },
      ),
    onSuccess: refresh,
  });
  return { add, remove };
}

/**
 * POST /api/tickets/:id/merge: the ticket merged into `targetId`. On success the ticket's
 * cache (`detailId`, as in the address) holds the closed source and everything about tickets
 * is refreshed.
 */
export function useMergeTicket(ticketId: string, detailId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MergeTicketInput) =>
      api.post<{ source: Ticket; target: Ticket }>(
        `/tickets/${encodeURIComponent(ticketId)}/merge`,
        input,
      ),
    onSuccess: async ({ source }) => {
      queryClient.setQueryData(ticketKeys.detail(detailId), source);
      await queryClient.invalidateQueries({ queryKey: ticketKeys.all });
    },
  });
}
