/**
 * Docket's process: read the config, start the embedded PostgreSQL when no DATABASE_URL is given,
 * apply pending migrations and seed the demo data (development) under an advisory lock
 * (db/prepare-database.ts), build the app and listen.
 * SIGINT/SIGTERM drain the app (plugins/drain.ts: not ready, stop accepting, finish requests in
 * flight, end the live streams, stop the outbox workers and hand back their leases), then stop the
 * database; past SHUTDOWN_TIMEOUT_MS (default 10 s) the process exits anyway (close-with-grace).
 */
import path from 'node:path';
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { startEmbeddedPostgres } from './db/embedded-postgres.js';
import { prepareDatabase } from './db/prepare-database.js';
import { createPrismaClient } from './db/prisma.js';
import { DEMO_LOGINS, DEMO_PASSWORD } from './seed/demo-data.js';

async function main() {
  const started = Date.now();
  const config = loadConfig();

  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres({ dataDir: config.dataDir });
  const databaseUrl = config.databaseUrl ?? embedded!.databaseUrl();

  // Installed before anything else starts, so a signal during start-up still stops the database.
  const running: { app?: FastifyInstance } = {};
  closeWithGrace({ delay: config.shutdown.timeoutMs }, async ({ signal, err }) => {
    if (err) (running.app?.log ?? console).error({ err }, 'shutting down after an error');
    else running.app?.log.info({ signal }, 'shutting down');
    await running.app?.drain();
    await embedded?.stop();
  });

  const prisma = createPrismaClient(databaseUrl, {
    poolSize: config.databasePoolSize,
    connectionTimeoutMs: config.databaseConnectTimeoutMs,
    queryTimeoutMs: config.databaseQueryTimeoutMs,
  });
  // Migrations, then the demo seed, once however many instances start together (advisory lock).
  const prepared = await prepareDatabase({
    databaseUrl,
    seed: config.seedDemoData ? { prisma, repoRoot: config.repoRoot } : undefined,
  });
  const app = await buildApp(config, { prisma, databaseUrl });
  running.app = app;
  if (prepared.seeded) app.log.info(prepared.seeded, 'demo data ready');

  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  // As root, a cluster the "postgres" user could not reach in DATA_DIR is placed elsewhere.
  const placedElsewhere =
    embedded !== null && !embedded.clusterDir.startsWith(config.dataDir + path.sep);
  const database = embedded
    ? `embedded PostgreSQL in ${config.dataDir}` +
      (placedElsewhere
        ? ` (cluster in ${embedded.clusterDir}: the "postgres" user cannot reach this folder)`
        : '')
    : 'DATABASE_URL';
  const lines = [
    '',
    `  Docket is running at ${url}${config.serveWeb ? '' : '  (API only: web/dist not built)'}`,
    `  Database: ${database}`,
    `  Ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  ];
  if (config.seedDemoData) {
    lines.push('', `  Demo sign-ins (password "${DEMO_PASSWORD}"):`);
    for (const login of DEMO_LOGINS) {
      lines.push(`    ${login.email.padEnd(24)} ${login.role.padEnd(9)} ${login.organization}`);
    }
  }
  console.log(lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
