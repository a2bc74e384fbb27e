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
 * Everything is computed in SQL, scoped to the caller's organization, in one REPEATABLE READ
 * transaction so that the numbers come from the same snapshot.
 */
import type { PrismaClient } from '../../lib/db.js';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketStatus } from '../../lib/domain.js';
import { ForbiddenError, ValidationError, type FieldError } from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import {
  STATS_DEFAULT_WINDOW_DAYS,
  STATS_MAX_WINDOW_DAYS,
  type DurationStats,
  type TicketStats,
  type TicketStatsQuery,
} from './stats.schemas.js';
import {
  countTicketsByStatusAndPriority,
  openTicketsPerAssignee,
  ticketCohortTimes,
} from './stats.repository.js';

const DAY_MS = 24 * 3600_000;

/** Statuses that are not open: the ticket's work is done. */
const DONE_STATUSES: readonly TicketStatus[] = ['RESOLVED', 'CLOSED'];

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

    const [counts, times, workload] = await prisma.$transaction(
      [
        countTicketsByStatusAndPriority(prisma, org),
        ticketCohortTimes(prisma, org, from, to),
        openTicketsPerAssignee(prisma, org),
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
    };
  }

  return { ticketStats };
}

export type StatsService = ReturnType<typeof createStatsService>;
