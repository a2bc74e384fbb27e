import type { RoutingCost, RoutingSubscriberCost } from './routing.js';
import type { RuleSubscriberCost } from './rules.js';
/**
 * The benchmark's results: the JSON written under bench/results/, the targets of the issue judged
 * against them (reported, never asserted), and the table printed on the terminal (cli-table3).
 */
import Table from 'cli-table3';
import type { DatasetMeta } from './generate.js';
import type { LoadResult } from './load.js';

/** One server's figures in one scenario. */
export type SideResult = LoadResult & {
  /** The request sent, e.g. "GET /api/tickets?…". */
  request: string;
  /** Highest resident memory of the server process during the warm-up and the measured run, MiB. */
  peakRssMb: number;
  /** The same of Docket's worker process, when its outbox workers run apart (--worker-process). */
  workerPeakRssMb?: number;
  /**
   * CPU time per request during the measured run, in ms: the server process (with its worker
   * process, when apart: `worker` is that one's share), and PostgreSQL (all its processes); null
   * where /proc does not tell. Unlike latency, it hardly depends on what else the machine is running.
   */
  cpuMsPerRequest: { server: number | null; database: number | null; worker?: number | null };
};

export interface ScenarioResult {
  id: string;
  title: string;
  connections: number;
  /** os.loadavg() when the scenario started: a busy machine shows here. */
  loadAverageBefore: number[];
  docket: SideResult | null;
  baseline: SideResult | null;
  /** Scenario-specific facts: depth of the deep page, search matches, the create-number check. */
  checks: Record<string, unknown>;
}

export interface TargetResult {
  target: string;
  /** null when the scenario did not run. */
  holds: boolean | null;
  detail: string;
}

/**
 * The SLA timer worker's steady-state scan (server/src/modules/sla/sla.repository.ts
 * `findTicketsWithDueTimers`), measured by bench/sla.ts over the targets the run starts with.
 * Times in ms.
 */
export interface SlaWorkerCost {
  /** The scan's SQL as sent (parameters: now, and the worker's limit). */
  query: string;
  limit: number;
  /** Scans timed, one after the other on one connection. */
  scans: number;
  /** ticket_sla_targets rows in state `active`, and in all. */
  activeTargets: number;
  targets: number;
  /** Tickets the last scan found due (0 in the steady state). */
  rowsPerScan: number;
  /** Wall time per scan seen by the client: mean and worst. */
  meanMs: number;
  maxMs: number;
  /** CPU time of the PostgreSQL backend per scan, from /proc; null when not local. */
  postgresCpuMsPerScan: number | null;
  /** EXPLAIN (ANALYZE, BUFFERS) of one more scan: times, rows, buffers, each scan node. */
  explain: {
    planningMs: number;
    executionMs: number;
    rows: number;
    sharedHitBlocks: number;
    sharedReadBlocks: number;
    /** "<node type> <index or table>: <rows> rows × <loops>". */
    scans: string[];
  };
  /** The server's OUTBOX_POLL_INTERVAL_MS (default) and the scans it makes in a minute. */
  pollIntervalMs: number;
  scansPerMinute: number;
  /** scansPerMinute × the figures per scan. */
  perMinute: { wallMs: number; postgresCpuMs: number | null };
}

export interface BenchResults {
  schemaVersion: 1;
  startedAt: string;
  finishedAt: string;
  command: string;
  ci: boolean;
  machine: {
    cores: number;
    cpuModel: string;
    memoryGb: number;
    os: string;
    node: string;
    postgres: string;
    database: string;
    loadAverageBefore: number[];
    loadAverageAfter: number[];
  };
  settings: {
    /** Node/V8 flags the Docket server ran with (BENCH_SERVER_NODE_OPTIONS), '' for none. */
    serverNodeOptions: string;
    /** The server build that ran (BENCH_SERVER_ENTRY, default server/dist/server.js). */
    serverEntry: string;
    /** Docket's outbox workers ran in a second process at nice 10 (--worker-process). */
    workerProcess?: boolean;
    durationSeconds: number;
    warmupSeconds: number;
    connections: number;
    poolSize: number;
  };
  dataset: DatasetMeta & { openTicketsNow: number };
  memory: {
    docketPeakMb: number | null;
    /** Docket's worker process (--worker-process), VmHWM over the run, MiB. */
    docketWorkerPeakMb?: number | null;
    baselinePeakMb: number | null;
  };
  scenarios: ScenarioResult[];
  /** The SLA timer worker's scan; null when it was not measured. */
  slaWorker: SlaWorkerCost | null;
  /** The write scenarios again with 20 active rules (bench/rules.ts); null when not run. */
  rules: RulesPhaseResult | null;
  /** The create scenario again with routing on (bench/routing.ts); null when not run. */
  routing?: RoutingPhaseResult | null;
  targets: TargetResult[];
}

