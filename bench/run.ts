/**
 * `pnpm bench`: Docket at a million tickets, side by side with a bare baseline, in one run
 * (issue "Benchmark at a million tickets"). See bench/README.md and args.ts for the flags.
 *
 * 1. Opens the bench database (BENCH_DATABASE_URL or the embedded cluster in .data/bench/) and
 *    generates the data set unless one of the same size and generator version exists
 *    (`--regenerate` forces it).
 * 2. Builds the server (`tsc`, unless `--no-build`) and starts its production build,
 *    `node server/dist/server.js`, against that database: NODE_ENV=production, no demo data,
 *    LOG_LEVEL=warn, load shedding off and the sign-in limit raised (they would otherwise answer
 *    503/429 to the load itself). Signs in once as an agent of the big organization.
 *    Before that, puts the data set back as generated (rows of earlier runs' write scenarios) and
 *    sets the SLA state of the run, relative to now (sla.ts prepareSlaState).
 * 3. Starts the bare baseline (baseline-server.ts) on the same database, as its own process.
 * 4. For each scenario (scenarios.ts), reads first and writes last, Docket then the baseline:
 *    a warm-up, then the measured run (autocannon over 127.0.0.1), sampling each server's
 *    resident memory. Each side of a write scenario starts from a drained outbox and mail queue
 *    (the wait recorded in its `checks`). After the create scenario, one SQL query checks that
 *    the numbers handed out are distinct and gap-free. Between the reads and the writes, the SLA
 *    timer worker's scan is measured (sla.ts measureSlaTimerScan).
 * 5. Prints a table and writes the JSON under bench/results/.
 *
 * Exit code: 0 when the run completed (thresholds are reported, never asserted: absolute figures
 * depend on the machine); 1 when it could not run or when a correctness check (create numbers)
 * failed; 2 for a bad flag.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  createWriteStream,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate } from '../server/src/db/migrate.js';
import { encodeCursor } from '../server/src/lib/cursor.js';
import { parseBenchArgs, UsageError, type BenchArgs } from './args.js';
import {
  BENCH_DATA_DIR,
  clusterDir,
  openBenchDatabase,
  REPO_ROOT,
  SERVER_DATA_DIR,
} from './database.js';
import {
  generateDataset,
  GENERATOR_VERSION,
  readDatasetMeta,
  type DatasetMeta,
} from './generate.js';
import {
  postgresCpuSeconds,
  processCpuSeconds,
  processMemory,
  runLoad,
  sampleRss,
  type LoadResult,
  findPostmasterPid,
} from './load.js';
import {
  describeSlaWorkerCost,
  printReport,
  evaluateTargets,
  type BenchResults,
  type RoutingPhaseResult,
  type RoutingRun,
  type RulesPhaseResult,
  type ScenarioResult,
  type SlaWorkerCost,
} from './report.js';
import {
  OPEN_STATUSES,
  SCENARIOS,
  seededRandom,
  type Scenario,
  type ScenarioContext,
} from './scenarios.js';
import { measureSlaTimerScan, prepareSlaState, SLA_TARGET_TICKETS } from './sla.js';
import {
  installBenchRouting,
  measureRoutingCost,
  measureRoutingSubscriber,
  removeBenchRouting,
} from './routing.js';
import {
  BENCH_RULE_COUNT,
  installBenchRules,
  measureRuleSubscriber,
  removeBenchRules,
  waitForBacklog,
  waitForOutbox,
} from './rules.js';

const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');
const LOG_DIR = path.join(BENCH_DATA_DIR, 'logs');
/** Database connections of each server: Docket's default pool, and the same for the baseline. */
const POOL_SIZE = 10;

function log(message: string): void {
  console.log(message);
}

/**
 * Empties the folder Docket writes its mails to when no SMTP server is set (DATA_DIR/mail, two
 * files a mail): a full run adds about 76,000 files, which nothing reads, and without this they
 * piled up in one folder from run to run (417,908 files, 1.7 GB, after an evening of runs), every
 * mail of the next run written beside them. Docket itself now keeps the newest 1,000 of them
 * (MAIL_CAPTURE_KEEP, its default): each run still starts from none. @returns how many files went.
 */
function removeCapturedMails(): number {
  const dir = path.join(SERVER_DATA_DIR, 'mail');
  let files: number;
  try {
    files = readdirSync(dir).length;
  } catch {
    return 0;
  }
  rmSync(dir, { recursive: true, force: true });
  return files;
}

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

interface RunningServer {
  name: string;
  process: ChildProcess;
  /** Docket's second process when its outbox workers run apart (--worker-process). */
  worker?: ChildProcess;
  baseUrl: string;
  logFile: string;
  stop(): Promise<void>;
}

/** Starts `node <args>` with `env`, its output in LOG_DIR/<name>.log; stop() sends SIGTERM and waits. */
function startProcess(name: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${name}.log`);
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    logFile,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      out.end();
    },
  };
}

/** Polls `url` until it answers 200, the process exits, or `timeoutMs` passes. */
async function waitUntilReady(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  logFile: string,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the server exited (${child.exitCode}); see ${logFile}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs / 1000} s; see ${logFile}`);
}

