/**
 * Load generation and measurement for the benchmark: autocannon's programmatic API over
 * 127.0.0.1 only, exact latency percentiles from every response's time, and the peak resident
 * memory of a server process sampled from /proc/<pid>/status.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import type pg from 'pg';
import type { ScenarioRequest } from './scenarios.js';

/** What one measured run gives: throughput, latency and every kind of failure. */
export interface LoadResult {
  /** Completed requests per second over the measured duration. */
  requestsPerSecond: number;
  /** Completed requests (any status). */
  requests: number;
  /** Responses with a 2xx status. */
  ok: number;
  /** Latency in milliseconds, from each response's time (not autocannon's per-second buckets). */
  latencyMs: { mean: number; p50: number; p95: number; p97_5: number; p99: number; max: number };
  /** Non-2xx responses + socket errors + timeouts: the "zero errors" counts all of them. */
  errors: number;
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  /** Count of responses per status code, e.g. {"200": 31000}. */
  statusCodes: Record<string, number>;
  durationSeconds: number;
}

export interface LoadOptions {
  /** Base URL, e.g. http://127.0.0.1:41234 (loopback only). */
  baseUrl: string;
  connections: number;
  durationSeconds: number;
  /** Extra headers of every request (e.g. Authorization). */
  headers?: Record<string, string>;
  request: ScenarioRequest;
}

/** The value at quantile `q` (0–1) of ascending `sorted`, nearest rank; 0 when empty. */
export function quantile(sorted: Float64Array | number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

/** A request's body as sent: JSON, or the raw text of another content type. */
function encodeBody(request: ScenarioRequest, body: unknown): string {
  return request.contentType && typeof body === 'string' ? body : JSON.stringify(body);
}

/**
 * Drives `request` at `baseUrl` with `connections` concurrent connections (one request in flight
 * on each) for `durationSeconds`, and measures it. Refuses any host but a loopback address.
 * Each request times out after 10 s (counted in `timeouts`).
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.baseUrl);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`the benchmark only sends traffic to loopback, not to ${url.hostname}`);
  }
  const { request } = options;
  const headers: Record<string, string> = { ...options.headers };
  if (request.body) headers['content-type'] = request.contentType ?? 'application/json';
  Object.assign(headers, request.headers);
  const firstPath = typeof request.path === 'string' ? request.path : request.path();

  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const options_: autocannon.Options = {
    url: options.baseUrl,
    connections: options.connections,
    pipelining: 1,
    duration: options.durationSeconds,
    timeout: 10,
    requests: [
      {
        method: request.method,
        path: firstPath,
        headers,
        setupRequest: (req) => ({
          ...req,
          path: typeof request.path === 'string' ? request.path : request.path(),
          ...(request.body ? { body: encodeBody(request, request.body()) } : {}),
        }),
      },
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options_, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client, statusCode, _bytes, ms) => {
      latencies.push(ms);
      const key = String(statusCode);
      statusCodes[key] = (statusCodes[key] ?? 0) + 1;
    });
  });

  const sorted = Float64Array.from(latencies).sort();
  const total = sorted.reduce((sum, v) => sum + v, 0);
  const ok = Object.entries(statusCodes)
    .filter(([code]) => code.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  const non2xx = latencies.length - ok;
  const socketErrors = Math.max(0, result.errors - result.timeouts);
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    requestsPerSecond: round(latencies.length / result.duration),
    requests: latencies.length,
    ok,
    latencyMs: {
      mean: round(sorted.length ? total / sorted.length : 0),
      p50: round(quantile(sorted, 0.5)),
      p95: round(quantile(sorted, 0.95)),
      p97_5: round(quantile(sorted, 0.975)),
      p99: round(quantile(sorted, 0.99)),
      max: round(sorted.length ? (sorted[sorted.length - 1] ?? 0) : 0),
    },
    errors: non2xx + socketErrors + result.timeouts,
    non2xx,
    socketErrors,
    timeouts: result.timeouts,
    statusCodes,
    durationSeconds: round(result.duration),
  };
}

/** VmRSS and VmHWM (peak) of a process in MiB, from /proc; null when it is gone or not Linux. */
export function processMemory(pid: number): { rssMb: number; peakMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
    const rss = kb('VmRSS');
    const hwm = kb('VmHWM');
    if (!Number.isFinite(rss) || !Number.isFinite(hwm)) return null;
    return {
      rssMb: Math.round((rss / 1024) * 10) / 10,
      peakMb: Math.round((hwm / 1024) * 10) / 10,
    };
  } catch {
    return null;
  }
}

/**
 * Samples a process's resident memory every `intervalMs` until `stop()`, which returns the
 * highest value seen (MiB) — the peak during the work in between.
 */
export function sampleRss(pid: number, intervalMs = 100): { stop(): number } {
  let peak = processMemory(pid)?.rssMb ?? 0;
  const timer = setInterval(() => {
    const rss = processMemory(pid)?.rssMb ?? 0;
    if (rss > peak) peak = rss;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const rss = processMemory(pid)?.rssMb ?? 0;
      return Math.max(peak, rss);
    },
  };
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux). */
const CLOCK_TICKS = 100;

/**
 * CPU time a process has used, in seconds (user + system, from /proc/<pid>/stat); with
 * `children`, also the time of its children it has reaped (how PostgreSQL's postmaster counts
 * backends that have exited). null when unavailable.
 */
export function processCpuSeconds(pid: number, children = false): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    const ticks = (n: number) => Number(fields[n - 3]);
    const total = ticks(14) + ticks(15) + (children ? ticks(16) + ticks(17) : 0);
    return Number.isFinite(total) ? total / CLOCK_TICKS : null;
  } catch {
    return null;
  }
}

/** The ids of the processes whose parent is `ppid` (PostgreSQL's backends), from /proc. */
function childrenOf(ppid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === ppid) found.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

/**
 * CPU seconds used so far by a PostgreSQL server: the postmaster, the backends it has reaped, and
 * those still running. Differences of two readings give the database's share of a workload.
 */
export function postgresCpuSeconds(postmasterPid: number): number | null {
  const own = processCpuSeconds(postmasterPid, true);
  if (own === null) return null;
  return childrenOf(postmasterPid).reduce((sum, pid) => sum + (processCpuSeconds(pid) ?? 0), own);
}

/** The PostgreSQL server's main process id, when it runs on this machine and says where its data is. */
export async function findPostmasterPid(db: pg.Client): Promise<number | null> {
  try {
    const dir = (await db.query('SHOW data_directory')).rows[0].data_directory as string;
    const pid = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
