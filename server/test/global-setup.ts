// Runs once per `vitest run`, in the main Vitest process. Provides to every test file (through
// Vitest's provide/inject) the URL of a PostgreSQL server on which test/helpers/database.ts creates
// one database per test file:
// - DATABASE_URL set: that server (its role needs CREATEDB); nothing is started or torn down.
// - otherwise: ONE embedded PostgreSQL in a throwaway temp folder, stopped and deleted at the end.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of an existing database on the test server, used to create and drop test databases. */
    databaseAdminUrl: string;
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
    return undefined;
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
  const stop = server.stop;
  return async () => {
    await stop();
    await removeDataDir();
  };
}