/**
 * The Node/V8 flags the Docket server runs with: BENCH_SERVER_NODE_OPTIONS when set (even empty),
 * else the flags of its production start, read from the `start` script of server/package.json
 * (`node <flags> dist/server.js`, the same as server/Dockerfile's CMD), so that the benchmark
 * measures the server as it is deployed (its heap limit: server RSS).
 */
function serverNodeOptions(): string {
  if (process.env.BENCH_SERVER_NODE_OPTIONS !== undefined) {
    return process.env.BENCH_SERVER_NODE_OPTIONS;
  }
  const manifest = JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'server', 'package.json'), 'utf8'),
  ) as { scripts?: { start?: string } };
  const start = manifest.scripts?.start ?? '';
  const match = /^node\s+((?:--\S+\s+)*)dist\/server\.js$/.exec(start.trim());
  return match?.[1]?.trim() ?? '';
}

/**
 * The production build of Docket against the bench database: one process, or with
 * `workerProcess` two (docs/scaling.md, OUTBOX_WORKERS=false): the API with its outbox workers
 * off, and a second instance of the same build running them (the event dispatcher and
 * subscribers, the mail and webhook workers, the SLA timers), lowered to nice 10 so that the
 * requests come first on a busy machine.
 */
async function startDocket(
  databaseUrl: string,
  cpuProf: boolean,
  workerProcess: boolean,
): Promise<RunningServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
    JWT_SECRET: randomBytes(48).toString('base64url'),
    DATA_DIR: SERVER_DATA_DIR,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    SEED_DEMO_DATA: 'false',
    SERVE_WEB: 'false',
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    // Load shedding would answer 503 to the benchmark's own load: off.
    SHED_LOAD_EVENT_LOOP_DELAY_MS: '0',
    SHED_LOAD_MAX_RSS_MB: '0',
    // The bench signs in once and keeps its access token for the whole run (longer than the
    // default 15 minutes): no refresh cookie in a load generator.
    JWT_EXPIRES_IN: String(12 * 3600),
    // The bench signs in once; the other limits guard public routes the bench does not call.
    RATE_LIMIT_LOGIN_PER_IP: '1000',
    RATE_LIMIT_LOGIN_PER_ACCOUNT: '1000',
    // The inbound scenario's requesters write many mails in a few seconds.
    INBOUND_MAX_PER_SENDER: '10000',
  };
  const profile = cpuProf
    ? ['--cpu-prof', `--cpu-prof-dir=${path.join(BENCH_DATA_DIR, 'profiles')}`]
    : [];
  // BENCH_SERVER_ENTRY runs another build of the server (e.g. an older one, for before/after).
  const entry = process.env.BENCH_SERVER_ENTRY || path.join('server', 'dist', 'server.js');
  // BENCH_SERVER_NODE_OPTIONS: V8/Node flags for the server (e.g. heap sizes), recorded in the
  // JSON; by default those of the production start (serverNodeOptions).
  const nodeOptions = serverNodeOptions().split(' ').filter(Boolean);
  const started = startProcess(
    'docket',
    [...nodeOptions, ...profile, entry],
    workerProcess ? { ...env, OUTBOX_WORKERS: 'false' } : env,
    REPO_ROOT,
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  // Pending migrations run at start: a new index on a million tickets takes a while.
  await waitUntilReady(`${baseUrl}/api/health`, started.child, 600_000, started.logFile);
  if (!workerProcess) {
    return {
      name: 'docket',
      process: started.child,
      baseUrl,
      logFile: started.logFile,
      stop: started.stop,
    };
  }
  const workerPort = await freePort();
  const worker = startProcess(
    'docket-worker',
    [...nodeOptions, entry],
    { ...env, PORT: String(workerPort), OUTBOX_WORKERS: 'true' },
    REPO_ROOT,
  );
  os.setPriority(worker.child.pid!, 10);
  await waitUntilReady(
    `http://127.0.0.1:${workerPort}/api/health`,
    worker.child,
    60_000,
    worker.logFile,
  );
  return {
    name: 'docket',
    process: started.child,
    worker: worker.child,
    baseUrl,
    logFile: started.logFile,
    async stop() {
      await Promise.all([started.stop(), worker.stop()]);
    },
  };
}

/** The bare baseline (baseline-server.ts) as its own process. */
async function startBaseline(
  databaseUrl: string,
  organizationId: string,
  agentId: string,
): Promise<RunningServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    BASELINE_DATABASE_URL: databaseUrl,
    BASELINE_ORGANIZATION_ID: organizationId,
    BASELINE_AGENT_ID: agentId,
    BASELINE_PORT: String(port),
    BASELINE_POOL_SIZE: String(POOL_SIZE),
  };
  const started = startProcess(
    'baseline',
    ['--import', 'tsx', 'baseline-server.ts'],
    env,
    path.join(REPO_ROOT, 'bench'),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${baseUrl}/tickets/1`, started.child, 60_000, started.logFile);
  return {
    name: 'baseline',
    process: started.child,
    baseUrl,
    logFile: started.logFile,
    stop: started.stop,
  };
}

/** Signs in once (POST /api/auth/login) and returns the access token. */
async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok)
    throw new Error(`sign-in as ${email}: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { accessToken: string };
  return body.accessToken;
}