/** One run of the routing phase: which creates, req/s and CPU per request (ms). */
export interface RoutingRun {
  variant: 'without' | 'routed' | 'byHand';
  rps: number;
  /** Non-2xx answers, socket errors and timeouts in the run (load.ts). */
  errors: number;
  cpuMsPerRequest: { server: number | null; database: number | null };
}

/**
 * The create scenario with every new ticket in a load-balanced group, beside the same scenario
 * without a group and with an assignee given by hand, in the same phase (runs A B C C B A; rates
 * are the means of each pair).
 */
export interface RoutingPhaseResult {
  members: number;
  withoutRoutingRps: number;
  withRoutingRps: number;
  /** withRoutingRps / withoutRoutingRps (target ≥ 0.9). */
  ratio: number | null;
  /** Creates with an assignee given by hand, no group: the assignment without routing. */
  assignedByHandRps: number;
  /** assignedByHandRps / withoutRoutingRps. */
  assignedByHandRatio: number | null;
  /** Each run in order. */
  runs: RoutingRun[];
  /** Of the second run with routing. */
  p99Ms: number;
  cpuMsPerRequest: { server: number | null; database: number | null };
  subscriber: RoutingSubscriberCost;
  /** Routing one ticket (target ≤ 2 ms of database time). */
  cost: RoutingCost;
}

/** One write scenario with the rules installed, beside the same scenario without them. */
export interface RulesPhaseResult {
  rules: number;
  scenarios: {
    id: string;
    withoutRulesRps: number;
    withRulesRps: number;
    /** withRulesRps / withoutRulesRps (target ≥ 0.9). */
    ratio: number | null;
    p99Ms: number;
    cpuMsPerRequest: { server: number | null; database: number | null };
    subscriber: RuleSubscriberCost;
  }[];
}

/** Docket's throughput over the baseline's (the figure that matters); null when either is missing. */
export function throughputRatio(scenario: ScenarioResult): number | null {
  if (!scenario.docket || !scenario.baseline || scenario.baseline.requestsPerSecond === 0)
    return null;
  return (
    Math.round((scenario.docket.requestsPerSecond / scenario.baseline.requestsPerSecond) * 100) /
    100
  );
}

const fmt = (v: number, digits = 1) => v.toFixed(digits);

/**
 * The targets ("Targets on this 2-core machine, 1M tickets") judged against `results`:
 * - get and list: p99 ≤ 25 ms at 10 connections, throughput ≥ 0.5× the baseline;
 * - the SLA views (list sorted by SLA due, breached view): throughput ≥ 0.8× the baseline, the
 *   read-performance target of the SLA views (judged like the first list page);
 * - deep cursor page: median latency within 1.5× of the first page's;
 * - selective search: p95 ≤ 100 ms; common word: every answer within 2 s (p100), errors only as
 *   clean bounded answers (none are expected);
 * - create ≥ 300/s at 20 connections with distinct gap-free numbers; add response ≥ 300/s;
 *   change status within 0.5 ms of server CPU per request of add response;
 * - zero errors (non-2xx included) in every scenario; server RSS ≤ 350 MB under load.
 */
