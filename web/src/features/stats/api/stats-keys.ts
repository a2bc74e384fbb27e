import type { StatsQuery } from '../utils/period';

/** Query keys of the statistics feature: `all`, then one entry per window asked for. */
export const statsKeys = {
  all: ['stats'] as const,
  tickets: (query: StatsQuery) => [...statsKeys.all, 'tickets', query] as const,
};
