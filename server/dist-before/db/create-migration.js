// `pnpm db:migration <name>`: writes the next migration of prisma/migrations from the changes made
// to prisma/schema.prisma, like `prisma migrate dev --create-only` (which needs the native schema
// engine this project cannot download). Runs Prisma's WebAssembly schema engine against a
// throwaway embedded PostgreSQL (or the server of DATABASE_URL when set, which is not modified:
// only a temporary shadow database is created there and dropped).
//
//   pnpm db:migration add_ticket_sla      → prisma/migrations/20250101120000_add_ticket_sla/migration.sql
//
// Review the SQL before committing it; hand-written SQL (data moves, extensions, …) can be added
// to the file, as with Prisma.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { migrationsDir, schemaPath } from './migrate.js';
import { diffMigrationsToSchema, MIGRATION_LOCK_CONTENT } from './schema-engine.js';
/**
 * Normalises a migration name the way it will appear in the folder name: lower case, runs of other
 * characters than a–z and 0–9 turned into one `_`, no leading/trailing `_`, at most 100
 * characters. Throws when nothing is left (e.g. an empty name).
 */
export function normalizeMigrationName(name) {
  const normalized = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 100);
  if (normalized === '')
    throw new Error(`invalid migration name ${JSON.stringify(name)}: use letters, digits and _`);
  return normalized;
}
/** `YYYYMMDDHHMMSS` in UTC, Prisma's migration folder prefix. */
function timestamp(date) {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}
/**
 * Diffs the migrations of `<repo>/prisma/migrations` against `<repo>/prisma/schema.prisma` and,
 * when they differ, writes `<repo>/prisma/migrations/<YYYYMMDDHHMMSS>_<name>/migration.sql` (the
 * SQL exactly as Prisma's engine renders it) plus `migration_lock.toml` when missing. Writes
 * nothing and returns `{ directory: null, sql: '' }` when they are in sync.
 *
 * The timestamp is the current UTC time, moved forward by a second if needed so that the new
 * folder sorts after every existing one (migrations apply in name order). Throws when the schema
 * is invalid, when an existing migration fails to apply to the shadow database, or when the
 * folder already exists. Takes 1–2 s (embedded PostgreSQL start + engine).
 */
export async function createMigration(options) {
  const log = options.log ?? ((message) => console.log(message));
  const name = normalizeMigrationName(options.name);
  const dir = migrationsDir();
  const schema = schemaPath();
  let databaseUrl = options.databaseUrl;
  let cleanup = async () => {};
  if (databaseUrl === undefined) {
    const tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-migration-'));
    cleanup = async () => fs.rm(tempDir, { recursive: true, force: true });
    try {
      const server = await startEmbeddedPostgres({ dataDir: tempDir, settings: { fsync: 'off' } });
      const previous = cleanup;
      cleanup = async () => {
        await server.stop();
        await previous();
      };
      databaseUrl = server.databaseUrl('postgres');
    } catch (error) {
      await cleanup();
      throw error;
    }
  }
  try {
    log(
      `comparing ${path.relative(process.cwd(), dir) || dir} with ${path.relative(process.cwd(), schema) || schema} …`,
    );
    const sql = await diffMigrationsToSchema(databaseUrl, dir, schema);
    if (sql === '') {
      log('no changes: the migrations already produce prisma/schema.prisma; nothing written.');
      return { directory: null, sql: '' };
    }
    await fs.mkdir(dir, { recursive: true });
    const existing = (await fs.readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const latest = existing.at(-1);
    let when = options.now ?? new Date();
    while (latest !== undefined && `${timestamp(when)}_${name}` <= latest) {
      when = new Date(when.getTime() + 1000);
    }
    const directory = path.join(dir, `${timestamp(when)}_${name}`);
    await fs.mkdir(directory); // fails if it exists: never overwrite a migration
    await fs.writeFile(path.join(directory, 'migration.sql'), sql, 'utf8');
    const lockFile = path.join(dir, 'migration_lock.toml');
    await fs.writeFile(lockFile, MIGRATION_LOCK_CONTENT, { encoding: 'utf8', flag: 'wx' }).then(
      () => log(`wrote ${lockFile}`),
      (error) => {
        if (error.code !== 'EEXIST') throw error;
      },
    );
    const steps = sql.split('\n').filter((line) => /^-- [A-Z]/.test(line));
    log(`wrote ${path.join(directory, 'migration.sql')} (${steps.length} step(s))`);
    return { directory, sql };
  } finally {
    await cleanup();
  }
}
async function main() {
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  if (args.length !== 1 || args[0] === '--help' || args[0] === '-h') {
    console.error('usage: pnpm db:migration <name>   (e.g. pnpm db:migration add_ticket_sla)');
    process.exitCode = 2;
    return;
  }
  const databaseUrl = process.env.DATABASE_URL || undefined;
  await createMigration({ name: args[0] ?? '', databaseUrl });
}
const invokedDirectly =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
//# sourceMappingURL=create-migration.js.map
