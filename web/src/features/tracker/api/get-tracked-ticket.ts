import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PublicTicket } from '@docket/server/contract/public';
import { api } from '@/lib/api-client';
import { publicTicketKeys } from '@/lib/query-keys';

/**
 * GET /api/public/tickets/:token (docs/api.md "Public"): the public view of the ticket a tracking
 * link (`/t/<token>`) points at. Fails with an ApiError: 404 for a malformed or tampered token,
 * 410 `link_expired`, 429 `rate_limited` with `retryAfterSeconds`.
 */
export function getTrackedTicket(
  token: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<PublicTicket> {
  return api.get<PublicTicket>(`/public/tickets/${encodeURIComponent(token)}`, { signal });
}

/** The tracking-link view as a query, keyed by token (`publicTicketKeys.detail`). */
export function trackedTicketQueryOptions(token: string) {
  return queryOptions({
    queryKey: publicTicketKeys.detail(token),
    queryFn: ({ signal }) => getTrackedTicket(token, { signal }),
  });
}

/** The public view behind `/t/:token`; 4xx answers (404, 410, 429) are not retried. */
export function useTrackedTicket(token: string) {
  return useQuery(trackedTicketQueryOptions(token));
}
