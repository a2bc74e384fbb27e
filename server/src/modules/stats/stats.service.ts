/**
 * Ticket statistics for the dashboard (docs/api.md `GET /api/tickets/stats`; docs/product.md "Dashboard":
 * "statistics (open by status and priority, first response and resolution times, agent
 * workload)"). What each number means, as a support lead reads them:
 * - `byStatus`, `byPriority`, `unassigned`, `workload` are a snapshot of NOW (the backlog), not of
 *   the window: `byStatus` counts the organization's tickets (soft-deleted ones left out) by
 *   current status, all seven statuses; `byPriority` counts the OPEN ones — every status but
 *   RESOLVED and CLOSED — by priority; `unassigned` the open ones without assignee; `workload` the
 *   open ones per assignee, listing every active agent and admin (0 included) and anyone else who
 *   still holds open tickets, most loaded first.
 * - `ticketsCreated`, `firstResponseTime`, `resolutionTime` are over the cohort of tickets created
 *   in the window [from, to): first response time = firstRespondedAt − createdAt over those with a
 *   first agent response; resolution time = (resolvedAt, else closedAt) − createdAt over those now
 *   RESOLVED or CLOSED (a reopened ticket is not resolved). In seconds, with millisecond precision;
 *   median and p90 are PostgreSQL's percentile_cont (linear interpolation), null when none.
 * - `sessions` counts the session occurrences that started in the window and before now, by
 *   outcome (docs/product.md "Sessions"): the one the agent recorded, else `cancelled` for an
 *   occurrence cancelled on its own, else `notRecorded`.
 * Everything is computed in SQL, scoped to the caller's organization, in one REPEATABLE READ
 * transaction so that the numbers come from the same snapshot.
 *
 * SLA statistics (`GET /api/tickets/stats/sla`; docs/product.md "SLA"): how many SLA targets
 * (first response, next response, resolution) were met and breached in the window, per metric,
 * per ticket priority, per agent and per period. A target is breached when breachedAt is set,
 * even if it was fulfilled later, and counts at breachedAt; it is met when fulfilledAt is set and
 * it never breached, and counts at fulfilledAt; running and paused targets have no outcome yet
 * and are not counted. Priority and agent are the ticket's current ones (the assignee now, null
 * for unassigned); deleted tickets are left out. percentMet = 100 × met / (met + breached),
 * rounded to one decimal, null when nothing was measured.
 */
import type { PrismaClient } from '../../lib/db.js';
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  formatTicketReference,
  type TicketStatus,
} from '../../lib/domain.js';
import { stringify } from 'csv-stringify/sync';
import { ForbiddenError, ValidationError, type FieldError } from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { SLA_METRICS, type SlaMetric } from '../sla/sla.schemas.js';
import {
  STATS_DEFAULT_WINDOW_DAYS,
  STATS_MAX_WINDOW_DAYS,
  type DurationStats,
  type SatisfactionStats,
  type SatisfactionStatsQuery,
  type SlaStats,
  type SlaStatsPeriod,
  type SlaStatsQuery,
  type TicketStats,
  type TicketStatsQuery,
} from './stats.schemas.js';
import {
  countTicketsByStatusAndPriority,
  openTicketsPerAssignee,
  satisfactionComments,
  satisfactionCounts,
  sessionOutcomeCounts,
  slaOutcomeCounts,
  ticketCohortTimes,
  type SatisfactionCountRow,
  type SessionOutcomeRow,
  type SlaOutcomeRow,
} from './stats.repository.js';

/** Comments listed by the satisfaction statistics, at most. */
const SATISFACTION_COMMENTS = 20;

const DAY_MS = 24 * 3600_000;

/** Statuses that are not open: the ticket's work is done. */
const DONE_STATUSES: readonly TicketStatus[] = ['RESOLVED', 'CLOSED'];

/** Session occurrences by outcome, every outcome present (0 when none). */
function sessionOutcomes(rows: readonly SessionOutcomeRow[]): TicketStats['sessions'] {
  const by = new Map(rows.map((r) => [r.outcome, r.total]));
  return {
    held: by.get('held') ?? 0,
    no_show: by.get('no_show') ?? 0,
    cancelled: by.get('cancelled') ?? 0,
    notRecorded: by.get('not_recorded') ?? 0,
  };
}

/** An ISO 8601 date ("2026-11-21", midnight UTC) or date-time with offset → a Date. */
function parseInstant(value: string): Date {
  return new Date(value);
}