/**
 * Puts the big organization back as generated: the write scenarios of earlier runs leave
 * tickets (at the top of every list sorted by update), responses, activity and outbox rows, and
 * entries in the GIN indexes' pending lists that every search then scans; measured, the
 * filtered list and the selective search got 2–4× slower from run to run. Deletes what was
 * written after the data set was generated (its rows are all dated before `generatedAt`),
 * resets the ticket counter and vacuums. The SLA targets of the tickets created go with them
 * (ticket_sla_targets.ticketId: ON DELETE CASCADE); every other SLA target is reset by
 * prepareSlaState. The tickets that earlier runs replied to keep their later `updatedAt`.
 * Returns what it removed.
 */
async function restoreDataset(db: pg.Client, meta: DatasetMeta) {
  const org = meta.bigOrganization.id;
  const since = meta.generatedAt;
  // Counted before they go: the targets the SLA subscriber armed for the tickets created.
  const createdTargets = Number(
    (
      await db.query(
        `SELECT count(*) AS n FROM ticket_sla_targets s JOIN tickets t ON t.id = s."ticketId"
         WHERE t."organizationId" = $1 AND t.number > $2`,
        [org, meta.bigOrganization.tickets],
      )
    ).rows[0].n,
  );
  const removed = {
    responses: (
      await db.query(
        `DELETE FROM ticket_responses WHERE "organizationId" = $1 AND "createdAt" > $2`,
        [org, since],
      )
    ).rowCount,
    tickets: (
      await db.query(`DELETE FROM tickets WHERE "organizationId" = $1 AND number > $2`, [
        org,
        meta.bigOrganization.tickets,
      ])
    ).rowCount,
    activities: (
      await db.query(
        `DELETE FROM ticket_activities WHERE "organizationId" = $1 AND "createdAt" > $2`,
        [org, since],
      )
    ).rowCount,
    slaTargets: createdTargets,
  };
  const outbox = await db.query(`SELECT to_regclass('outbox_messages') IS NOT NULL AS ok`);
  if (outbox.rows[0].ok) {
    await db.query(`DELETE FROM outbox_messages WHERE "organizationId" = $1 AND "createdAt" > $2`, [
      org,
      since,
    ]);
  }
  const inbound = await db.query(`SELECT to_regclass('inbound_emails') IS NOT NULL AS ok`);
  if (inbound.rows[0].ok) {
    await db.query(`DELETE FROM inbound_emails WHERE "organizationId" = $1`, [org]);
  }
  await db.query(`UPDATE organizations SET "ticketCounter" = $2 WHERE id = $1`, [
    org,
    meta.bigOrganization.tickets,
  ]);
  if ((removed.responses ?? 0) + (removed.tickets ?? 0) + (removed.activities ?? 0) > 0) {
    await db.query('VACUUM (ANALYZE) tickets, ticket_responses, ticket_activities');
  }
  return removed;
}

/**
 * The big organization's mailbox for the inbound scenario (made once, with a fresh inbound
 * secret each run): its address and the HTTP Basic header of POST /api/inbound/email.
 */
async function benchMailbox(db: pg.Client, organizationId: string) {
  const address = 'bench-inbound@bench.test';
  const secret = `dkin_${randomBytes(24).toString('base64url')}`;
  const hash = createHash('sha256').update(secret).digest('hex');
  const row = await db.query(
    `INSERT INTO mailboxes (id, "organizationId", address, "displayName", "inboundSecretHash", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, 'Benchmark', $3, now())
     ON CONFLICT (address) DO UPDATE SET "inboundSecretHash" = $3, "isActive" = true
     RETURNING id`,
    [organizationId, address, hash],
  );
  const id = row.rows[0].id as string;
  return {
    address,
    authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
  };
}

