import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { SlaStats } from '@docket/server/contract/stats';
import { downloadAttachment } from '@/components/attachments/api/attachment-url';
import { API_BASE, api, toSearchParams } from '@/lib/api-client';
import { statsKeys } from '@/lib/query-keys';
import type { StatsQuery } from '../utils/period';

/** Grain of the SLA statistics' periods (UTC days, ISO weeks from Monday, calendar months). */
export type SlaPeriod = SlaStats['period'];
export const SLA_PERIODS: readonly SlaPeriod[] = ['day', 'week', 'month'];

/** `GET /api/tickets/stats/sla` query: the statistics' window and the grain of `byPeriod`. */
export type SlaStatsQuery = StatsQuery & { period: SlaPeriod };

const params = (query: SlaStatsQuery) => ({
  from: query.from,
  to: query.to,
  period: query.period,
});

/**
 * `GET /api/tickets/stats/sla?from&to&period` (agents and admins): SLA targets met and breached
 * in [from, to), and percentMet (0–100, one decimal, null when none), per metric, priority,
 * agent (null: unassigned) and period. 400 names `from`/`to` for a bad window, `period` for a
 * grain other than day, week or month.
 */
export function getSlaStats(query: SlaStatsQuery, { signal }: { signal?: AbortSignal } = {}) {
  return api.get<SlaStats>('/tickets/stats/sla', { params: params(query), signal });
}

/** Query options of one window's SLA statistics (key `[...statsKeys.all, 'sla', query]`). */
export function slaStatsQueryOptions(query: SlaStatsQuery) {
  return queryOptions({
    queryKey: [...statsKeys.all, 'sla', query] as const,
    queryFn: ({ signal }) => getSlaStats(query, { signal }),
    // Changing the period keeps the last figures on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });
}

/** The statistics page's SLA figures for a window and grain. */
export function useSlaStats(query: SlaStatsQuery) {
  return useQuery(slaStatsQueryOptions(query));
}

/**
 * Saves `GET /api/tickets/stats/sla.csv` (RFC 4180; columns grouping, key, metric, met,
 * breached, percent_met) as `fileName`: fetched with the session's token, as the attachment and
 * `.eml` downloads are, then handed to the browser. Rejects when the answer is not a 2xx.
 */
export function downloadSlaStatsCsv(query: SlaStatsQuery, fileName: string): Promise<void> {
  return downloadAttachment(
    `${API_BASE}/tickets/stats/sla.csv?${toSearchParams(params(query)).toString()}`,
    fileName,
  );
}
