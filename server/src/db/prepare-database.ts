// What every instance does with the database before it serves: apply pending migrations, then
// seed the demo data when asked, under one PostgreSQL advisory lock so that N instances starting
// together migrate once and seed once (docs/scaling.md "Starting several instances").
import pg from 'pg';
import type { PrismaClient } from '../generated/prisma/client.js';
import { seedDemoData } from '../seed/demo-data.js';
import { migrate, type MigrateOptions } from './migrate.js';

/**
 * The session-level advisory lock key of start-up preparation: the ASCII of "docket" then 0x0001,
 * a fixed 64-bit number (PostgreSQL's advisory keys are bigint). It must differ from the key
 * Prisma's schema engine locks while it migrates (72707369), which it takes on a connection of
 * its own while we hold this one.
 */
export const PREPARE_LOCK_KEY = '7237970109966532609';

export interface PrepareDatabaseOptions extends MigrateOptions {
  /** The database's URL (migrations and the lock's dedicated connection). */
  databaseUrl: string;
  /** Seed the demo data with this client (SEED_DEMO_DATA); omitted: no seed. */
  seed?: { prisma: PrismaClient; repoRoot: string; ticketCount?: number };
}

export interface PreparedDatabase {
  /** Migrations applied now (`[]` when another instance had applied them). */
  applied: string[];
  /** What the seed created (zeros when it had already run); null without `seed`. */
  seeded: { createdUsers: number; createdTickets: number } | null;
  /** Milliseconds spent waiting for another instance's preparation. */
  waitedMs: number;
}

/**
 * Takes `pg_advisory_lock(PREPARE_LOCK_KEY)` on a dedicated connection, applies the pending
 * migrations (db/migrate.ts), seeds the demo data if `seed` is given (seed/demo-data.ts, which
 * creates only what is missing), then releases the lock and closes that connection. A second
 * instance starting meanwhile waits on the lock, then finds nothing to apply and nothing to
 * create. The lock is a session lock: should this process die while holding it, PostgreSQL
 * releases it with the connection.
 * @throws what migrate() or the seed throws (the server should then refuse to start), or the
 *   connection's error; the lock is released either way.
 */
export async function prepareDatabase(options: PrepareDatabaseOptions): Promise<PreparedDatabase> {
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const waiting = performance.now();
    await client.query('SELECT pg_advisory_lock($1::bigint)', [PREPARE_LOCK_KEY]);
    const waitedMs = Math.round(performance.now() - waiting);
    try {
      const applied = await migrate(options.databaseUrl, options);
      const seeded = options.seed
        ? await seedDemoData(options.seed.prisma, {
            repoRoot: options.seed.repoRoot,
            ticketCount: options.seed.ticketCount,
          })
        : null;
      return { applied, seeded, waitedMs };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [PREPARE_LOCK_KEY]);
    }
  } finally {
    await client.end().catch(() => {});
  }
}
