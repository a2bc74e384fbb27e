/**
 * Running the queued subscribers (README.md in this folder): each has its own SUBSCRIBER rows,
 * hence its own progress, retries and failures, which survive restarts. A row is taken with a
 * lease; the handler runs in a transaction that also marks the row SENT, so what the handler
 * writes with `context.tx` commits exactly once with it; what it does outside the database
 * (sending an email) may be repeated if the process dies before the commit, or when the rows
 * handled with it fail (at-least-once: deduplicate on `event.id`). A failing handler is retried
 * with backoff, then the row is FAILED; rows of one ticket are handled in order per subscriber.
 */
import { rollbackTo, savepoint } from '../../db/savepoints.js';
import type { DomainEvent } from './events.schemas.js';
import {
  claimSubscriberRows,
  markSubscriberRowsSent,
  type ClaimedSubscriberRow,
} from './outbox.repository.js';
import { recordOutboxFailure, SUBSCRIBER_RETRY, type OutboxContext } from './outbox-retries.js';

/** How long a lease outlasts the longest handler's time limit. */
const SUBSCRIBER_LEASE_MARGIN_MS = 60_000;

/**
 * Hands up to `limit` due SUBSCRIBER rows to their handlers (rows of subscribers not registered
 * in this process are left for one that has them), leasing them to `workerId`.
 * @returns how many were handled and how many failed (retried later or FAILED).
 */
export async function runSubscribersOnce(
  ctx: OutboxContext,
  workerId: string,
  options: { limit?: number; now?: Date } = {},
) {
  const names = [...ctx.registry.queued.keys()];
  const result = { handled: 0, failed: 0 };
  if (names.length === 0) return result;
  const limit = options.limit ?? 50;
  // A ticket's rows are taken one at a time (order), so claim again while rows come.
  while (result.handled + result.failed < limit) {
    const batch = await claimAndHandle(
      ctx,
      workerId,
      names,
      limit - result.handled - result.failed,
      options.now,
    );
    result.handled += batch.handled;
    result.failed += batch.failed;
    if (batch.handled + batch.failed === 0) break;
  }
  return result;
}

/** One claim of up to `limit` rows (at most one per subscriber and ticket), then their handlers. */
async function claimAndHandle(
  ctx: OutboxContext,
  workerId: string,
  names: string[],
  limit: number,
  at: Date | undefined,
) {
  const { prisma, registry } = ctx;
  const result = { handled: 0, failed: 0 };
  const now = at ?? ctx.clock();
  const longest = Math.max(...[...registry.queued.values()].map((s) => s.timeoutMs));
  const lease = new Date(now.getTime() + longest + SUBSCRIBER_LEASE_MARGIN_MS);
  const rows = await claimSubscriberRows(prisma, {
    subscribers: names,
    waits: [...registry.queued.entries()].flatMap(([name, s]) =>
      s.after.map((first) => `${name}>${first}`),
    ),
    now,
    lease,
    workerId,
    limit,
  });
  // A claim holds at most one row per subscriber and ticket: the rows are independent, so a few
  // lanes handle them at once (their handlers mostly wait on the database), each lane its rows in
  // ONE transaction (lanesOf), each row's handler under a savepoint of its own: a failing handler
  // rolls back its own writes only, the others commit. Measured at a million tickets
  // (bench/README.md "Routing"): a transaction per row cost the server and the database more than
  // most handlers' own work. Should the lane's transaction itself fail (its commit, a lease lost),
  // its rows are handled again one transaction each.
  await forEachConcurrently(lanesOf(rows), SUBSCRIBER_CONCURRENCY, async (lane) => {
    const failures = new Map<string, unknown>();
    try {
      await handleLane(ctx, lane, { workerId, lease, now, timeoutMs: longest }, failures);
    } catch (error) {
      if (lane.length === 1) failures.set(lane[0]!.id, error);
      else {
        failures.clear();
        for (const row of lane) {
          const timeoutMs = registry.queued.get(row.subscriber)!.timeoutMs;
          await handleLane(ctx, [row], { workerId, lease, now, timeoutMs }, failures).catch(
            (failure: unknown) => failures.set(row.id, failure),
          );
        }
      }
    }
    result.handled += lane.length - failures.size;
    for (const [id, error] of failures) {
      result.failed++;
      await recordOutboxFailure(ctx, id, error, now, SUBSCRIBER_RETRY);
    }
  });
  return result;
}

