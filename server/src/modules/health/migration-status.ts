/**
 * Whether this build's migrations are all applied, for GET /api/health/ready: the folders of
 * `<repo>/prisma/migrations` (what db/migrate.ts applies at start) against the history the
 * database keeps in `_prisma_migrations`. Migrations the database has and this build does not
 * (applied by a newer instance during a rolling deploy) do not count against it.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../lib/db.js';
import { migrationsDir } from '../../db/migrate.js';
import { findAppliedMigrationNames } from './health.repository.js';

/** The migration names of `dir`: its sub-folders holding a `migration.sql`, sorted. */
async function listMigrations(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => existsSync(path.join(dir, name, 'migration.sql')))
    .sort();
}

/**
 * A check returning the names of the migrations of `<repo>/prisma/migrations` that the database
 * of `db` has not applied (`[]`: up to date). The folder is read once; once
 * every migration was seen applied the answer is kept (migrations are never unapplied) and the
 * database is no longer asked. Rejects with the database's or the file system's error.
 */
export function createMigrationCheck(db: Db): () => Promise<string[]> {
  let expected: Promise<string[]> | undefined;
  let upToDate = false;
  return async () => {
    if (upToDate) return [];
    expected ??= listMigrations(migrationsDir());
    expected.catch(() => (expected = undefined));
    const [names, applied] = await Promise.all([expected, findAppliedMigrationNames(db)]);
    const done = new Set(applied);
    const pending = names.filter((name) => !done.has(name));
    if (pending.length === 0) upToDate = true;
    return pending;
  };
}
