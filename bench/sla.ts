/**
 * SLA in the benchmark (docs/product.md "SLA"): the SLA state every run starts from, relative to
 * the time of the run, and the cost of the SLA timer worker's scan
 * (server/src/modules/sla/sla.repository.ts `findTicketsWithDueTimers`, polled every
 * OUTBOX_POLL_INTERVAL_MS by server/src/modules/sla/sla-timers.ts).
 */
import type pg from 'pg';
import { processCpuSeconds } from './load.js';
import type { SlaWorkerCost } from './report.js';
import { OPEN_STATUSES } from './scenarios.js';

/**
 * Unsolved tickets (every organization's, most recently updated first) given two running
 * targets each — resolution and next response — so that the worker scans 50,000 active targets.
 */
export const SLA_TARGET_TICKETS = 25_000;

/** Spread of the targets' due times around the start of the run: from 2 days ago to 30 days ahead. */
const DUE_FROM_SECONDS = -2 * 86_400;
const DUE_SPAN_SECONDS = 32 * 86_400;

/** The server's default OUTBOX_POLL_INTERVAL_MS (server/src/config.ts): one timer scan per poll. */
export const SLA_POLL_INTERVAL_MS = 1000;

/** Scans timed, after a few untimed ones that warm the plan cache and the buffers. */
const SCANS = 200;
const WARMUP_SCANS = 5;
/** The worker's batch (sla-timers.ts `runOnce`, `limit` default). */
const SCAN_LIMIT = 50;

/**
 * The timer worker's scan, as `findTicketsWithDueTimers` sends it: Prisma's `$queryRaw` binds
 * each interpolated value as a parameter of its own ($1 and $3 = now; $2, $4 and $5 = limit).
 */
export const SLA_TIMER_SCAN_SQL = `
    SELECT DISTINCT d."ticketId" FROM (
      (SELECT s."ticketId", s."dueAt" AS at FROM ticket_sla_targets s
        WHERE s.state = 'active' AND s."dueAt" <= $1 ORDER BY s."dueAt" LIMIT $2)
      UNION ALL
      (SELECT s."ticketId", s."warnAt" AS at FROM ticket_sla_targets s
        WHERE s.state = 'active' AND s."warnAt" <= $3 AND s."warnedAt" IS NULL
        ORDER BY s."warnAt" LIMIT $4)
    ) d JOIN tickets t ON t.id = d."ticketId" AND t."deletedAt" IS NULL
    LIMIT $5`;

/** The parameters of SLA_TIMER_SCAN_SQL at `now`. */
function scanParameters(now: Date): unknown[] {
  return [now, SCAN_LIMIT, now, SCAN_LIMIT, SCAN_LIMIT];
}

/** What prepareSlaState did. */
export interface SlaState {
  /** Targets deleted (every organization's) and tickets whose four SLA columns were cleared. */
  removedTargets: number;
  clearedTickets: number;
  /** Targets inserted (resolution and next response per ticket), of which already breached and already warned. */
  targets: number;
  breached: number;
  warned: number;
}

/**
 * Sets the SLA state of the run, relative to now, so that a data set generated days ago does not
 * make the timer worker fire a burst of breaches: deletes every ticket_sla_targets row and clears
 * `slaPolicyId`, `slaDueAt`, `slaMetric` and `slaWarnAt` of the tickets that have any; then gives
 * the SLA_TARGET_TICKETS most recently updated unsolved (NEW…ON_HOLD) tickets of every
 * organization (`organizationId`, the big one, is only checked to be given) a `resolution` and a
 * `next_response` target (cycle 1, due a day before the resolution) under their organization's
 * policy for their priority, in set-based SQL:
 * - due time: now + from −2 to +30 days, chosen by a hash of the ticket's id (the same ticket
 *   gets the same offset every run); warning time: the due time less (100 − warnAtPercent)% of
 *   the target, as the clocks compute it (server/src/modules/sla/sla-clock.ts);
 * - armed at the ticket's creation, clock running since then, no time used before;
 * - a due time already past: `breached` at its due time, as the worker leaves it (warning time
 *   null, clock restarted at the breach with the time used until then); a warning time already
 *   past: `warnedAt` set to it — so the worker has nothing due when the run starts;
 * - each ticket's SLA columns as the SLA module keeps them (`ticketSlaColumns`): its policy, the
 *   nearest target's due time, metric and warning time (the due time once breached).
 * Tickets keep their `updatedAt`. Then vacuums and analyses both tables (the plans of the SLA
 * list and of the worker's scan depend on their statistics).
 */
