// Runs once per `vitest run`, in the main Vitest process. Provides to every test file (through
// Vitest's provide/inject) the URL of a PostgreSQL server on which test/helpers/database.ts creates
// one database per test file:
// - DATABASE_URL set: that server (its role needs CREATEDB); nothing is started or torn down.
// - otherwise: ONE embedded PostgreSQL in a throwaway temp folder, stopped and deleted at the end.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { migrate } from '../src/db/migrate.js';
import { databaseUrlFor } from './helpers/database-url.js';

/**
 * Creates `docket_template_<pid>` on the server of `adminUrl` and applies the migrations to it,
 * once per run: each test file's database is then a copy (a file copy in PostgreSQL, ~0.1 s)
 * instead of a migration run. Returns its name and a function that drops it.
 */
async function createTemplate(
  adminUrl: string,
): Promise<{ name: string; drop: () => Promise<void> }> {
  const name = `docket_template_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  await migrate(databaseUrlFor(adminUrl, name), { log: () => {} });
  return { name, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of an existing database on the test server, used to create and drop test databases. */
    databaseAdminUrl: string;
    /** Name of a database migrated once per run, copied (`CREATE DATABASE … TEMPLATE`) per file. */
    templateDatabase: string;
  }
}

/**
 * Vitest global setup (Vitest 4: receives the TestProject, returns the teardown). Starts the test
 * PostgreSQL unless DATABASE_URL is set, and `project.provide`s `databaseAdminUrl`, read in test
 * files with `inject('databaseAdminUrl')`. The embedded server skips fsync (its data is thrown
 * away). Starting it (initdb included) takes about 1 s. Throws when it cannot start.
 */
export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.DATABASE_URL;
  if (external) {
    project.provide('databaseAdminUrl', external);
    const template = await createTemplate(external);
    project.provide('templateDatabase', template.name);
    return template.drop;
  }
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-test-pg-'));
  const removeDataDir = () => fs.rm(dataDir, { recursive: true, force: true });
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  try {
    server = await startEmbeddedPostgres({
      dataDir,
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    });
  } catch (error) {
    await removeDataDir();
    throw error;
  }
  project.provide('databaseAdminUrl', server.databaseUrl('postgres'));
  project.provide('templateDatabase', (await createTemplate(server.databaseUrl('postgres'))).name);
  const { stop, clusterDir } = server;
  return async () => {
    await stop();
    await removeDataDir();
    // Placed outside the data folder when the tests run as root from a private temp folder.
    await fs.rm(clusterDir, { recursive: true, force: true });
  };
}
