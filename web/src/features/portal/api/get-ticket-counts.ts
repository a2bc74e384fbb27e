import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TicketCounts } from '@docket/server/contract/tickets';
import { api } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

/**
 * GET /api/tickets/counts: the requester's own tickets counted by status
 * (`{byStatus: {NEW: n, …}, total}`), for the portal's quick counts.
 */
export function getTicketCounts({ signal }: { signal?: AbortSignal } = {}): Promise<TicketCounts> {
  return api.get<TicketCounts>('/tickets/counts', { signal });
}

/** The requester's counts by status as a query (`ticketKeys.counts`). */
export function ticketCountsQueryOptions() {
  return queryOptions({
    queryKey: ticketKeys.counts(),
    queryFn: ({ signal }) => getTicketCounts({ signal }),
  });
}

/** The requester's tickets counted by status, for the quick counts. */
export function useTicketCounts() {
  return useQuery(ticketCountsQueryOptions());
}