export function evaluateTargets(results: BenchResults): TargetResult[] {
  const byId = new Map(results.scenarios.map((s) => [s.id, s]));
  const targets: TargetResult[] = [];
  const add = (target: string, holds: boolean | null, detail: string) =>
    targets.push({ target, holds, detail });

  for (const id of ['get', 'list']) {
    const s = byId.get(id);
    const d = s?.docket;
    if (!s || !d) {
      add(`${id}: p99 ≤ 25 ms at 10 connections, ≥ 0.5× baseline`, null, 'not run');
      continue;
    }
    const ratio = throughputRatio(s);
    add(
      `${id}: p99 ≤ 25 ms at 10 connections, ≥ 0.5× baseline`,
      d.latencyMs.p99 <= 25 && ratio !== null && ratio >= 0.5 && s.connections === 10,
      `p99 ${fmt(d.latencyMs.p99)} ms at ${s.connections} connections, ${ratio ?? '?'}× baseline`,
    );
  }
  for (const id of ['sla-sorted', 'breached']) {
    const s = byId.get(id);
    const ratio = s ? throughputRatio(s) : null;
    add(
      `${id}: ≥ 0.8× baseline`,
      s?.docket && ratio !== null ? ratio >= 0.8 : null,
      s?.docket
        ? `${ratio ?? '?'}× baseline, p99 ${fmt(s.docket.latencyMs.p99)} ms at ${s.connections} connections`
        : 'not run',
    );
  }
  const first = byId.get('list')?.docket;
  const deep = byId.get('deep');
  if (first && deep?.docket) {
    const factor = deep.docket.latencyMs.p50 / Math.max(first.latencyMs.p50, 0.01);
    const baseFirst = byId.get('list')?.baseline;
    const baseFactor =
      baseFirst && deep.baseline
        ? deep.baseline.latencyMs.p50 / Math.max(baseFirst.latencyMs.p50, 0.01)
        : null;
    add(
      'deep cursor page within 1.5× of the first page',
      factor <= 1.5,
      `p50 ${fmt(deep.docket.latencyMs.p50)} vs ${fmt(first.latencyMs.p50)} ms (${fmt(factor, 2)}×); baseline OFFSET ${baseFactor === null ? '?' : fmt(baseFactor, 2)}×`,
    );
  } else add('deep cursor page within 1.5× of the first page', null, 'not run');

  const selective = byId.get('search-selective')?.docket;
  add(
    'selective search p95 ≤ 100 ms',
    selective ? selective.latencyMs.p95 <= 100 : null,
    selective ? `p95 ${fmt(selective.latencyMs.p95)} ms` : 'not run',
  );
  const common = byId.get('search-common')?.docket;
  add(
    'common word within 2 s or a clean bounded error',
    common
      ? common.latencyMs.max <= 2000 && common.timeouts === 0 && common.socketErrors === 0
      : null,
    common
      ? `max ${fmt(common.latencyMs.max)} ms, ${common.non2xx} non-2xx (${JSON.stringify(common.statusCodes)})`
      : 'not run',
  );
  const create = byId.get('create');
  if (create?.docket) {
    const check = create.checks.docketNumbers as { ok: boolean } | undefined;
    add(
      'create ≥ 300/s at 20 connections, distinct gap-free numbers',
      create.docket.requestsPerSecond >= 300 && create.connections === 20 && check?.ok === true,
      `${fmt(create.docket.requestsPerSecond, 0)}/s at ${create.connections} connections; numbers ${check?.ok ? 'distinct and gap-free' : 'NOT checked or NOT gap-free'}`,
    );
  } else add('create ≥ 300/s at 20 connections, distinct gap-free numbers', null, 'not run');
  const response = byId.get('response')?.docket;
  add(
    'add response ≥ 300/s',
    response ? response.requestsPerSecond >= 300 : null,
    response ? `${fmt(response.requestsPerSecond, 0)}/s` : 'not run',
  );
  const status = byId.get('status')?.docket;
  const statusCpu = status?.cpuMsPerRequest.server ?? null;
  const replyCpu = response?.cpuMsPerRequest.server ?? null;
  add(
    'change status ≤ 0.5 ms more server CPU per request than add response',
    statusCpu !== null && replyCpu !== null ? statusCpu - replyCpu <= 0.5 : null,
    statusCpu !== null && replyCpu !== null
      ? `status ${fmt(statusCpu, 2)} ms, reply ${fmt(replyCpu, 2)} ms per request`
      : 'not run',
  );
  const inbound = byId.get('inbound')?.docket;
  add(
    'inbound email reply ≥ 0.5× the add-response rate',
    inbound && response ? inbound.requestsPerSecond >= 0.5 * response.requestsPerSecond : null,
    inbound && response
      ? `${fmt(inbound.requestsPerSecond, 0)} mails/s (p99 ${fmt(inbound.latencyMs.p99, 1)} ms, ${fmt(inbound.cpuMsPerRequest.server ?? 0, 2)} ms server CPU per mail) vs ${fmt(response.requestsPerSecond, 0)} replies/s`
      : 'not run',
  );
  const ran = results.scenarios.filter((s) => s.docket);
  const withErrors = ran.filter((s) => (s.docket?.errors ?? 0) > 0);
  add(
    'zero errors in every scenario (non-2xx included)',
    ran.length ? withErrors.length === 0 : null,
    withErrors.length
      ? withErrors
          .map((s) => `${s.id}: ${s.docket?.errors} (${JSON.stringify(s.docket?.statusCodes)})`)
          .join('; ')
      : `${ran.length} scenarios, no error`,
  );
  const peak = Math.max(0, ...ran.map((s) => s.docket?.peakRssMb ?? 0));
  add('server RSS ≤ 350 MB under load', ran.length ? peak <= 350 : null, `peak ${fmt(peak)} MB`);
  return targets;
}

