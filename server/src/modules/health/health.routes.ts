/**
 * The health checks, without credentials (docs/operations.md "Health checks"):
 * - GET /api/health: 200 `{status: "ok", database: "ok"}` when the database answers `SELECT 1`
 *   within HEALTH_PROBE_TIMEOUT_MS (2 s), else 503 `{status: "error", database: "unreachable"}`
 *   with `Retry-After: 5` — at once when the database is down, after 2 s when it is frozen, so
 *   that a load balancer's probe is never left hanging.
 * - GET /api/health/live: liveness, 200 `{status: "live"}` while the process serves HTTP, even
 *   while it sheds load; asks nothing of the database (an orchestrator restarts a process that
 *   fails it).
 * - GET /api/health/ready: readiness, 200 `{status: "ready", database: "ok", migrations: "ok"}`
 *   when the database answers within 2 s, every migration of this build is applied and the
 *   instance is not stopping; else 503 problem+json with `Retry-After: 5`: `database_unreachable`,
 *   `migrations_pending` (naming them) or `shutting_down` (plugins/drain.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema } from '../../lib/common.schemas.js';
import { sendProblem } from '../../plugins/problem-details.js';
import { pingDatabase } from './health.repository.js';
import { createMigrationCheck } from './migration-status.js';

const HealthSchema = z.object({
  status: z.enum(['ok', 'error']),
  database: z.enum(['ok', 'unreachable']),
});

const LiveSchema = z.object({ status: z.literal('live') });

const ReadySchema = z.object({
  status: z.literal('ready'),
  database: z.literal('ok'),
  migrations: z.literal('ok'),
});

/** How long the health check waits for the database, ms. */
export const HEALTH_PROBE_TIMEOUT_MS = 2_000;

/** Seconds a probe refused by readiness waits before asking again. */
const RETRY_AFTER_SECONDS = '5';

/** Resolves with `promise`, or rejects after `ms` (the promise is left to settle on its own). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const pendingMigrations = createMigrationCheck(app.prisma);

  app.get(
    '/api/health',
    {
      schema: {
        tags: ['service'],
        summary: 'Health check',
        security: [],
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (request, reply) => {
      try {
        await within(pingDatabase(app.prisma), HEALTH_PROBE_TIMEOUT_MS);
        return { status: 'ok' as const, database: 'ok' as const };
      } catch (err) {
        request.log.warn({ err }, 'health check: database unreachable');
        return reply
          .code(503)
          .header('Retry-After', '5')
          .send({ status: 'error' as const, database: 'unreachable' as const });
      }
    },
  );

  /** GET /api/health/live — 200 `{status: "live"}`: the process runs and serves HTTP. */
  app.get(
    '/api/health/live',
    {
      // Probed every few seconds by orchestrators: no request log line (plugins/request-log.ts);
      // answered under load too (load shedding would have a busy process restarted).
      config: { logRequest: false, pressureHandler: () => undefined },
      schema: {
        tags: ['service'],
        summary: 'Liveness probe',
        description:
          'Answers 200 while the process serves HTTP, whatever the database; for orchestrators that restart a stuck process.',
        security: [],
        response: { 200: LiveSchema },
      },
    },
    async () => ({ status: 'live' as const }),
  );

  /**
   * GET /api/health/ready — 200 `{status, database, migrations}` when this instance may take
   * traffic; 503 problem+json (`shutting_down`, `database_unreachable`, `migrations_pending`)
   * with `Retry-After: 5` otherwise. The database is given 2 s.
   */
  app.get(
    '/api/health/ready',
    {
      config: { logRequest: false },
      schema: {
        tags: ['service'],
        summary: 'Readiness probe',
        description:
          'Answers 200 when the database answers within 2 s, every migration of this build is applied and the instance is not stopping; 503 problem+json with Retry-After otherwise (code `shutting_down`, `database_unreachable` or `migrations_pending`). For load balancers and orchestrators.',
        security: [],
        response: { 200: ReadySchema, 503: ProblemSchema },
      },
    },
    async (request, reply) => {
      const retry = { 'Retry-After': RETRY_AFTER_SECONDS };
      if (app.draining) {
        return sendProblem(
          reply,
          {
            title: 'Service unavailable',
            status: 503,
            code: 'shutting_down',
            detail: 'This instance is stopping; send traffic to another one.',
          },
          retry,
        );
      }
      let pending: string[];
      try {
        pending = await within(
          pingDatabase(app.prisma).then(() => pendingMigrations()),
          HEALTH_PROBE_TIMEOUT_MS,
        );
      } catch (err) {
        request.log.warn({ err }, 'readiness: database unreachable');
        return sendProblem(
          reply,
          {
            title: 'Service unavailable',
            status: 503,
            code: 'database_unreachable',
            detail: `The database did not answer within ${HEALTH_PROBE_TIMEOUT_MS / 1000} s.`,
          },
          retry,
        );
      }
      if (pending.length > 0) {
        return sendProblem(
          reply,
          {
            title: 'Service unavailable',
            status: 503,
            code: 'migrations_pending',
            detail: `The database lacks ${pending.length} migration(s) of this version: ${pending.slice(0, 5).join(', ')}${pending.length > 5 ? ', …' : ''}.`,
          },
          retry,
        );
      }
      return { status: 'ready' as const, database: 'ok' as const, migrations: 'ok' as const };
    },
  );
};
