import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RateBody, SatisfactionState } from '@docket/server/contract/satisfaction';
import { api, apiRequest } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

const path = (ticketId: string) => `/tickets/${encodeURIComponent(ticketId)}/satisfaction`;
const satisfactionKey = (ticketId: string) =>
  [...ticketKeys.detail(ticketId), 'satisfaction'] as const;

/**
 * GET /api/tickets/:id/satisfaction (docs/api.md "Satisfaction"): the signed-in requester's
 * rating of their ticket's current resolution, its scale and whether it may be given now.
 */
export function useTicketSatisfaction(ticketId: string) {
  return useQuery(
    queryOptions({
      queryKey: satisfactionKey(ticketId),
      queryFn: ({ signal }) => api.get<SatisfactionState>(path(ticketId), { signal }),
    }),
  );
}

/**
 * PUT /api/tickets/:id/satisfaction `{score, comment?, reason?}`: the requester rates their
 * ticket; the new state replaces the cached one. Fails with an ApiError: 409 `not_resolved` |
 * `rating_closed` | `satisfaction_disabled`, 400 naming the field.
 */
export function useRateTicket(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RateBody) =>
      apiRequest<SatisfactionState>(path(ticketId), { method: 'PUT', body }),
    onSuccess: (state) => queryClient.setQueryData(satisfactionKey(ticketId), state),
  });
}
