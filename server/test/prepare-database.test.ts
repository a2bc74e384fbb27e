// Start-up preparation (db/prepare-database.ts): two instances starting together on an empty
// database apply the migrations once and seed the demo data once, one waiting for the other on
// the advisory lock; a later start finds nothing to do.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../src/db/prisma.js';
import { migrationsDir } from '../src/db/migrate.js';
import { prepareDatabase, type PreparedDatabase } from '../src/db/prepare-database.js';
import { DEMO_LOGINS } from '../src/seed/demo-data.js';
import { testConfig } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

const migrationNames = readdirSync(migrationsDir(), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

let db: TestDatabase;
const other: { prisma?: ReturnType<typeof createPrismaClient> } = {};
let results: PreparedDatabase[];

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  other.prisma = createPrismaClient(db.url, { poolSize: 2 });
  const { repoRoot } = testConfig();
  // Two instances, each with its own connections, starting at the same moment.
  results = await Promise.all(
    [db.prisma, other.prisma].map((prisma) =>
      prepareDatabase({
        databaseUrl: db.url,
        log: () => {},
        seed: { prisma, repoRoot, ticketCount: 3 },
      }),
    ),
  );
}, 120_000);
afterAll(async () => {
  await other.prisma?.$disconnect();
  await db?.drop();
});

describe('preparing the database from several instances at once', () => {
  it('applies every migration once: one instance applies them, the other finds none', () => {
    const applied = results.map((r) => r.applied.length).sort((a, b) => a - b);
    expect(applied).toEqual([0, migrationNames.length]);
    expect(results.find((r) => r.applied.length)!.applied).toEqual(migrationNames);
  });

  it('records each migration once in _prisma_migrations', async () => {
    const rows = await db.prisma.$queryRaw<{ migration_name: string; finished: boolean }[]>`
      SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations
      ORDER BY migration_name`;
    expect(rows.map((r) => r.migration_name)).toEqual(migrationNames);
    expect(rows.every((r) => r.finished)).toBe(true);
  });

  it('seeds once: the second instance creates nothing', async () => {
    const created = results.map((r) => r.seeded).sort((a, b) => a!.createdUsers - b!.createdUsers);
    expect(created[0]).toEqual({ createdUsers: 0, createdTickets: 0 });
    expect(created[1]!.createdUsers).toBe(DEMO_LOGINS.length);
    expect(await db.prisma.organization.count({ where: { slug: 'acme' } })).toBe(1);
    expect(await db.prisma.user.count({ where: { email: DEMO_LOGINS[0]!.email } })).toBe(1);
    expect(await db.prisma.user.count()).toBe(DEMO_LOGINS.length);
    // Each organization's demo tickets once (3 each, numbered 1 to 3).
    expect(await db.prisma.ticket.count()).toBe(3 * (await db.prisma.organization.count()));
    // One instance waited for the other's work.
    expect(Math.max(...results.map((r) => r.waitedMs))).toBeGreaterThan(0);
  });

  it('finds nothing to do on a later start, and leaves the lock free', async () => {
    const again = await prepareDatabase({
      databaseUrl: db.url,
      log: () => {},
      seed: { prisma: db.prisma, repoRoot: testConfig().repoRoot, ticketCount: 3 },
    });
    expect(again.applied).toEqual([]);
    expect(again.seeded).toEqual({ createdUsers: 0, createdTickets: 0 });
    const [row] = await db.prisma.$queryRaw<{ held: bigint }[]>`
      SELECT count(*) AS held FROM pg_locks WHERE locktype = 'advisory'
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
    expect(Number(row?.held)).toBe(0);
  });
});
