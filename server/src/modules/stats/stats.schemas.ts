/**
 * Ticket statistics (docs/api.md `GET /api/tickets/stats`; docs/product.md "Dashboard": open by status and
 * priority, first response and resolution times, agent workload): the query and the whitelisted
 * answer.
 */
import { z } from 'zod';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../lib/domain.js';
import { Timestamp } from '../../lib/common.schemas.js';

/** Longest window of a stats request, in days (a leap year). */
export const STATS_MAX_WINDOW_DAYS = 366;
/** Window when `from` is not given, in days before `to`. */
export const STATS_DEFAULT_WINDOW_DAYS = 30;

/** An ISO 8601 date-time with an offset ("2026-11-21T09:30:00Z") or a date ("2026-11-21", midnight UTC). */
const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: 'an ISO 8601 date-time (2026-11-21T09:30:00Z) or date (2026-11-21)',
  })
  .describe('ISO 8601 date-time with offset, or a date (midnight UTC)');

/** GET /api/tickets/stats query: the window [from, to) of the time measures. */
export const TicketStatsQuerySchema = z.strictObject({
  from: instant
    .optional()
    .describe(
      `Start of the window, inclusive; default \`to\` minus ${STATS_DEFAULT_WINDOW_DAYS} days`,
    ),
  to: instant.optional().describe('End of the window, exclusive; default now'),
});
export type TicketStatsQuery = z.output<typeof TicketStatsQuerySchema>;

/** Durations in seconds over the tickets that have the measured event; null when there are none. */
export const DurationStatsSchema = z
  .object({
    count: z.number().int().describe('Tickets measured'),
    median: z.number().nullable().describe('Seconds (percentile_cont 0.5), null when count is 0'),
    p90: z.number().nullable().describe('Seconds (percentile_cont 0.9), null when count is 0'),
  })
  .meta({ id: 'DurationStats' });
export type DurationStats = z.output<typeof DurationStatsSchema>;

const count = z.number().int().min(0);

/**
 * `{KEY: count}` with every key present: an object with one property per key (rather than a
 * record keyed by an enum), so the OpenAPI document lists them.
 */
function countsOf<K extends string>(keys: readonly K[]) {
  return z.object(Object.fromEntries(keys.map((key) => [key, count])) as Record<K, typeof count>);
}

export const TicketStatsSchema = z
  .object({
    from: Timestamp.describe('Start of the window (inclusive)'),
    to: Timestamp.describe('End of the window (exclusive)'),
    byStatus: countsOf(TICKET_STATUSES).describe(
      "Now: the organization's tickets (not deleted) by current status, every status present",
    ),
    byPriority: countsOf(TICKET_PRIORITIES).describe(
      'Now: open tickets (every status but RESOLVED and CLOSED) by priority, every priority present',
    ),
    unassigned: count.describe('Now: open tickets without an assignee'),
    ticketsCreated: count.describe('Tickets created in [from, to)'),
    firstResponseTime: DurationStatsSchema.describe(
      'Tickets created in [from, to) that have had a first agent response: firstRespondedAt − createdAt',
    ),
    resolutionTime: DurationStatsSchema.describe(
      'Tickets created in [from, to) that are RESOLVED or CLOSED: (resolvedAt, else closedAt) − createdAt',
    ),
    workload: z
      .array(
        z.object({
          assignee: z.object({ id: z.uuid(), name: z.string() }),
          open: count,
        }),
      )
      .describe(
        'Now: open tickets per assignee, most loaded first; every active agent and admin (0 included), and anyone else still holding open tickets',
      ),
  })
  .meta({ id: 'TicketStats' });
export type TicketStats = z.output<typeof TicketStatsSchema>;
