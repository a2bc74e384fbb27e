// Applies Docket's migrations (`<repo>/prisma/migrations`) at startup and in tests, through
// Prisma's WebAssembly schema engine (./schema-engine.ts): the same `_prisma_migrations` history
// that `prisma migrate deploy` keeps.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { applyMigrations, readMigrationsList } from './schema-engine.js';

/**
 * The folder holding `prisma/schema.prisma`: the first one found walking up from `from` (by
 * default this file's folder). Works from `server/src/db` (tsx, Vitest), from `server/dist/db`
 * (compiled), and in the production image, where `prisma/` is copied beside `server/`.
 * Throws when no parent folder has `prisma/schema.prisma`.
 */
export function findRepoRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, 'prisma', 'schema.prisma'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`no prisma/schema.prisma found in ${from} or any folder above it`);
    }
    dir = parent;
  }
}

/** Absolute path of `<repo>/prisma/migrations` (which may not exist yet). */
export function migrationsDir(): string {
  return path.join(findRepoRoot(), 'prisma', 'migrations');
}

/** Absolute path of `<repo>/prisma/schema.prisma`. */
export function schemaPath(): string {
  return path.join(findRepoRoot(), 'prisma', 'schema.prisma');
}

export interface MigrateOptions {
  /** Where to report what was applied; `console.log` by default, `() => {}` to be silent. */
  log?: (message: string) => void;
}

/**
 * Applies the pending migrations of `<repo>/prisma/migrations` to the database of `databaseUrl`
 * (which must exist) and logs what it applied ("applied 1 migration(s): 20250101000000_init") or
 * that the database was up to date. Returns the names applied now (`[]` when up to date).
 *
 * When `_prisma_migrations` already records every migration of the folder as applied, with the
 * same checksum, and nothing else (no failed or unknown migration), the schema engine is not
 * loaded at all (isUpToDate): it is WebAssembly that stays resident once loaded (bench/: tens of
 * MB of the server's memory), for nothing on an ordinary restart. Anything else goes to the
 * engine, which applies, or refuses, exactly as before.
 *
 * Idempotent and safe to run from several processes at once (the engine serialises them with an
 * advisory lock). Throws, with the engine's message, when a migration fails or when an applied
 * migration's file was edited since; the server should then refuse to start.
 */
export async function migrate(
  databaseUrl: string,
  options: MigrateOptions = {},
): Promise<string[]> {
  const log = options.log ?? ((message: string) => console.log(message));
  const dir = migrationsDir();
  const started = performance.now();
  const applied = (await isUpToDate(databaseUrl, dir))
    ? []
    : await applyMigrations(databaseUrl, dir);
  const ms = Math.round(performance.now() - started);
  if (applied.length === 0) {
    log(`database schema is up to date (${dir}, checked in ${ms} ms)`);
  } else {
    log(`applied ${applied.length} migration(s) in ${ms} ms: ${applied.join(', ')}`);
  }
  return applied;
}

/**
 * Whether the database of `databaseUrl` has applied exactly the migrations of `dir`, as Prisma
 * records them in `_prisma_migrations`: for each folder a finished, not rolled back row of that
 * name whose checksum is the SHA-256 (hex) of its migration.sql (what Prisma writes), and no
 * other row that is not rolled back (a failed migration, or one this folder does not have).
 * False when the table does not exist or cannot be read: the engine then decides.
 */
export async function isUpToDate(databaseUrl: string, dir: string): Promise<boolean> {
  const list = await readMigrationsList(dir);
  const expected = new Map<string, string>();
  for (const migration of list.migrationDirectories) {
    if (migration.migrationFile.content.tag !== 'ok') return false;
    const sql = migration.migrationFile.content.value;
    expected.set(migration.path, createHash('sha256').update(sql).digest('hex'));
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished: boolean;
    }>(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished
       FROM _prisma_migrations WHERE rolled_back_at IS NULL`,
    );
    if (rows.length !== expected.size) return false;
    return rows.every((row) => row.finished && expected.get(row.migration_name) === row.checksum);
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
