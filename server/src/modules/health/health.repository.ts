/** The database probe of the health check (health.routes.ts). */
import type { Db } from '../../lib/db.js';

/** Runs `SELECT 1` with `db`: resolves when the database answers, rejects with its error. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}
