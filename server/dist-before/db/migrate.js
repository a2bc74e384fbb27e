// Applies Docket's migrations (`<repo>/prisma/migrations`) at startup and in tests, through
// Prisma's WebAssembly schema engine (./schema-engine.ts): the same `_prisma_migrations` history
// that `prisma migrate deploy` keeps.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMigrations } from './schema-engine.js';
/**
 * The folder holding `prisma/schema.prisma`: the first one found walking up from `from` (by
 * default this file's folder). Works from `server/src/db` (tsx, Vitest), from `server/dist/db`
 * (compiled), and in the production image, where `prisma/` is copied beside `server/`.
 * Throws when no parent folder has `prisma/schema.prisma`.
 */
export function findRepoRoot(from = path.dirname(fileURLToPath(import.meta.url))) {
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
export function migrationsDir() {
  return path.join(findRepoRoot(), 'prisma', 'migrations');
}
/** Absolute path of `<repo>/prisma/schema.prisma`. */
export function schemaPath() {
  return path.join(findRepoRoot(), 'prisma', 'schema.prisma');
}
/**
 * Applies the pending migrations of `<repo>/prisma/migrations` to the database of `databaseUrl`
 * (which must exist) and logs what it applied ("applied 1 migration(s): 20250101000000_init") or
 * that the database was up to date. Returns the names applied now (`[]` when up to date).
 *
 * Idempotent and safe to run from several processes at once (the engine serialises them with an
 * advisory lock). Throws, with the engine's message, when a migration fails or when an applied
 * migration's file was edited since; the server should then refuse to start.
 */
export async function migrate(databaseUrl, options = {}) {
  const log = options.log ?? ((message) => console.log(message));
  const dir = migrationsDir();
  const started = performance.now();
  const applied = await applyMigrations(databaseUrl, dir);
  const ms = Math.round(performance.now() - started);
  if (applied.length === 0) {
    log(`database schema is up to date (${dir}, checked in ${ms} ms)`);
  } else {
    log(`applied ${applied.length} migration(s) in ${ms} ms: ${applied.join(', ')}`);
  }
  return applied;
}
//# sourceMappingURL=migrate.js.map
