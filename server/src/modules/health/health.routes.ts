/**
 * GET /api/health: 200 `{status: "ok", database: "ok"}` when the database answers `SELECT 1`
 * within HEALTH_PROBE_TIMEOUT_MS (2 s), else 503 `{status: "error", database: "unreachable"}` with
 * `Retry-After: 5` — at once when the database is down, after 2 s when it is frozen, so that a
 * load balancer's probe is never left hanging.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pingDatabase } from './health.repository.js';

const HealthSchema = z.object({
  status: z.enum(['ok', 'error']),
  database: z.enum(['ok', 'unreachable']),
});

/** How long the health check waits for the database, ms. */
export const HEALTH_PROBE_TIMEOUT_MS = 2_000;

/** Resolves with `promise`, or rejects after `ms` (the promise is left to settle on its own). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
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
};
