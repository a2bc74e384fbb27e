// One fresh, migrated database per test file, on the server provided by test/global-setup.ts.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { createPrismaClient } from '../../src/db/prisma.js';
import { databaseUrlFor } from './database-url.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';

export interface TestDatabase {
  /** Connection URL of the new database. */
  url: string;
  /** A PrismaClient on it (small pool); disconnected by `drop()`. */
  prisma: PrismaClient;
  /** Disconnects `prisma` and drops the database (idempotent). Call it in `afterAll`. */
  drop(): Promise<void>;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('databaseAdminUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates a database with a unique name (`docket_test_<pid>_<random>`) on the test server as a
 * copy of the run's migrated template, checks it with `migrate()` (the server's start-up path:
 * nothing pending, so nothing applied), and returns its URL, a PrismaClient on it, and `drop()`.
 * Each test file calls it once (in `beforeAll`) so files are isolated from each other.
 *
 * `options.migrate: false` leaves the database empty (for tests of the migrations themselves).
 * Throws when the server refuses CREATE DATABASE or a migration fails.
 */
export async function createTestDatabase(
  options: { migrate?: boolean; poolSize?: number } = {},
): Promise<TestDatabase> {
  const name = `docket_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const quoted = pg.escapeIdentifier(name);
  // Migrated: a copy of the run's template (migrated once by global-setup.ts); else empty.
  const template = (options.migrate ?? true) ? inject('templateDatabase') : undefined;
  await admin(
    `CREATE DATABASE ${quoted}${template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : ''}`,
  );
  const url = databaseUrlFor(inject('databaseAdminUrl'), name);
  try {
    // A no-op on the copy; it keeps the server's start-up path (migrate) exercised per file.
    if (options.migrate ?? true) await migrate(url, { log: () => {} });
  } catch (error) {
    await admin(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    throw error;
  }
  const prisma = createPrismaClient(url, { poolSize: options.poolSize ?? 4 });
  let dropping: Promise<void> | undefined;
  return {
    url,
    prisma,
    drop() {
      dropping ??= (async () => {
        await prisma.$disconnect();
        await admin(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
      })();
      return dropping;
    },
  };
}