/**
 * Runs the handlers of `lane` in one transaction and marks SENT the rows whose handler did not
 * throw; the others' errors go to `failures` (by row id), their writes rolled back to the
 * savepoint taken before them (a lane of one row needs none: its error fails the transaction).
 * @throws when the transaction fails as a whole (then nothing of it stays), or a lease was lost.
 */
async function handleLane(
  ctx: OutboxContext,
  lane: readonly ClaimedSubscriberRow[],
  claim: { workerId: string; lease: Date; now: Date; timeoutMs: number },
  failures: Map<string, unknown>,
): Promise<void> {
  const { workerId, lease, now } = claim;
  await ctx.prisma.$transaction(
    async (tx) => {
      const sent: string[] = [];
      for (const [i, row] of lane.entries()) {
        const registration = ctx.registry.queued.get(row.subscriber)!;
        const event = row.payload as unknown as DomainEvent;
        const context = { tx, attempt: row.attempts, subscriber: row.subscriber };
        if (lane.length === 1) {
          await registration.handler(event, context);
        } else {
          await savepoint(tx, `docket_subscriber_${i}`);
          try {
            await registration.handler(event, context);
          } catch (error) {
            await rollbackTo(tx, `docket_subscriber_${i}`);
            failures.set(row.id, error);
            continue;
          }
        }
        sent.push(row.id);
      }
      if (sent.length === 0) return;
      const done = await markSubscriberRowsSent(tx, { ids: sent, workerId, lease, now });
      // Lease lost to another worker: undo the handlers' writes, that worker redoes them.
      if (done !== sent.length) throw new Error('lease lost');
    },
    { timeout: claim.timeoutMs, maxWait: 10_000 },
  );
}

/** Lanes of a claim, each handled in one transaction (at most this many rows each). */
const LANE_ROWS = 16;

/**
 * The claimed `rows` split into lanes of about LANE_ROWS rows at most: a ticket's rows in one
 * lane, in the claim's order (their events' order), and the tickets of a lane in ascending id —
 * so that two lanes never hold a lock on the same ticket, and take those of their tickets in one
 * order. Rows of no ticket go one to a lane. SUBSCRIBER_CONCURRENCY lanes while the rows allow.
 */
export function lanesOf(rows: readonly ClaimedSubscriberRow[]): ClaimedSubscriberRow[][] {
  const byTicket = new Map<string, ClaimedSubscriberRow[]>();
  const alone: ClaimedSubscriberRow[][] = [];
  for (const row of rows) {
    if (row.aggregateId === null) {
      alone.push([row]);
      continue;
    }
    const ticketRows = byTicket.get(row.aggregateId);
    if (ticketRows) ticketRows.push(row);
    else byTicket.set(row.aggregateId, [row]);
  }
  const tickets = [...byTicket.keys()].sort();
  const count = Math.max(
    Math.min(SUBSCRIBER_CONCURRENCY, tickets.length),
    Math.ceil((rows.length - alone.length) / LANE_ROWS),
  );
  const lanes: ClaimedSubscriberRow[][] = Array.from({ length: count }, () => []);
  // Consecutive tickets to a lane (ascending ids within each), as many tickets in each as can be.
  tickets.forEach((ticket, i) => {
    lanes[Math.floor((i * count) / tickets.length)]!.push(...byTicket.get(ticket)!);
  });
  return [...lanes.filter((lane) => lane.length > 0), ...alone];
}

/** Lanes handled at once by one worker (each in its own transaction, on its own connection). */
const SUBSCRIBER_CONCURRENCY = 4;

/** Runs `task` on every item, at most `limit` at a time; resolves when all are done. */
async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
