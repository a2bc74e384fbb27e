/**
 * Ticket statistics (docs/api.md `GET /api/tickets/stats`; docs/product.md "Dashboard": open by status and
 * priority, first response and resolution times, agent workload) and SLA statistics
 * (`GET /api/tickets/stats/sla`; docs/product.md "SLA"): the queries and the whitelisted answers.
 */
import { z } from 'zod';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../lib/domain.js';
import { Timestamp } from '../../lib/common.schemas.js';
import { SlaMetricSchema } from '../sla/sla.schemas.js';

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
    sessions: z
      .object({ held: count, no_show: count, cancelled: count, notRecorded: count })
      .describe(
        'Session occurrences that started in [from, to) and before now, by outcome (docs/product.md "Sessions"): the recorded one, else `cancelled` for an occurrence cancelled on its own, else `notRecorded`',
      ),
  })
  .meta({ id: 'TicketStats' });
export type TicketStats = z.output<typeof TicketStatsSchema>;

/** Grains of the SLA statistics' periods: UTC days, ISO weeks (from Monday) or calendar months. */
export const SLA_STATS_PERIODS = ['day', 'week', 'month'] as const;
export type SlaStatsPeriod = (typeof SLA_STATS_PERIODS)[number];

/** GET /api/tickets/stats/sla (and `.csv`) query: the window of `GET /api/tickets/stats` and a grain. */
export const SlaStatsQuerySchema = TicketStatsQuerySchema.extend({
  period: z
    .enum(SLA_STATS_PERIODS)
    .default('week')
    .describe(
      'Grain of byPeriod, in UTC (PostgreSQL date_trunc): day, week (ISO, from Monday) or month; default week',
    ),
});
export type SlaStatsQuery = z.output<typeof SlaStatsQuerySchema>;

/** Met and breached SLA targets of a group, and the share met. */
const slaOutcomes = {
  metric: SlaMetricSchema,
  met: count.describe('Targets fulfilled in time (fulfilledAt set, never breached)'),
  breached: count.describe('Targets breached (breachedAt set, even if fulfilled later)'),
  percentMet: z
    .number()
    .min(0)
    .max(100)
    .nullable()
    .describe('100 × met / (met + breached), one decimal; null when met + breached is 0'),
};

export const SlaStatsSchema = z
  .object({
    from: Timestamp.describe('Start of the window (inclusive)'),
    to: Timestamp.describe('End of the window (exclusive)'),
    period: z.enum(SLA_STATS_PERIODS).describe('Grain of byPeriod'),
    byMetric: z
      .array(z.object(slaOutcomes))
      .describe('Every metric, in the order first_response, next_response, resolution'),
    byPriority: z
      .array(z.object({ priority: z.enum(TICKET_PRIORITIES), ...slaOutcomes }))
      .describe(
        "By the ticket's current priority (LOW to CRITICAL), then metric; only pairs with outcomes",
      ),
    byAgent: z
      .array(
        z.object({
          agent: z
            .object({ id: z.uuid(), name: z.string() })
            .nullable()
            .describe("The ticket's current assignee; null: unassigned"),
          ...slaOutcomes,
        }),
      )
      .describe('By assignee name (unassigned last), then metric; only pairs with outcomes'),
    byPeriod: z
      .array(
        z.object({
          periodStart: Timestamp.describe('Start of the period (UTC midnight)'),
          ...slaOutcomes,
        }),
      )
      .describe(
        'Every period overlapping [from, to) × every metric, in time order (0 and null when none)',
      ),
  })
  .meta({ id: 'SlaStats' });
export type SlaStats = z.output<typeof SlaStatsSchema>;

/** Groupings of the satisfaction statistics. */
export const SATISFACTION_GROUP_BYS = ['agent', 'group', 'category', 'period'] as const;

/** GET /api/tickets/stats/satisfaction query: the window, a grouping and (for period) a grain. */
export const SatisfactionStatsQuerySchema = SlaStatsQuerySchema.extend({
  groupBy: z
    .enum(SATISFACTION_GROUP_BYS)
    .default('agent')
    .describe(
      'Rows by the agent, group or category copied onto the rating when it was given, or by period (`period`); default agent',
    ),
});
export type SatisfactionStatsQuery = z.output<typeof SatisfactionStatsQuerySchema>;

/** Ratings of one group: how many, how many positive, the share positive and the 1–5 average. */
const satisfactionFigures = {
  rated: count.describe('Ratings given in the window'),
  positive: count.describe('Good ratings, and 4 or 5 on the 1–5 scale'),
  score: z
    .number()
    .min(0)
    .max(100)
    .nullable()
    .describe('100 × positive / rated, one decimal; null when rated is 0'),
  average: z
    .number()
    .nullable()
    .describe('Mean score of the ratings on the 1–5 scale, two decimals; null when none'),
};

export const SatisfactionStatsSchema = z
  .object({
    from: Timestamp.describe('Start of the window (inclusive)'),
    to: Timestamp.describe('End of the window (exclusive)'),
    groupBy: z.enum(SATISFACTION_GROUP_BYS),
    total: z.object(satisfactionFigures).describe('Every rating given in the window'),
    rows: z
      .array(
        z.object({
          key: z
            .string()
            .nullable()
            .describe(
              'The agent, group or category id (null: none), or the period start (ISO 8601)',
            ),
          name: z
            .string()
            .nullable()
            .describe('The agent, group or category name; null for none and for periods'),
          ...satisfactionFigures,
        }),
      )
      .describe(
        'By agent, group or category: most rated first (none last); by period: every period overlapping the window, in time order',
      ),
    comments: z
      .array(
        z.object({
          ticketId: z.uuid(),
          reference: z.string(),
          scale: z.enum(['good_bad', 'five_point']),
          score: z.number().int(),
          comment: z.string(),
          reason: z.string().nullable(),
          createdAt: Timestamp,
        }),
      )
      .describe('The latest 20 ratings with a comment in the window, newest first'),
  })
  .meta({ id: 'SatisfactionStats' });
export type SatisfactionStats = z.output<typeof SatisfactionStatsSchema>;