/**
 * The stats window from the query: `to` defaults to `now`, `from` to `to` minus 30 days.
 * @throws ValidationError unless from < to and the window spans at most 366 days; the errors
 * name the fields the caller gave (both when both were given, since the fault is the pair).
 */
export function resolveStatsWindow(query: TicketStatsQuery, now: Date): { from: Date; to: Date } {
  const to = query.to ? parseInstant(query.to) : now;
  const from = query.from
    ? parseInstant(query.from)
    : new Date(to.getTime() - STATS_DEFAULT_WINDOW_DAYS * DAY_MS);
  const given = (['from', 'to'] as const).filter((field) => query[field] !== undefined);
  const blame = (messages: Record<'from' | 'to', string>): FieldError[] =>
    given.map((field) => ({ path: field, message: messages[field] }));
  if (from.getTime() >= to.getTime()) {
    throw new ValidationError(
      `from (${from.toISOString()}) must be before to (${to.toISOString()})`,
      blame({ from: 'must be before to', to: 'must be after from' }),
    );
  }
  if (to.getTime() - from.getTime() > STATS_MAX_WINDOW_DAYS * DAY_MS) {
    const message = `the window may span at most ${STATS_MAX_WINDOW_DAYS} days`;
    throw new ValidationError(
      `The window from ${from.toISOString()} to ${to.toISOString()} is too long: ${message}`,
      blame({ from: message, to: message }),
    );
  }
  return { from, to };
}

/**
 * The start of the period holding `instant`, in UTC, as PostgreSQL's
 * `date_trunc(period, instant, 'UTC')`: the day's midnight, the ISO week's Monday, the month's
 * first day.
 */
export function slaPeriodStart(instant: Date, period: SlaStatsPeriod): Date {
  const year = instant.getUTCFullYear();
  const month = instant.getUTCMonth();
  if (period === 'month') return new Date(Date.UTC(year, month, 1));
  const midnight = Date.UTC(year, month, instant.getUTCDate());
  if (period === 'day') return new Date(midnight);
  const daysSinceMonday = (instant.getUTCDay() + 6) % 7;
  return new Date(midnight - daysSinceMonday * DAY_MS);
}

/** The starts of every period overlapping [from, to), in time order (at most 367 days' worth). */
export function slaPeriodStarts(from: Date, to: Date, period: SlaStatsPeriod): Date[] {
  const starts: Date[] = [];
  for (let start = slaPeriodStart(from, period); start < to;) {
    starts.push(start);
    start =
      period === 'month'
        ? new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1))
        : new Date(start.getTime() + (period === 'week' ? 7 : 1) * DAY_MS);
  }
  return starts;
}

/** 100 × met / (met + breached) rounded to one decimal; null when both are 0. */
export function percentMet(met: number, breached: number): number | null {
  const total = met + breached;
  return total === 0 ? null : Math.round((met * 1000) / total) / 10;
}

const outcomes = (metric: SlaMetric, met = 0, breached = 0) => ({
  metric,
  met,
  breached,
  percentMet: percentMet(met, breached),
});

const metricOrder = (metric: SlaMetric) => SLA_METRICS.indexOf(metric);

/** How the CSV names the unassigned tickets' agent. */
export const SLA_CSV_UNASSIGNED = 'Unassigned';

/**
 * SLA statistics as CSV (RFC 4180: CRLF line ends, fields quoted when needed, by csv-stringify),
 * with a UTF-8 byte order mark so that spreadsheets read accented names right. Header
 * `grouping,key,metric,met,breached,percent_met`, then one row per (grouping, key, metric):
 * grouping `metric` (key `all`), `priority` (key LOW…CRITICAL), `agent` (key the assignee's
 * name, or "Unassigned"), `period` (key the period's start, ISO 8601). percent_met is empty when
 * nothing was measured. Text cells that a spreadsheet would run as a formula (starting with
 * = + - @, tab or CR) get a leading `'` (csv-stringify `escape_formulas`; OWASP "CSV Injection").
 */
export function slaStatsCsv(stats: SlaStats): string {
  const rows = [
    ...stats.byMetric.map((r) => ({ grouping: 'metric', key: 'all', ...r })),
    ...stats.byPriority.map((r) => ({ grouping: 'priority', key: r.priority, ...r })),
    ...stats.byAgent.map((r) => ({
      grouping: 'agent',
      key: r.agent?.name ?? SLA_CSV_UNASSIGNED,
      ...r,
    })),
    ...stats.byPeriod.map((r) => ({ grouping: 'period', key: r.periodStart, ...r })),
  ];
  return stringify(
    rows.map((r) => [r.grouping, r.key, r.metric, r.met, r.breached, r.percentMet]),
    {
      header: true,
      columns: ['grouping', 'key', 'metric', 'met', 'breached', 'percent_met'],
      bom: true,
      record_delimiter: 'windows',
      escape_formulas: true,
    },
  );
}

