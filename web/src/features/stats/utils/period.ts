/**
 * The statistics page's period and its place in the address: `/stats?period=7|30|90` (the last
 * N days up to now; 30 by default) or `/stats?period=custom&from=YYYY-MM-DD&to=YYYY-MM-DD` (whole
 * days in UTC, both included). The API's window is [from, to) with at most 366 days
 * (server/src/modules/stats/stats.schemas.ts); a custom range is checked here first so that the
 * person sees which field is wrong before anything is sent.
 */

export const PRESET_DAYS = [7, 30, 90] as const;
export type PresetDays = (typeof PRESET_DAYS)[number];

export type StatsPeriod =
  { kind: 'last'; days: PresetDays } | { kind: 'custom'; from: string; to: string };

/** `GET /api/tickets/stats` query: ISO 8601 instants or dates; `to` left out means now. */
export type StatsQuery = { from: string; to?: string };

const DEFAULT_DAYS: PresetDays = 30;
export const DEFAULT_PERIOD: StatsPeriod = { kind: 'last', days: DEFAULT_DAYS };

/** Longest custom range in days, both ends included (the API allows a 366-day window). */
export const MAX_RANGE_DAYS = 366;

const DAY_MS = 24 * 3600_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDate(value: string | null): value is string {
  return value !== null && DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** The period from the address; anything unreadable gives the default (the last 30 days). */
export function periodFromSearchParams(search: URLSearchParams): StatsPeriod {
  const period = search.get('period');
  if (period === 'custom') {
    const from = search.get('from');
    const to = search.get('to');
    if (isDate(from) && isDate(to)) return { kind: 'custom', from, to };
    return DEFAULT_PERIOD;
  }
  const days = Number(period);
  return (PRESET_DAYS as readonly number[]).includes(days)
    ? { kind: 'last', days: days as PresetDays }
    : DEFAULT_PERIOD;
}

/** The address's query for a period; the default is left out. */
export function periodToSearchParams(period: StatsPeriod): URLSearchParams {
  if (period.kind === 'custom') {
    return new URLSearchParams({ period: 'custom', from: period.from, to: period.to });
  }
  return period.days === DEFAULT_DAYS
    ? new URLSearchParams()
    : new URLSearchParams({ period: String(period.days) });
}

export type RangeError = 'invalid' | 'order' | 'tooLong';

/**
 * What is wrong with a custom range of dates (`YYYY-MM-DD`, both included), if anything:
 * `invalid` (not a date), `order` (ends before it starts), `tooLong` (over 366 days).
 */
export function customRangeError(from: string, to: string): RangeError | null {
  if (!isDate(from) || !isDate(to)) return 'invalid';
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (end < start) return 'order';
  if ((end - start) / DAY_MS + 1 > MAX_RANGE_DAYS) return 'tooLong';
  return null;
}

/**
 * The API query for a period. The last N days start N days before `now`, rounded down to the
 * minute so that the query (and its cache key) stays the same while the page is open; `to` is
 * left out (the server's now). A custom range runs from its first day's midnight UTC to the
 * midnight after its last day (the API's end is exclusive).
 */
export function periodToQuery(period: StatsPeriod, now: Date): StatsQuery {
  if (period.kind === 'custom') {
    const end = new Date(Date.parse(`${period.to}T00:00:00Z`) + DAY_MS);
    return { from: period.from, to: end.toISOString().slice(0, 10) };
  }
  const minute = Math.floor(now.getTime() / 60_000) * 60_000;
  return { from: new Date(minute - period.days * DAY_MS).toISOString() };
}

/**
 * The ticket list's query (GET /api/tickets, and so its CSV export) for the tickets created in
 * the statistics' window `query`: `createdFrom` inclusive, `createdTo` exclusive (absent: up to
 * now), as ISO 8601 instants (a custom range's dates are midnights UTC, as the statistics read
 * them), every status, oldest first.
 */
export function periodToTicketListQuery(query: StatsQuery): Record<string, string> {
  const instant = (value: string) => new Date(value).toISOString();
  return {
    createdFrom: instant(query.from),
    ...(query.to ? { createdTo: instant(query.to) } : {}),
    sortBy: 'createdAt',
    sortOrder: 'asc',
  };
}
