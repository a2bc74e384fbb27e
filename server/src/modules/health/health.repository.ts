/** The database probes of the health checks (health.routes.ts). */
import type { Db } from '../../lib/db.js';

/** Runs `SELECT 1` with `db`: resolves when the database answers, rejects with its error. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}

/**
 * The names of the migrations the database records as applied: finished and not rolled back,
 * in `_prisma_migrations` (Prisma's history table, which db/migrate.ts keeps). A database that has
 * no such table yet has applied none. One read of a table of a few dozen rows.
 */
export async function findAppliedMigrationNames(db: Db): Promise<string[]> {
  const [table] = await db.$queryRaw<{ exists: boolean }[]>`
    SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists`;
  if (!table?.exists) return [];
  const rows = await db.$queryRaw<{ name: string }[]>`
    SELECT migration_name AS name FROM _prisma_migrations
    WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  return rows.map((row) => row.name);
}
