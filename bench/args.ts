/**
 * The command line of `pnpm bench` (node:util parseArgs):
 *
 *   --tickets N        tickets to generate (default 1,000,000; at least 1,000)
 *   --regenerate       generate the data set again even when one of the same size exists
 *   --duration S       seconds measured per scenario and server (default 10)
 *   --warmup S         seconds of warm-up before each measurement (default 3)
 *   --connections C    concurrent connections of the read scenarios (default 10; the create
 *                      scenario always uses 20, as the issue sets)
 *   --only a,b         run only these scenarios (ids from scenarios.ts)
 *   --out FILE         where to write the JSON (default bench/results/latest.json, or
 *                      bench/results/latest-1m.json for a full run at 1,000,000 tickets)
 *   --no-build         use server/dist as it is instead of building the server first
 *   --cpu-prof         run the Docket server with node --cpu-prof (profiles in .data/bench/profiles/;
 *                      summarise one with `pnpm --filter @docket/bench profile <file>`)
 *   --ci               the CI variant: no thresholds are judged, results go to bench/results/ci.json
 *   --worker-process   Docket as two processes (docs/scaling.md, OUTBOX_WORKERS=false): the API
 *                      with its outbox workers off, and a second instance running them at nice 10;
 *                      server CPU per request is both processes', and each process's peak RSS is
 *                      reported
 *
 * The database is BENCH_DATABASE_URL when set, else the embedded cluster of that size in
 * .data/bench/<N>-tickets/. BENCH_SERVER_NODE_OPTIONS passes Node/V8 flags to the Docket server
 * (e.g. `--max-old-space-size=160`); BENCH_SERVER_ENTRY runs another build of it (before/after
 * comparisons). Both are recorded in the results.
 */
import { parseArgs } from 'node:util';

export interface BenchArgs {
  tickets: number;
  regenerate: boolean;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  only: string[] | null;
  out: string | null;
  build: boolean;
  cpuProf: boolean;
  ci: boolean;
  /** Run the outbox workers in a second Docket process at nice 10 (--worker-process). */
  workerProcess: boolean;
  /** BENCH_DATABASE_URL, or undefined for the embedded cluster. */
  databaseUrl: string | undefined;
}

/** Thrown for a bad flag; run.ts prints the message and the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function positive(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(value) || value < min) {
    throw new UsageError(`--${name} must be a number ≥ ${min} (got ${JSON.stringify(raw)})`);
  }
  return value;
}

/**
 * Parses the flags above (`argv` without node and the script; a leading `--` is ignored).
 * @throws UsageError naming the flag at fault.
 */
export function parseBenchArgs(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): BenchArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.filter((arg) => arg !== '--'),
      options: {
        tickets: { type: 'string' },
        regenerate: { type: 'boolean', default: false },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        only: { type: 'string' },
        out: { type: 'string' },
        'no-build': { type: 'boolean', default: false },
        'cpu-prof': { type: 'boolean', default: false },
        ci: { type: 'boolean', default: false },
        'worker-process': { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  return {
    tickets: Math.round(positive('tickets', v.tickets, 1_000_000, 1000)),
    regenerate: v.regenerate ?? false,
    durationSeconds: positive('duration', v.duration, 10, 1),
    warmupSeconds: positive('warmup', v.warmup, 3, 0),
    connections: Math.round(positive('connections', v.connections, 10, 1)),
    only: v.only
      ? v.only
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null,
    out: v.out ?? null,
    build: !(v['no-build'] ?? false),
    cpuProf: v['cpu-prof'] ?? false,
    ci: v.ci ?? false,
    workerProcess: v['worker-process'] ?? false,
    databaseUrl: env.BENCH_DATABASE_URL || undefined,
  };
}
