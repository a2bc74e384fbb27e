/**
 * The daily retention job (docs/product.md "Data-subject requests"; retention.ts): every hour,
 * one pass over the organizations with a retention setting; each organization runs at most once
 * a day across every instance (retention.ts claims the day in the database first). One pass at a
 * time; the timer does not keep the process alive and stops when the app closes.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { PrismaClient } from '../../lib/db.js';
import { runRetention } from './retention.js';

/** How often the job looks for organizations due (their day is claimed in the database). */
const CHECK_INTERVAL_MS = 3_600_000;

async function retentionJob(
  app: FastifyInstance,
  opts: { prisma: PrismaClient; removeKeys: (keys: readonly string[]) => Promise<number> },
) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runRetention(opts)
      .then((runs) => {
        for (const run of runs) app.log.info(run, 'retention run');
      })
      .catch((err: unknown) => app.log.warn({ err }, 'retention run failed'))
      .finally(() => (running = false));
  }, CHECK_INTERVAL_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}

export default fp(retentionJob, { name: 'retention-job', fastify: '5.x' });
