/**
 * The benchmark's database: `BENCH_DATABASE_URL` when set (a database of its own: `--regenerate`
 * empties its `public` schema), otherwise an embedded PostgreSQL (the server's own wrapper,
 * server/src/db/embedded-postgres.ts) in `<repo>/.data/bench/`, kept between runs so that the
 * generated data set is reused.
 *
 * The embedded cluster gets the settings a small production server would have (below); the
 * Docket server and the bare baseline both run against it, so the ratio between them does not
 * depend on these choices, only the absolute figures do.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '../server/src/db/embedded-postgres.js';

/** The repository root (this file is in `<repo>/bench/`). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The benchmark's folder of logs, profiles and clusters (`.data/` is ignored by git). */
export const BENCH_DATA_DIR = path.join(REPO_ROOT, '.data', 'bench');

/** The Docket server's DATA_DIR in the benchmark's runs (attachments, and the mails it captures). */
export const SERVER_DATA_DIR = path.join(BENCH_DATA_DIR, 'server');

/**
 * The embedded cluster of a data set of `tickets` tickets: one per size, so that the CI's small
 * run never replaces a million tickets that took minutes to generate.
 */
export function clusterDir(tickets: number): string {
  return path.join(BENCH_DATA_DIR, `${tickets}-tickets`);
}

/**
 * PostgreSQL settings of the embedded bench cluster, as `-c name=value`: a modest share of
 * memory for a 2-core machine, SSD costs, and WAL room so that bulk generation does not
 * checkpoint every few seconds. Durability is left on (fsync, synchronous_commit): the write
 * scenarios pay for real commits.
 */
export const BENCH_PG_SETTINGS: Record<string, string> = {
  shared_buffers: '512MB',
  effective_cache_size: '4GB',
  work_mem: '16MB',
  maintenance_work_mem: '512MB',
  max_wal_size: '8GB',
  checkpoint_timeout: '15min',
  random_page_cost: '1.1',
  max_connections: '100',
};

export interface BenchDatabase {
  /** Connection URL of the bench database. */
  url: string;
  /** True when the database is the embedded one (then `stop()` stops it). */
  embedded: boolean;
  /** Stops the embedded server (no-op for BENCH_DATABASE_URL). */
  stop(): Promise<void>;
}

/**
 * Opens the bench database: `benchDatabaseUrl` (BENCH_DATABASE_URL) as is, or starts the
 * embedded cluster of a data set of `tickets` tickets (clusterDir; initialised on first use,
 * about 2 s; then about 0.5 s).
 * @throws when the embedded server cannot start (message with the server's log tail).
 */
export async function openBenchDatabase(
  benchDatabaseUrl: string | undefined,
  tickets: number,
): Promise<BenchDatabase> {
  if (benchDatabaseUrl) {
    return { url: benchDatabaseUrl, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({
    dataDir: clusterDir(tickets),
    settings: BENCH_PG_SETTINGS,
  });
  return { url: server.databaseUrl(), embedded: true, stop: () => server.stop() };
}
