/**
 * Statistics routes (docs/api.md `GET /api/tickets/stats`). Thin: a schema and one service call; the
 * meaning of every number is in stats.service.ts.
 * Authentication and the AGENT or ADMIN role are checked on request, before the query is
 * validated: no token → 401, a customer → 403.
 * `/api/tickets/stats` is a static path, so Fastify's router (find-my-way) prefers it to the
 * parametric `/api/tickets/:id` whatever the registration order (tested in test/stats.test.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import type { StatsService } from './stats.service.js';
import { TicketStatsQuerySchema, TicketStatsSchema } from './stats.schemas.js';

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
};