export async function prepareSlaState(db: pg.Client, organizationId: string): Promise<SlaState> {
  const removedTargets = (await db.query('DELETE FROM ticket_sla_targets')).rowCount ?? 0;
  const clearedTickets =
    (
      await db.query(
        `UPDATE tickets SET "slaPolicyId" = NULL, "slaDueAt" = NULL, "slaMetric" = NULL,
           "slaWarnAt" = NULL
         WHERE "slaPolicyId" IS NOT NULL OR "slaDueAt" IS NOT NULL OR "slaMetric" IS NOT NULL
           OR "slaWarnAt" IS NOT NULL`,
      )
    ).rowCount ?? 0;
  const { rows } = await db.query<{ targets: number; breached: number; warned: number }>(
    `WITH run AS (SELECT now() AS at),
     chosen AS (
       SELECT t.id, t."organizationId", t."createdAt", p.id AS policy_id,
         p."resolutionMinutes" * 60 AS target_seconds,
         p."resolutionMinutes" * 60 - ceil(p."resolutionMinutes" * 60 * p."warnAtPercent" / 100.0)::int
           AS warn_before_seconds,
         run.at + make_interval(secs => $3::float8 + $4::float8 *
           ((hashtextextended(t.id::text, 0) & 9007199254740991)::float8 / 9007199254740992.0))
           AS due_at,
         run.at
       FROM tickets t
       CROSS JOIN run
       JOIN LATERAL (
         SELECT p.id, p."resolutionMinutes", p."warnAtPercent" FROM sla_policies p
         WHERE p."organizationId" = t."organizationId" AND p.active
           AND p.conditions->'priorities' ? t.priority::text AND p."resolutionMinutes" IS NOT NULL
         ORDER BY p.position LIMIT 1) p ON true
       WHERE $1::uuid IS NOT NULL AND t."deletedAt" IS NULL
         AND t.status = ANY($2::"TicketStatus"[])
       ORDER BY t."updatedAt" DESC, t.id DESC
       LIMIT $5),
     targets AS (
       INSERT INTO ticket_sla_targets (id, "organizationId", "ticketId", metric, cycle, "policyId",
         state, "targetSeconds", "usedSeconds", "runningSince", "dueAt", "warnAt", "armedAt",
         "warnedAt", "breachedAt", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), c."organizationId", c.id, m.metric::"SlaMetric", 1, c.policy_id,
         CASE WHEN c.due_at <= c.at THEN 'breached' ELSE 'active' END::"SlaTargetState",
         c.target_seconds,
         CASE WHEN c.due_at <= c.at
           THEN greatest(0, floor(extract(epoch FROM c.due_at - c."createdAt")))::int ELSE 0 END,
         CASE WHEN c.due_at <= c.at THEN c.due_at ELSE c."createdAt" END,
         c.due_at,
         CASE WHEN c.due_at <= c.at THEN NULL
           ELSE c.due_at - make_interval(secs => c.warn_before_seconds) END,
         c."createdAt",
         CASE WHEN c.due_at - make_interval(secs => c.warn_before_seconds) <= c.at
           THEN c.due_at - make_interval(secs => c.warn_before_seconds) END,
         CASE WHEN c.due_at <= c.at THEN c.due_at END,
         c.at, c.at
       FROM chosen c0
       CROSS JOIN (VALUES ('resolution'), ('next_response')) AS m(metric)
       CROSS JOIN LATERAL (SELECT c0.id, c0."organizationId", c0."createdAt", c0.policy_id,
           c0.target_seconds, c0.warn_before_seconds, c0.at,
           c0.due_at - CASE WHEN m.metric = 'next_response' THEN interval '1 day'
             ELSE interval '0' END AS due_at) c
       RETURNING "ticketId", "policyId", metric, state, "dueAt", "warnAt", "warnedAt"),
     nearest AS (
       SELECT DISTINCT ON ("ticketId") "ticketId", "policyId", metric, "dueAt", "warnAt"
       FROM targets ORDER BY "ticketId", "dueAt"),
     tickets_set AS (
       UPDATE tickets t SET "slaPolicyId" = s."policyId", "slaDueAt" = s."dueAt",
         "slaMetric" = s.metric, "slaWarnAt" = coalesce(s."warnAt", s."dueAt")
       FROM nearest s WHERE t.id = s."ticketId"
       RETURNING t.id)
     SELECT count(*)::int AS targets,
       count(*) FILTER (WHERE state = 'breached')::int AS breached,
       count(*) FILTER (WHERE state = 'active' AND "warnedAt" IS NOT NULL)::int AS warned
     FROM targets`,
    [organizationId, OPEN_STATUSES, DUE_FROM_SECONDS, DUE_SPAN_SECONDS, SLA_TARGET_TICKETS],
  );
  await db.query('VACUUM (ANALYZE) ticket_sla_targets, tickets');
  const row = rows[0] ?? { targets: 0, breached: 0, warned: 0 };
  return { removedTargets, clearedTickets, ...row };
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

/** The scans of a plan tree: "<node type> <index or table>: <rows> rows × <loops>". */
function scansOf(node: PlanNode, found: string[] = []): string[] {
  if (node['Index Name'] || node['Node Type'] === 'Seq Scan') {
    found.push(
      `${node['Node Type']} ${node['Index Name'] ?? node['Relation Name'] ?? '?'}: ${node['Actual Rows'] ?? '?'} rows × ${node['Actual Loops'] ?? '?'}`,
    );
  }
  for (const child of node.Plans ?? []) scansOf(child, found);
  return found;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/**
 * Measures the timer worker's steady-state scan as it is: SLA_TIMER_SCAN_SQL with now = the
 * current time and limit 50, sent SCANS times one after the other on `db` (after WARMUP_SCANS
 * untimed ones), as the worker sends it once per poll. Reports the mean and the worst wall time
 * per scan, the CPU time of the PostgreSQL backend serving `db` per scan (from /proc, like
 * load.ts; null when `postgresIsLocal` is false or /proc does not tell, and at a resolution of
 * 10 ms over the whole series), the plan of one more scan (EXPLAIN (ANALYZE, BUFFERS): the
 * scans and indexes used and their rows), and the cost per minute at one scan every
 * SLA_POLL_INTERVAL_MS.
 */
export async function measureSlaTimerScan(
  db: pg.Client,
  postgresIsLocal: boolean,
): Promise<SlaWorkerCost> {
  const counts = (
    await db.query<{ active: number; total: number }>(
      `SELECT count(*) FILTER (WHERE state = 'active')::int AS active, count(*)::int AS total
       FROM ticket_sla_targets`,
    )
  ).rows[0] ?? { active: 0, total: 0 };
  const backendPid = postgresIsLocal
    ? Number((await db.query('SELECT pg_backend_pid() AS pid')).rows[0].pid)
    : null;
  for (let i = 0; i < WARMUP_SCANS; i++) {
    await db.query(SLA_TIMER_SCAN_SQL, scanParameters(new Date()));
  }
  const cpuBefore = backendPid === null ? null : processCpuSeconds(backendPid);
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < SCANS; i++) {
    const started = performance.now();
    rows = (await db.query(SLA_TIMER_SCAN_SQL, scanParameters(new Date()))).rowCount ?? 0;
    times.push(performance.now() - started);
  }
  const cpuAfter = backendPid === null ? null : processCpuSeconds(backendPid);
  const meanMs = times.reduce((sum, t) => sum + t, 0) / times.length;
  const cpuMs =
    cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / SCANS;

  const explained = (
    await db.query(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${SLA_TIMER_SCAN_SQL}`,
      scanParameters(new Date()),
    )
  ).rows[0]['QUERY PLAN'] as [
    { Plan: PlanNode; 'Planning Time': number; 'Execution Time': number },
  ];
  const plan = explained[0];
  const scansPerMinute = 60_000 / SLA_POLL_INTERVAL_MS;
  return {
    query: SLA_TIMER_SCAN_SQL.replace(/\s+/g, ' ').trim(),
    limit: SCAN_LIMIT,
    scans: SCANS,
    activeTargets: counts.active,
    targets: counts.total,
    rowsPerScan: rows,
    meanMs: round3(meanMs),
    maxMs: round3(Math.max(...times)),
    postgresCpuMsPerScan: cpuMs === null ? null : round3(cpuMs),
    explain: {
      planningMs: plan['Planning Time'],
      executionMs: plan['Execution Time'],
      rows: plan.Plan['Actual Rows'] ?? 0,
      sharedHitBlocks: plan.Plan['Shared Hit Blocks'] ?? 0,
      sharedReadBlocks: plan.Plan['Shared Read Blocks'] ?? 0,
      scans: scansOf(plan.Plan),
    },
    pollIntervalMs: SLA_POLL_INTERVAL_MS,
    scansPerMinute,
    perMinute: {
      wallMs: round3(meanMs * scansPerMinute),
      postgresCpuMs: cpuMs === null ? null : round3(cpuMs * scansPerMinute),
    },
  };
}