/** One line for the terminal about the SLA timer worker's scan (SlaWorkerCost). */
export function describeSlaWorkerCost(cost: SlaWorkerCost): string {
  const indexes = cost.explain.scans.join('; ');
  return (
    `SLA timer scan at ${cost.activeTargets.toLocaleString('en-US')} active targets ` +
    `(${cost.targets.toLocaleString('en-US')} in all): ${cost.meanMs} ms per scan (max ${cost.maxMs}), ` +
    `PostgreSQL CPU ${cost.postgresCpuMsPerScan ?? '?'} ms per scan, ${cost.rowsPerScan} tickets due; ` +
    `plan: ${indexes}; ${cost.explain.sharedHitBlocks} buffers hit, ${cost.explain.sharedReadBlocks} read; ` +
    `per minute (${cost.scansPerMinute} scans at ${cost.pollIntervalMs} ms): ${cost.perMinute.wallMs} ms, ` +
    `PostgreSQL CPU ${cost.perMinute.postgresCpuMs ?? '?'} ms`
  );
}

/** Prints the side-by-side table, the SLA timer scan and the targets. */
export function printReport(results: BenchResults): void {
  const table = new Table({
    head: [
      'scenario',
      'conn',
      'Docket req/s',
      'p50',
      'p97.5',
      'p99',
      'err',
      'baseline req/s',
      'p50',
      'p97.5',
      'p99',
      'err',
      'ratio',
      'RSS MB',
    ],
    style: { head: [], border: [] },
    colAligns: ['left', ...Array<'right'>(13).fill('right')],
  });
  for (const s of results.scenarios) {
    const d = s.docket;
    const b = s.baseline;
    table.push([
      s.title,
      s.connections,
      d ? fmt(d.requestsPerSecond, 0) : '–',
      d ? fmt(d.latencyMs.p50) : '–',
      d ? fmt(d.latencyMs.p97_5) : '–',
      d ? fmt(d.latencyMs.p99) : '–',
      d ? d.errors : '–',
      b ? fmt(b.requestsPerSecond, 0) : '–',
      b ? fmt(b.latencyMs.p50) : '–',
      b ? fmt(b.latencyMs.p97_5) : '–',
      b ? fmt(b.latencyMs.p99) : '–',
      b ? b.errors : '–',
      throughputRatio(s) ?? '–',
      d ? fmt(d.peakRssMb, 0) : '–',
    ]);
  }
  const m = results.machine;
  console.log(
    `\n${results.dataset.tickets.toLocaleString('en-US')} tickets · ${m.cores} cores (${m.cpuModel}) · Node ${m.node} · PostgreSQL ${m.postgres} · latencies in ms · ratio = Docket/baseline req/s`,
  );
  console.log(table.toString());
  if (results.slaWorker) console.log(describeSlaWorkerCost(results.slaWorker));
  console.log(results.ci ? '\nTargets (reported only; CI asserts none):' : '\nTargets:');
  for (const t of results.targets) {
    const mark = t.holds === null ? '·' : t.holds ? '✓' : '✗';
    console.log(`  ${mark} ${t.target}: ${t.detail}`);
  }
}