/**
 * The CSV's file name, `sla-<from>-<to>.csv`: each end as its UTC date (`2026-11-01`) when it is
 * a midnight, else as date and time without colons (`2026-11-01T093000Z`), which file systems
 * such as Windows' refuse.
 */
export function slaCsvFileName(stats: Pick<SlaStats, 'from' | 'to'>): string {
  const part = (iso: string) =>
    iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 19).replaceAll(':', '')}Z`;
  return `sla-${part(stats.from)}-${part(stats.to)}.csv`;
}

const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function createStatsService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  /**
   * The organization's ticket statistics (see the module comment for what each number means).
   * `now` is the default end of the window (tests pass it).
   * @throws ForbiddenError for customers; ValidationError (fields `from`, `to`) for a bad window.
   */
  async function ticketStats(
    principal: Principal,
    query: TicketStatsQuery,
    now: Date = new Date(),
  ): Promise<TicketStats> {
    if (!isStaff(principal)) throw new ForbiddenError('Statistics are for agents and admins');
    const { from, to } = resolveStatsWindow(query, now);
    const org = principal.organizationId;
    // Staff restricted to groups count their groups' tickets only.
    const groups = principal.groupIds ?? null;

    const [counts, times, workload, sessionRows] = await prisma.$transaction(
      [
        countTicketsByStatusAndPriority(prisma, org, groups),
        ticketCohortTimes(prisma, org, from, to, groups),
        openTicketsPerAssignee(prisma, org, groups),
        // Only occurrences whose time has come have an outcome to count.
        sessionOutcomeCounts(prisma, org, from, to < now ? to : now, groups),
      ],
      { isolationLevel: 'RepeatableRead' },
    );

    const byStatus = zeroes(TICKET_STATUSES);
    const byPriority = zeroes(TICKET_PRIORITIES);
    let unassigned = 0;
    for (const row of counts) {
      byStatus[row.status] += row.total;
      if (!DONE_STATUSES.includes(row.status)) {
        byPriority[row.priority] += row.total;
        unassigned += row.unassigned;
      }
    }
    const t = times[0];
    const durations = (
      n: number | undefined,
      median: number | null | undefined,
      p90: number | null | undefined,
    ): DurationStats =>
      n
        ? { count: n, median: median ?? null, p90: p90 ?? null }
        : { count: 0, median: null, p90: null };

    return {
      from: from.toISOString(),
      to: to.toISOString(),
      byStatus,
      byPriority,
      unassigned,
      ticketsCreated: t?.created ?? 0,
      firstResponseTime: durations(
        t?.first_response_count,
        t?.first_response_median,
        t?.first_response_p90,
      ),
      resolutionTime: durations(t?.resolution_count, t?.resolution_median, t?.resolution_p90),
      workload: workload.map((w) => ({ assignee: { id: w.id, name: w.name }, open: w.open })),
      sessions: sessionOutcomes(sessionRows),
    };
  }

  /**
   * The organization's SLA statistics over [from, to) (see the module comment for what is
   * counted): `byMetric` has every metric; `byPriority` (priority LOW to CRITICAL, then metric)
   * and `byAgent` (assignee name, unassigned last, then metric) only the groups with outcomes;
   * `byPeriod` every period overlapping the window × every metric, 0 and null when empty.
   * `now` is the default end of the window (tests pass it).
   * @throws ForbiddenError for customers; ValidationError (fields `from`, `to`) for a bad window.
   */
  async function slaStats(
    principal: Principal,
    query: SlaStatsQuery,
    now: Date = new Date(),
  ): Promise<SlaStats> {
    if (!isStaff(principal)) throw new ForbiddenError('Statistics are for agents and admins');
    const { from, to } = resolveStatsWindow(query, now);
    const { period } = query;
    const rows = await slaOutcomeCounts(
      prisma,
      principal.organizationId,
      from,
      to,
      period,
      principal.groupIds ?? null,
    );
    const of = (grouping: SlaOutcomeRow['grouping']) => rows.filter((r) => r.grouping === grouping);

    const byMetricRows = new Map(of('metric').map((r) => [r.metric, r]));
    const byMetric = SLA_METRICS.map((metric) => {
      const row = byMetricRows.get(metric);
      return outcomes(metric, row?.met, row?.breached);
    });

    const byPriority = of('priority')
      .sort(
        (a, b) =>
          TICKET_PRIORITIES.indexOf(a.priority!) - TICKET_PRIORITIES.indexOf(b.priority!) ||
          metricOrder(a.metric) - metricOrder(b.metric),
      )
      .map((r) => ({ priority: r.priority!, ...outcomes(r.metric, r.met, r.breached) }));

    const byAgent = of('agent')
      .sort((a, b) => {
        if ((a.assignee_id === null) !== (b.assignee_id === null)) return a.assignee_id ? -1 : 1;
        return (
          (a.assignee_name ?? '').localeCompare(b.assignee_name ?? '') ||
          (a.assignee_id ?? '').localeCompare(b.assignee_id ?? '') ||
          metricOrder(a.metric) - metricOrder(b.metric)
        );
      })
      .map((r) => ({
        agent: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
        ...outcomes(r.metric, r.met, r.breached),
      }));

    const byPeriodRows = new Map(
      of('period').map((r) => [`${r.period_start!.toISOString()} ${r.metric}`, r]),
    );
    const byPeriod = slaPeriodStarts(from, to, period).flatMap((start) => {
      const periodStart = start.toISOString();
      return SLA_METRICS.map((metric) => {
        const row = byPeriodRows.get(`${periodStart} ${metric}`);
        return { periodStart, ...outcomes(metric, row?.met, row?.breached) };
      });
    });

    return {
      from: from.toISOString(),
      to: to.toISOString(),
      period,
      byMetric,
      byPriority,
      byAgent,
      byPeriod,
    };
  }

  /**
   * The organization's satisfaction statistics over the ratings first given in [from, to)
   * (docs/product.md "Satisfaction"): `total`, `rows` by the agent, group or category copied onto
   * each rating (most rated first, none last) or by period (every period of the window, in
   * order, zeroes included), and the latest SATISFACTION_COMMENTS comments. Positive: good, or
   * 4–5 on the 1–5 scale; score = 100 × positive / rated (one decimal, null when none); average:
   * the 1–5 ratings' mean. Staff restricted to groups count their groups' tickets only.
   * @throws ForbiddenError for customers; ValidationError (fields `from`, `to`) for a bad window.
   */
  async function satisfactionStats(
    principal: Principal,
    query: SatisfactionStatsQuery,
    now: Date = new Date(),
  ): Promise<SatisfactionStats> {
    if (!isStaff(principal)) throw new ForbiddenError('Statistics are for agents and admins');
    const { from, to } = resolveStatsWindow(query, now);
    const { groupBy, period } = query;
    const org = principal.organizationId;
    const groups = principal.groupIds ?? null;
    const [totals, rows, comments] = await prisma.$transaction(
      [
        satisfactionCounts(prisma, org, from, to, 'total', period, groups),
        satisfactionCounts(prisma, org, from, to, groupBy, period, groups),
        satisfactionComments(prisma, org, from, to, SATISFACTION_COMMENTS, groups),
      ],
      { isolationLevel: 'RepeatableRead' },
    );
    const figures = (row: Partial<SatisfactionCountRow> | undefined) => {
      const rated = row?.rated ?? 0;
      const positive = row?.positive ?? 0;
      return {
        rated,
        positive,
        score: percentMet(positive, rated - positive),
        average: row?.average ?? null,
      };
    };
    let out: SatisfactionStats['rows'];
    if (groupBy === 'period') {
      const byStart = new Map(rows.map((r) => [r.key, r]));
      out = slaPeriodStarts(from, to, period).map((start) => {
        const key = start.toISOString();
        return { key, name: null, ...figures(byStart.get(key)) };
      });
    } else {
      out = rows
        .sort(
          (a, b) =>
            Number(a.key === null) - Number(b.key === null) ||
            b.rated - a.rated ||
            (a.name ?? '').localeCompare(b.name ?? ''),
        )
        .map((r) => ({ key: r.key, name: r.name, ...figures(r) }));
    }
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      groupBy,
      total: figures(totals[0]),
      rows: out,
      comments: comments.map((c) => ({
        ticketId: c.ticketId,
        reference: formatTicketReference(c.number),
        scale: c.scale,
        score: c.score,
        comment: c.comment,
        reason: c.reason,
        createdAt: c.createdAt.toISOString(),
      })),
    };
  }

  return { ticketStats, slaStats, satisfactionStats };
}

export type StatsService = ReturnType<typeof createStatsService>;
