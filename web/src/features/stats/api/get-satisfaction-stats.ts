import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { SatisfactionStats } from '@docket/server/contract/stats';
import { api } from '@/lib/api-client';
import { statsKeys } from '@/lib/query-keys';
import type { StatsQuery } from '../utils/period';

/** How the satisfaction statistics' rows are grouped. */
export type SatisfactionGroupBy = SatisfactionStats['groupBy'];
export const SATISFACTION_GROUP_BYS: readonly SatisfactionGroupBy[] = [
  'agent',
  'group',
  'category',
  'period',
];

/** `GET /api/tickets/stats/satisfaction` query: the window and the grouping (periods are weeks). */
export type SatisfactionStatsQuery = StatsQuery & { groupBy: SatisfactionGroupBy };

/**
 * `GET /api/tickets/stats/satisfaction?from&to&groupBy&period=week` (agents and admins): the
 * ratings first given in [from, to) — rated, positive, score (% positive) and the 1–5 average —
 * in total and by agent, group, category or week, and the latest 20 comments.
 */
export function useSatisfactionStats(query: SatisfactionStatsQuery) {
  return useQuery(
    queryOptions({
      queryKey: [...statsKeys.all, 'satisfaction', query] as const,
      queryFn: ({ signal }) =>
        api.get<SatisfactionStats>('/tickets/stats/satisfaction', {
          params: { from: query.from, to: query.to, groupBy: query.groupBy, period: 'week' },
          signal,
        }),
      placeholderData: keepPreviousData,
    }),
  );
}