/** Reads what the scenarios need from the database (see ScenarioContext). */
async function readContext(
  db: pg.Client,
  meta: DatasetMeta,
): Promise<{ context: ScenarioContext; agentId: string; openTickets: number }> {
  const org = meta.bigOrganization.id;
  const agent = await db.query(`SELECT id FROM users WHERE email = $1`, [meta.signIn.email]);
  const random = seededRandom(42);
  const ticketNumbers = Array.from(
    { length: 5000 },
    () => 1 + Math.floor(random() * meta.bigOrganization.tickets),
  );
  const open = await db.query(
    `SELECT id FROM tickets WHERE "organizationId" = $1 AND "deletedAt" IS NULL
       AND status = ANY($2::"TicketStatus"[]) ORDER BY md5(id::text) LIMIT 2000`,
    [org, OPEN_STATUSES],
  );
  const statusPool = await db.query(
    `SELECT id, status FROM tickets WHERE "organizationId" = $1 AND "deletedAt" IS NULL
       AND status = ANY($2::"TicketStatus"[]) ORDER BY md5(id::text) DESC LIMIT 2000`,
    [org, OPEN_STATUSES],
  );
  const openCount = Number(
    (
      await db.query(
        `SELECT count(*) AS c FROM tickets WHERE "organizationId" = $1 AND "deletedAt" IS NULL
           AND status = ANY($2::"TicketStatus"[])`,
        [org, OPEN_STATUSES],
      )
    ).rows[0].c,
  );
  // 10,000 rows deep, or 80% of the list when it is shorter (small data sets).
  const depth = Math.max(25, Math.min(10_000, Math.floor(openCount * 0.8)));
  const row = (
    await db.query(
      `SELECT "updatedAt", id FROM tickets WHERE "organizationId" = $1 AND "deletedAt" IS NULL
         AND status = ANY($2::"TicketStatus"[])
       ORDER BY "updatedAt" DESC, id DESC OFFSET $3 LIMIT 1`,
      [org, OPEN_STATUSES, depth - 1],
    )
  ).rows[0] as { updatedAt: Date; id: string };
  const requesters = await db.query(
    `SELECT name, email FROM users WHERE "organizationId" = $1 AND role = 'CUSTOMER'
     ORDER BY email LIMIT 500`,
    [org],
  );
  const inboundTickets = await db.query(
    `SELECT number, "requesterEmail" FROM tickets WHERE "organizationId" = $1
       AND "deletedAt" IS NULL AND status = ANY($2::"TicketStatus"[])
     ORDER BY md5(id::text || 'inbound') LIMIT 2000`,
    [org, OPEN_STATUSES],
  );
  return {
    agentId: agent.rows[0].id,
    openTickets: openCount,
    context: {
      ticketNumbers,
      openTicketIds: open.rows.map((r) => r.id as string),
      statusTickets: statusPool.rows as { id: string; status: string }[],
      requesters: requesters.rows as { name: string; email: string }[],
      inboundTickets: inboundTickets.rows as { number: number; requesterEmail: string }[],
      mailbox: await benchMailbox(db, org),
      deep: { depth, cursor: encodeCursor({ value: row.updatedAt.toISOString(), id: row.id }) },
      selectivePhrase: meta.selectivePhrase.q,
      commonWord: meta.commonWord.q,
    },
  };
}

/**
 * Checks, with one SQL query, that the tickets created since the organization's counter was
 * `counterBefore` have distinct, gap-free numbers continuing it: as many rows as distinct numbers,
 * from counterBefore + 1 to the counter now, and at least `created` of them (the 201 answers).
 */
async function checkCreatedNumbers(
  db: pg.Client,
  organizationId: string,
  counterBefore: number,
  created: number,
) {
  const { rows } = await db.query(
    `SELECT count(*)::int AS tickets, count(DISTINCT number)::int AS distinct_numbers,
       min(number) AS min, max(number) AS max,
       (SELECT "ticketCounter" FROM organizations WHERE id = $1) AS counter
     FROM tickets WHERE "organizationId" = $1 AND number > $2`,
    [organizationId, counterBefore],
  );
  const r = rows[0] as {
    tickets: number;
    distinct_numbers: number;
    min: number | null;
    max: number | null;
    counter: number;
  };
  // Requests still in flight when a measured run ends complete on the server without being
  // counted by autocannon: there may be more tickets than 201 answers, never fewer.
  const ok =
    r.tickets >= created &&
    r.distinct_numbers === r.tickets &&
    r.counter === counterBefore + r.tickets &&
    (r.tickets === 0 || (r.min === counterBefore + 1 && r.max === r.counter));
  return {
    ok,
    created201: created,
    rows: r.tickets,
    distinctNumbers: r.distinct_numbers,
    firstNumber: r.min,
    lastNumber: r.max,
    counterBefore,
    counterAfter: r.counter,
    sql: 'SELECT count(*), count(DISTINCT number), min(number), max(number) FROM tickets WHERE "organizationId" = $1 AND number > $counterBefore',
  };
}

/**
 * Warm-up, then the measured run of one scenario against one server, with the server's peak
 * resident memory and the CPU time per request of the server process and of PostgreSQL (all
 * its processes), which unlike latency do not depend on what else the machine is running.
 */
async function measure(
  server: RunningServer,
  scenario: Scenario,
  request: ReturnType<Scenario['docket']>,
  args: BenchArgs,
  headers: Record<string, string>,
  postmasterPid: number | null,
): Promise<{
  warmup: LoadResult | null;
  result: LoadResult;
  peakRssMb: number;
  workerPeakRssMb?: number;
  cpuMsPerRequest: { server: number | null; database: number | null; worker?: number | null };
}> {
  const connections = scenario.connections ?? args.connections;
  const sampler = sampleRss(server.process.pid!);
  const workerSampler = server.worker ? sampleRss(server.worker.pid!) : null;
  const warmup =
    args.warmupSeconds > 0
      ? await runLoad({
          baseUrl: server.baseUrl,
          connections,
          durationSeconds: args.warmupSeconds,
          headers,
          request,
        })
      : null;
  // The server's CPU: its process, and its worker process when the workers run apart; each
  // read once per instant, [server, worker?], the sum null when either is.
  const pids = [server.process.pid!, ...(server.worker ? [server.worker.pid!] : [])];
  const readCpu = () => pids.map((pid) => processCpuSeconds(pid));
  const total = (seconds: (number | null)[]) =>
    seconds.some((s) => s === null) ? null : seconds.reduce<number>((sum, s) => sum + s!, 0);
  const serverCpu = readCpu();
  const databaseCpu = postmasterPid === null ? null : postgresCpuSeconds(postmasterPid);
  const result = await runLoad({
    baseUrl: server.baseUrl,
    connections,
    durationSeconds: args.durationSeconds,
    headers,
    request,
  });
  const serverCpuAfter = readCpu();
  const perRequest = (before: number | null, after: number | null) =>
    before === null || after === null || result.requests === 0
      ? null
      : Math.round(((after - before) * 1000 * 1000) / result.requests) / 1000;
  return {
    warmup,
    result,
    peakRssMb: sampler.stop(),
    ...(workerSampler ? { workerPeakRssMb: workerSampler.stop() } : {}),
    cpuMsPerRequest: {
      server: perRequest(total(serverCpu), total(serverCpuAfter)),
      database: perRequest(
        databaseCpu,
        postmasterPid === null ? null : postgresCpuSeconds(postmasterPid),
      ),
      ...(server.worker
        ? { worker: perRequest(serverCpu[1] ?? null, serverCpuAfter[1] ?? null) }
        : {}),
    },
  };
}

