import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RateBody, SatisfactionState } from '@docket/server/contract/satisfaction';
import { api, apiRequest } from '@/lib/api-client';
import { publicTicketKeys } from '@/lib/query-keys';

const path = (token: string) => `/public/tickets/${encodeURIComponent(token)}/satisfaction`;
const satisfactionKey = (token: string) =>
  [...publicTicketKeys.detail(token), 'satisfaction'] as const;

/**
 * GET /api/public/tickets/:token/satisfaction (docs/api.md "Satisfaction"): the rating of the
 * ticket's current resolution, its scale and whether it may be given or changed now. 404/410/429
 * as for the tracking-link view.
 */
export function useSatisfactionByToken(token: string) {
  return useQuery(
    queryOptions({
      queryKey: satisfactionKey(token),
      queryFn: ({ signal }) => api.get<SatisfactionState>(path(token), { signal }),
    }),
  );
}

/**
 * PUT /api/public/tickets/:token/satisfaction `{score, comment?, reason?}`: the requester's
 * rating through the link; the answer (the new state) replaces the cached one. Fails with an
 * ApiError: 409 `not_resolved` | `rating_closed` | `satisfaction_disabled`, 400 naming the field,
 * 429 `rate_limited`.
 */
export function useRateByToken(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RateBody) =>
      apiRequest<SatisfactionState>(path(token), { method: 'PUT', body }),
    onSuccess: (state) => queryClient.setQueryData(satisfactionKey(token), state),
  });
}
