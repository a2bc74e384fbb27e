/**
 * Statistics routes (docs/api.md `GET /api/tickets/stats`). Thin: a schema and one service call; the
 * meaning of every number is in stats.service.ts.
 * Authentication and the AGENT or ADMIN role are checked on request, before the query is
 * validated: no token → 401, a customer → 403.
 * `/api/tickets/stats` is a static path, so Fastify's router (find-my-way) prefers it to the
 * parametric `/api/tickets/:id` whatever the registration order (tested in test/stats.test.ts);
 * likewise `/api/tickets/stats/sla` and `/api/tickets/stats/sla.csv` over `/api/tickets/:id/…`
 * (tested in test/stats-sla.test.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { slaCsvFileName, slaStatsCsv, type StatsService } from './stats.service.js';
import {
  SatisfactionStatsQuerySchema,
  SatisfactionStatsSchema,
  SlaStatsQuerySchema,
  SlaStatsSchema,
  TicketStatsQuerySchema,
  TicketStatsSchema,
} from './stats.schemas.js';

export const statsRoutes: FastifyPluginAsyncZod<{ stats: StatsService }> = async (
  app,
  { stats },
) => {
  app.addHook('onRequest', app.authenticate);
  app.addHook('onRequest', app.requireRole('AGENT', 'ADMIN'));

  /**
   * GET /api/tickets/stats?from&to — 200 TicketStats. `from`/`to` are ISO 8601 (date-time with
   * offset, or a date at midnight UTC); default the last 30 days up to now; from < to and at most
   * 366 days apart, else 400 naming the field(s) given.
   */
  app.get(
    '/api/tickets/stats',
    {
      schema: {
        tags: ['tickets', 'stats'],
        operationId: 'getTicketStats',
        summary: 'Ticket statistics',
        description:
          'Snapshot of now: byStatus (all non-deleted tickets by current status), byPriority (open tickets, i.e. not RESOLVED/CLOSED, by priority), unassigned, workload (open tickets per assignee; every active agent and admin, 0 included). Over the tickets created in [from, to): ticketsCreated, firstResponseTime (firstRespondedAt − createdAt) and resolutionTime ((resolvedAt, else closedAt) − createdAt, tickets now RESOLVED or CLOSED), as count, median and p90 in seconds (percentile_cont; null when count is 0). Agents and admins only.',
        querystring: TicketStatsQuerySchema,
        response: { 200: TicketStatsSchema, ...commonProblems },
      },
    },
    async (request) => stats.ticketStats(principalOf(request), request.query),
  );

  const slaDescription =
    "SLA targets with an outcome in [from, to), tickets not deleted: met (fulfilledAt set, breachedAt null; counted at fulfilledAt) and breached (breachedAt set, even if fulfilled later; counted at breachedAt), and percentMet = 100 × met / (met + breached) with one decimal, null when 0. byMetric: every metric; byPriority: by the ticket's current priority; byAgent: by its current assignee (null: unassigned); byPeriod: every UTC day, ISO week or month (date_trunc) overlapping the window. Agents and admins only.";

  /**
   * GET /api/tickets/stats/sla?from&to&period — 200 SlaStats: `{from, to, period, byMetric,
   * byPriority, byAgent, byPeriod}`, each row `{…key, metric, met, breached, percentMet}`
   * (counts of targets; percentMet 0–100 with one decimal, null when none). `from`/`to` as for
   * `GET /api/tickets/stats` (default the last 30 days; 400 naming the field(s) for a bad
   * window); `period` day | week | month (default week; 400 naming `period` otherwise).
   */
  app.get(
    '/api/tickets/stats/sla',
    {
      schema: {
        tags: ['tickets', 'stats'],
        operationId: 'getSlaStats',
        summary: 'SLA statistics',
        description: slaDescription,
        querystring: SlaStatsQuerySchema,
        response: { 200: SlaStatsSchema, ...commonProblems },
      },
    },
    async (request) => stats.slaStats(principalOf(request), request.query),
  );

  /**
   * GET /api/tickets/stats/sla.csv?from&to&period — 200 `text/csv; charset=utf-8` (RFC 4180,
   * with a byte order mark), as a download named `sla-<from>-<to>.csv` (stats.service.ts
   * `slaCsvFileName`); columns `grouping,key,metric,met,breached,percent_met`, one row per
   * (grouping, key, metric) of `GET /api/tickets/stats/sla` (stats.service.ts `slaStatsCsv`).
   * Same query and errors.
   */
  app.get(
    '/api/tickets/stats/sla.csv',
    {
      schema: {
        tags: ['tickets', 'stats'],
        operationId: 'getSlaStatsCsv',
        summary: 'SLA statistics as CSV',
        description: `${slaDescription} As CSV (text/csv, RFC 4180): columns grouping (metric, priority, agent, period), key (all, the priority, the agent's name or Unassigned, the period's start), metric, met, breached, percent_met (empty when none); cells that a spreadsheet would read as a formula start with '.`,
        querystring: SlaStatsQuerySchema,
        response: {
          200: z.string().describe('The CSV (text/csv; charset=utf-8)'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const sla = await stats.slaStats(principalOf(request), request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${slaCsvFileName(sla)}"`)
        .header('X-Content-Type-Options', 'nosniff')
        .send(slaStatsCsv(sla));
    },
  );

  /**
   * GET /api/tickets/stats/satisfaction?from&to&groupBy&period — 200 SatisfactionStats `{from, to,
   * groupBy, total, rows: [{key, name, rated, positive, score, average}], comments}` over the
   * ratings first given in the window (docs/product.md "Satisfaction"). `from`/`to` as for
   * `GET /api/tickets/stats`; groupBy agent | group | category | period (default agent); period
   * day | week | month (default week, for groupBy=period). 400 naming the field otherwise.
   */
  app.get(
    '/api/tickets/stats/satisfaction',
    {
      schema: {
        tags: ['tickets', 'stats'],
        operationId: 'getSatisfactionStats',
        summary: 'Satisfaction statistics',
        description:
          "Ratings first given in [from, to), tickets not deleted: rated, positive (good, or 4–5 on the 1–5 scale), score = 100 × positive / rated (one decimal, null when none) and average (mean of the 1–5 ratings, null when none), in total and by the agent, group or category copied onto the rating when given (most rated first, none last) or by period (every UTC day, ISO week or month of the window); and the latest 20 comments. Agents and admins only; staff restricted to groups count their groups' tickets.",
        querystring: SatisfactionStatsQuerySchema,
        response: { 200: SatisfactionStatsSchema, ...commonProblems },
      },
    },
    async (request) => stats.satisfactionStats(principalOf(request), request.query),
  );
};
