import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { TicketStats } from '@docket/server/contract/stats';
import { api } from '@/lib/api-client';
import type { StatsQuery } from '../utils/period';
import { statsKeys } from '@/lib/query-keys';

/**
 * `GET /api/tickets/stats?from&to` (agents and admins): the backlog now (by status, open by
 * priority, unassigned, workload per agent) and, over the tickets created in [from, to), the
 * count and the first response and resolution times (median and p90, in seconds). 400 names
 * `from`/`to` for a bad window (from ≥ to, over 366 days).
 */
export function getTicketStats(query: StatsQuery, { signal }: { signal?: AbortSignal } = {}) {
  return api.get<TicketStats>('/tickets/stats', {
    params: { from: query.from, to: query.to },
    signal,
  });
}

/** Query options of one window's statistics (key `statsKeys.tickets(query)`). */
export function ticketStatsQueryOptions(query: StatsQuery) {
  return queryOptions({
    queryKey: statsKeys.tickets(query),
    queryFn: ({ signal }) => getTicketStats(query, { signal }),
    // Changing the period keeps the last figures on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });
}

/** The statistics page's data for a window. */
export function useTicketStats(query: StatsQuery) {
  return useQuery(ticketStatsQueryOptions(query));
}