async function postgresVersion(db: pg.Client): Promise<string> {
  return (await db.query('SHOW server_version')).rows[0].server_version as string;
}

function resultsFile(args: BenchArgs): string {
  if (args.out) return path.resolve(args.out);
  if (args.ci) return path.join(RESULTS_DIR, 'ci.json');
  if (args.tickets === 1_000_000 && !args.only) return path.join(RESULTS_DIR, 'latest-1m.json');
  return path.join(RESULTS_DIR, 'latest.json');
}

async function main(): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(
        `${error.message}\nusage: pnpm bench [--tickets N] [--regenerate] [--duration S] [--warmup S] [--connections C] [--only ids] [--out file] [--no-build] [--cpu-prof] [--ci]`,
      );
      return 2;
    }
    throw error;
  }
  let routingRunOrder: RoutingRun['variant'][];
  try {
    routingRunOrder = routingOrder(process.env.BENCH_ROUTING_ORDER);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const scenarios = SCENARIOS.filter((s) => !args.only || args.only.includes(s.id));
  if (scenarios.length === 0) {
    console.error(`--only matches no scenario; ids: ${SCENARIOS.map((s) => s.id).join(', ')}`);
    return 2;
  }
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  log(
    `Docket benchmark: ${args.tickets.toLocaleString('en-US')} tickets, ${args.durationSeconds} s per scenario after ${args.warmupSeconds} s of warm-up, ${args.connections} connections`,
  );
  log(
    `machine: ${os.cpus().length} cores, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
  );

  const database = await openBenchDatabase(args.databaseUrl, args.tickets);
  const cleanup: (() => Promise<void>)[] = [() => database.stop()];
  const onSignal = () => {
    void Promise.allSettled([...cleanup].reverse().map((stop) => stop())).then(() =>
      process.exit(130),
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    let meta = await readDatasetMeta(database.url);
    if (
      args.regenerate ||
      !meta ||
      meta.tickets !== args.tickets ||
      meta.generatorVersion !== GENERATOR_VERSION
    ) {
      log(
        `generating the data set (${database.embedded ? clusterDir(args.tickets) : 'BENCH_DATABASE_URL'}) …`,
      );
      meta = await generateDataset({ databaseUrl: database.url, tickets: args.tickets, log });
    } else {
      log(`reusing the data set generated ${meta.generatedAt} (--regenerate to make it again)`);
    }

    if (args.build) {
      log('building the server (pnpm --filter @docket/server build) …');
      const build = spawnSync('pnpm', ['--filter', '@docket/server', 'build'], {
        cwd: REPO_ROOT,
        stdio: 'inherit',
      });
      if (build.status !== 0) throw new Error('the server build failed');
    }

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    cleanup.push(() => db.end());
    const pgVersion = await postgresVersion(db);
    // Migrations written since the data set was generated (the server would apply them at start;
    // the restore below needs their indexes already).
    await migrate(database.url, { log: (message) => log(message) });
    const restoreStarted = performance.now();
    const removed = await restoreDataset(db, meta);
    log(
      `data set as generated: removed ${removed.tickets} tickets (with their ${removed.slaTargets} SLA targets), ${removed.responses} responses, ${removed.activities} activity rows left by earlier runs (${((performance.now() - restoreStarted) / 1000).toFixed(1)} s)`,
    );
    const mails = removeCapturedMails();
    if (mails > 0) log(`mail folder emptied: ${mails} files of mails captured by earlier runs`);
    const slaStarted = performance.now();
    const sla = await prepareSlaState(db, meta.bigOrganization.id);
    log(
      `SLA state of the run: removed ${sla.removedTargets} targets and cleared ${sla.clearedTickets} tickets' SLA columns; ${sla.targets} resolution targets for the ${SLA_TARGET_TICKETS.toLocaleString('en-US')} most recently updated unsolved tickets (due from 2 days ago to 30 days ahead: ${sla.breached} breached, ${sla.warned} more at risk) (${((performance.now() - slaStarted) / 1000).toFixed(1)} s)`,
    );
    const postmasterPid = await findPostmasterPid(db);

    log(
      `starting Docket (${process.env.BENCH_SERVER_ENTRY || 'server/dist/server.js'} ${serverNodeOptions()}) …`,
    );
    const docket = await startDocket(database.url, args.cpuProf, args.workerProcess);
    cleanup.push(() => docket.stop());
    const token = await signIn(docket.baseUrl, meta.signIn.email, meta.signIn.password);
    const { context, agentId, openTickets } = await readContext(db, meta);
    log('starting the bare baseline (bench/baseline-server.ts) …');
    const baseline = await startBaseline(database.url, meta.bigOrganization.id, agentId);
    cleanup.push(() => baseline.stop());

    const results: ScenarioResult[] = [];
    let numbersOk = true;
    let slaWorker: SlaWorkerCost | null = null;
    const measureSlaWorker = async () => {
      log('\n▸ SLA timer worker: its scan (findTicketsWithDueTimers), 200 times');
      const cost = await measureSlaTimerScan(db, postmasterPid !== null);
      log(`  ${describeSlaWorkerCost(cost)}`);
      return cost;
    };
    const ordered = [...scenarios.filter((s) => !s.writes), ...scenarios.filter((s) => s.writes)];
    for (const scenario of ordered) {
      // After the reads, before the writes add targets of their own.
      if (scenario.writes && slaWorker === null) slaWorker = await measureSlaWorker();
      const connections = scenario.connections ?? args.connections;
      log(`\n▸ ${scenario.title} — ${connections} connections`);
      const entry: ScenarioResult = {
        id: scenario.id,
        title: scenario.title,
        connections,
        loadAverageBefore: os.loadavg().map((l) => Math.round(l * 100) / 100),
        docket: null,
        baseline: null,
        checks: {},
      };
      for (const server of [docket, baseline]) {
        // Each side of a write scenario from a drained outbox and mail queue (as the routing
        // phase's runs below): Docket's side pays for its own asynchronous work, which competes
        // with its requests on two cores, not for the backlog the scenario before left; and the
        // baseline's side does not share the machine with Docket's catching up.
        if (scenario.writes) {
          entry.checks[`backlogBefore${server === docket ? 'Docket' : 'Baseline'}Ms`] =
            await waitForBacklog(db, 600_000);
        }
        const request = server === docket ? scenario.docket(context) : scenario.baseline(context);
        const headers: Record<string, string> =
          server === docket ? { authorization: `Bearer ${token}` } : {};
        const counterBefore =
          scenario.id === 'create'
            ? Number(
                (
                  await db.query(`SELECT "ticketCounter" FROM organizations WHERE id = $1`, [
                    meta.bigOrganization.id,
                  ])
                ).rows[0].ticketCounter,
              )
            : 0;
        const { warmup, result, peakRssMb, workerPeakRssMb, cpuMsPerRequest } = await measure(
          server,
          scenario,
          request,
          args,
          headers,
          postmasterPid,
        );
        const side = {
          request: request.describe,
          ...result,
          peakRssMb,
          ...(workerPeakRssMb === undefined ? {} : { workerPeakRssMb }),
          cpuMsPerRequest,
        };
        if (server === docket) entry.docket = side;
        else entry.baseline = side;
        log(
          `  ${server.name.padEnd(8)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${result.latencyMs.p50} ms  p99 ${result.latencyMs.p99} ms  errors ${result.errors}  RSS ${peakRssMb} MB  CPU/request: server ${cpuMsPerRequest.server ?? '?'} ms, PostgreSQL ${cpuMsPerRequest.database ?? '?'} ms` +
            (workerPeakRssMb === undefined
              ? ''
              : `  (worker process: RSS ${workerPeakRssMb} MB, CPU/request ${cpuMsPerRequest.worker ?? '?'} ms)`),
        );
        if (scenario.id === 'create') {
          const created = (warmup?.statusCodes['201'] ?? 0) + (result.statusCodes['201'] ?? 0);
          await new Promise((resolve) => setTimeout(resolve, 1000)); // requests still in flight
          const check = await checkCreatedNumbers(
            db,
            meta.bigOrganization.id,
            counterBefore,
            created,
          );
          entry.checks[`${server.name}Numbers`] = check;
          numbersOk &&= check.ok;
          log(
            `  ${server.name.padEnd(8)} numbers ${check.firstNumber}…${check.lastNumber}: ${check.rows} tickets, ${check.distinctNumbers} distinct, ${created} answered 201 → ${check.ok ? 'distinct and gap-free' : 'NOT gap-free'}`,
          );
        }
      }
      if (scenario.id === 'deep') entry.checks.depth = context.deep.depth;
      if (scenario.id === 'search-selective') entry.checks.matches = meta.selectivePhrase.matches;
      if (scenario.id === 'search-common') entry.checks.matches = meta.commonWord.matches;
      results.push(entry);
    }
    slaWorker ??= await measureSlaWorker();

    // Automation: the create and response scenarios again, Docket alone, with 20 active rules.
    let rulesPhase: RulesPhaseResult | null = null;
    const rewritten = ordered.filter((s) => s.id === 'create' || s.id === 'response');
    if (rewritten.length > 0) {
      // The outbox's backlog of the scenarios without rules first, so that the phase's figures
      // are its own.
      const backlog = await waitForOutbox(db, 600_000);
      log(
        `\n▸ Outbox backlog of the write scenarios (email, SLA, rules subscribers): drained in ${backlog.ms} ms (${backlog.pending} still waiting)`,
      );
      const count = await installBenchRules(db, meta.bigOrganization.id);
      log(`\n▸ Automation: ${count} active rules (bench/rules.ts), the write scenarios again`);
      rulesPhase = { rules: count, scenarios: [] };
      for (const scenario of rewritten) {
        const since = (await db.query<{ now: Date }>('SELECT now() AS now')).rows[0]!.now;
        const { result, cpuMsPerRequest } = await measure(
          docket,
          scenario,
          scenario.docket(context),
          args,
          { authorization: `Bearer ${token}` },
          postmasterPid,
        );
        const subscriber = await measureRuleSubscriber(db, since);
        await waitForOutbox(db, 600_000);
        const without = results.find((r) => r.id === scenario.id)?.docket?.requestsPerSecond ?? 0;
        const ratio =
          without > 0 ? Math.round((result.requestsPerSecond / without) * 100) / 100 : null;
        rulesPhase.scenarios.push({
          id: scenario.id,
          withoutRulesRps: without,
          withRulesRps: result.requestsPerSecond,
          ratio,
          p99Ms: result.latencyMs.p99,
          cpuMsPerRequest,
          subscriber,
        });
        log(
          `  ${scenario.id.padEnd(8)} ${result.requestsPerSecond.toFixed(0)} req/s with ${BENCH_RULE_COUNT} rules vs ${without.toFixed(0)} without (×${ratio ?? '?'}), p99 ${result.latencyMs.p99} ms; rules subscriber: ${subscriber.events} events, ${subscriber.eventsPerSecond ?? '?'} events/s, ${subscriber.pendingAtEnd} waiting at the end (oldest ${subscriber.lagAtEndMs} ms), caught up ${subscriber.catchUpMs === null ? 'not within 5 min' : `${subscriber.catchUpMs} ms`} later, ${subscriber.ruleRuns} rule runs, ${subscriber.failed} failed`,
        );
      }
      await removeBenchRules(db, meta.bigOrganization.id);
      // The server keeps an organization's active rules for 5 s (server/src/modules/rules/
      // active-rules.ts): wait them out, so that what follows runs without rules, as it says.
      await new Promise((resolve) => setTimeout(resolve, 6_000));
    }

    // Routing: the create scenario again, every new ticket in a load-balanced group of 200 agents,
    // beside the same scenario without a group and with an assignee given by hand (the same
    // agents in turn, no group: the assignment's own work without routing's decision), all
    // measured in the same minutes. The six runs go A B C C B A (without, routed, by hand), each
    // from a drained outbox, so that a drift of the machine or the data over the phase weighs on
    // each alike; the ratios are of the means.
    let routingPhase: RoutingPhaseResult | null = null;
    const create = ordered.find((s) => s.id === 'create');
    if (create) {
      await waitForOutbox(db, 600_000);
      const bench = await installBenchRouting(db, meta.bigOrganization.id);
      log(
        `\n▸ Routing: a load-balanced group of ${bench.members} agents (bench/routing.ts), the create scenario without a group, routed, and assigned by hand: ${routingRunOrder.join(' ')}`,
      );
      const request = create.docket(context);
      const body = request.body!;
      let turn = 0;
      const variants: Record<RoutingRun['variant'], typeof request> = {
        without: request,
        routed: { ...request, body: () => ({ ...(body() as object), groupId: bench.groupId }) },
        byHand: {
          ...request,
          body: () => ({
            ...(body() as object),
            assigneeId: bench.agentIds[turn++ % bench.agentIds.length],
          }),
        },
      };
      const headers = { authorization: `Bearer ${token}` };
      const runs: RoutingRun[] = [];
      let since: Date | null = null;
      let last: Awaited<ReturnType<typeof measure>> | null = null;
      for (const variant of routingRunOrder) {
        // Each run from a drained outbox and mail queue: no run does the mails of the one before.
        await waitForBacklog(db, 600_000);
        if (variant === 'routed')
          since ??= (await db.query<{ now: Date }>('SELECT now() AS now')).rows[0]!.now;
        const measured = await measure(
          docket,
          create,
          variants[variant],
          args,
          headers,
          postmasterPid,
        );
        runs.push({
          variant,
          rps: measured.result.requestsPerSecond,
          errors: measured.result.errors,
          cpuMsPerRequest: measured.cpuMsPerRequest,
        });
        if (variant === 'routed') last = measured;
        log(
          `  create   ${variant.padEnd(7)} ${measured.result.requestsPerSecond.toFixed(0)} req/s, p99 ${measured.result.latencyMs.p99} ms, CPU/request: server ${measured.cpuMsPerRequest.server ?? '?'} ms, PostgreSQL ${measured.cpuMsPerRequest.database ?? '?'} ms, ${measured.result.errors} errors`,
        );
      }
      // Over both runs with routing: the events of both, the backlog and catch-up of the second.
      const subscriber = await measureRoutingSubscriber(db, bench.groupId, since!);
      await waitForOutbox(db, 600_000);
      const cost = await measureRoutingCost(
        database.url,
        db,
        meta.bigOrganization.id,
        bench.groupId,
        postmasterPid,
      );
      const mean = (variant: RoutingRun['variant']) => {
        const rates = runs.filter((r) => r.variant === variant).map((r) => r.rps);
        return rates.reduce((sum, rps) => sum + rps, 0) / rates.length;
      };
      const without = mean('without');
      const withRouting = mean('routed');
      const byHand = mean('byHand');
      const ratioTo = (rps: number) =>
        without > 0 ? Math.round((rps / without) * 100) / 100 : null;
      const ratio = ratioTo(withRouting);
      routingPhase = {
        members: bench.members,
        withoutRoutingRps: without,
        withRoutingRps: withRouting,
        ratio,
        assignedByHandRps: byHand,
        assignedByHandRatio: ratioTo(byHand),
        runs,
        p99Ms: last!.result.latencyMs.p99,
        cpuMsPerRequest: last!.cpuMsPerRequest,
        subscriber,
        cost,
      };
      log(
        `  create   ${withRouting.toFixed(0)} req/s with routing vs ${without.toFixed(0)} without (×${ratio ?? '?'}) and ${byHand.toFixed(0)} assigned by hand (×${routingPhase.assignedByHandRatio ?? '?'}), means of two runs each; routing subscriber: ${subscriber.events} events, ${subscriber.pendingAtEnd} waiting at the end, caught up ${subscriber.catchUpMs === null ? 'not within 5 min' : `${subscriber.catchUpMs} ms`} later, ${subscriber.routed} routed, ${subscriber.queued} queued, members' open tickets ${subscriber.minOpen}–${subscriber.maxOpen}; routing one ticket (${cost.samples} samples): the decision ${cost.decision.databaseCpuMs ?? '?'} ms of PostgreSQL CPU (wall median ${cost.decision.medianMs} ms, p95 ${cost.decision.p95Ms} ms), with the assignment ${cost.routed.databaseCpuMs ?? '?'} ms (wall median ${cost.routed.medianMs} ms, p95 ${cost.routed.p95Ms} ms), a create's decision ${cost.atCreate.databaseCpuMs ?? '?'} ms (wall median ${cost.atCreate.medianMs} ms)`,
      );
      await removeBenchRouting(db, meta.bigOrganization.id);
    }

    const memory = {
      docketPeakMb: processMemory(docket.process.pid!)?.peakMb ?? null,
      ...(docket.worker
        ? { docketWorkerPeakMb: processMemory(docket.worker.pid!)?.peakMb ?? null }
        : {}),
      baselinePeakMb: processMemory(baseline.process.pid!)?.peakMb ?? null,
    };
    const finishedAt = new Date();
    const report: BenchResults = {
      schemaVersion: 1,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      command: `pnpm bench ${process.argv.slice(2).join(' ')}`.trim(),
      ci: args.ci,
      machine: {
        cores: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 1024 ** 3),
        os: `${os.type()} ${os.release()}`,
        node: process.version,
        postgres: pgVersion,
        database: database.embedded
          ? `embedded PostgreSQL (${path.relative(REPO_ROOT, clusterDir(args.tickets))})`
          : 'BENCH_DATABASE_URL',
        loadAverageBefore: loadBefore.map((l) => Math.round(l * 100) / 100),
        loadAverageAfter: os.loadavg().map((l) => Math.round(l * 100) / 100),
      },
      settings: {
        serverNodeOptions: serverNodeOptions(),
        serverEntry: process.env.BENCH_SERVER_ENTRY || 'server/dist/server.js',
        workerProcess: args.workerProcess,
        durationSeconds: args.durationSeconds,
        warmupSeconds: args.warmupSeconds,
        connections: args.connections,
        poolSize: POOL_SIZE,
      },
      // The bench password of the generated users stays out of the results.
      dataset: {
        ...meta,
        signIn: { email: meta.signIn.email, password: '(bench)' },
        openTicketsNow: openTickets,
      },
      memory,
      scenarios: results,
      slaWorker,
      rules: rulesPhase,
      routing: routingPhase,
      targets: [],
    };
    report.targets = evaluateTargets(report);
    printReport(report);
    const file = resultsFile(args);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    log(`\nresults: ${path.relative(process.cwd(), file) || file}`);
    if (!numbersOk) {
      console.error('create: ticket numbers are not distinct and gap-free (see checks above)');
      return 1;
    }
    return 0;
  } finally {
    for (const stop of [...cleanup].reverse()) {
      await stop().catch((error: unknown) => console.error(error));
    }
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);

/**
 * The routing phase's runs, in order: A B C C B A (without, routed, byHand) by default, or
 * BENCH_ROUTING_ORDER, a comma-separated list of those names (to check that a variant's figure
 * does not follow its place in the phase). Each variant must appear at least once.
 */
function routingOrder(list: string | undefined): RoutingRun['variant'][] {
  const names: RoutingRun['variant'][] = ['without', 'routed', 'byHand'];
  if (!list) return ['without', 'routed', 'byHand', 'byHand', 'routed', 'without'];
  const order = list.split(',').map((name) => name.trim());
  const unknown = order.filter((name) => !names.includes(name as RoutingRun['variant']));
  const missing = names.filter((name) => !order.includes(name));
  if (unknown.length || missing.length) {
    throw new Error(
      `BENCH_ROUTING_ORDER: ${[...unknown.map((n) => `unknown "${n}"`), ...missing.map((n) => `"${n}" missing`)].join(', ')}`,
    );
  }
  return order as RoutingRun['variant'][];
}
