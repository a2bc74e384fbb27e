// The migrations in prisma/migrations: they apply, they are recorded like Prisma records them,
// and they produce exactly what prisma/schema.prisma describes (no drift).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate, migrationsDir, schemaPath } from '../src/db/migrate.js';
import { diffMigrationsToSchema } from '../src/db/schema-engine.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

const migrationNames = readdirSync(migrationsDir(), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  let db: TestDatabase;
  let firstRun: string[];

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    firstRun = await migrate(db.url, { log: () => {} });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('exist', () => {
    expect(migrationNames.length).toBeGreaterThan(0);
    expect(migrationNames[0]).toMatch(/^\d{14}_init$/);
  });

  it('apply to an empty database, and re-applying them is a no-op', async () => {
    expect(firstRun).toEqual(migrationNames);
    const tables = await query<{ table_name: string }>(
      db.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining([
        'organizations',
        'users',
        'tickets',
        'ticket_responses',
        'outbox_messages',
      ]),
    );

    expect(await migrate(db.url, { log: () => {} })).toEqual([]);
  });

  it('are recorded in _prisma_migrations as Prisma records them', async () => {
    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      applied_steps_count: number;
    }>(db.url, 'SELECT * FROM _prisma_migrations ORDER BY migration_name');
    expect(rows.map((row) => row.migration_name)).toEqual(migrationNames);
    for (const row of rows) {
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      // Prisma's checksum is the SHA-256 of migration.sql: `prisma migrate deploy` elsewhere agrees.
      const sql = readFileSync(path.join(migrationsDir(), row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
    }
  });

  // Replays the migrations into a shadow database and compares the result with schema.prisma.
  // SQL-only features (written by hand into a migration.sql) are judged by what Prisma models:
  // - not modelled at all (functions, triggers, views, CHECK constraints, extensions, indexes on
  //   expressions or with a WHERE): invisible on both sides, never drift — checked by hand;
  // - modelled (a column, a plain/GIN index, a default) but missing from schema.prisma: reported
  //   here as a DROP. Declare it in schema.prisma when Prisma can express it, e.g.
  //   `@@index([subject(ops: raw("gin_trgm_ops"))], type: Gin)`; if it truly cannot be, remove
  //   exactly that statement (by object name) from `missing` before the assertion.
  it('produce exactly prisma/schema.prisma (no drift)', async () => {
    const missing = await diffMigrationsToSchema(
      inject('databaseAdminUrl'),
      migrationsDir(),
      schemaPath(),
    );
    expect(
      missing,
      'prisma/schema.prisma and prisma/migrations disagree. If schema.prisma is right, run ' +
        '`pnpm db:migration <name>` and commit the new migration; if a migration was edited, revert it. ' +
        'SQL that would bring the migrations to schema.prisma:\n',
    ).toBe('');
  });

  it('give a database the PrismaClient can use', async () => {
    const org = await db.prisma.organization.create({ data: { name: 'Acme', slug: 'acme' } });
    expect(org.ticketCounter).toBe(0);
    expect(await db.prisma.organization.count()).toBe(1);
  });
});
