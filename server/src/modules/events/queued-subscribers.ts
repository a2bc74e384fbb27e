/**
 * Running the queued subscribers (README.md in this folder): each has its own SUBSCRIBER rows,
 * hence its own progress, retries and failures, which survive restarts. A row is taken with a
 * lease; the handler runs in a transaction that also marks the row SENT, so what the handler
 * writes with `context.tx` commits exactly once with it; what it does outside the database
 * (sending an email) may be repeated if the process dies before the commit (at-least-once:
 * deduplicate on `event.id`). A failing handler is retried with backoff, then the row is FAILED;
 * rows of one ticket are handled in order per subscriber.
 */
import type { DomainEvent } from './events.schemas.js';
import { claimSubscriberRows, markSubscriberRowSent } from './outbox.repository.js';
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
  // are handled at once (their handlers mostly wait on the database).
  await forEachConcurrently(rows, SUBSCRIBER_CONCURRENCY, async (row) => {
    const registration = registry.queued.get(row.subscriber)!;
    try {
      await prisma.$transaction(
        async (tx) => {
          await registration.handler(row.payload as unknown as DomainEvent, {
            tx,
            attempt: row.attempts,
            subscriber: row.subscriber,
          });
          const done = await markSubscriberRowSent(tx, { id: row.id, workerId, lease, now });
          // Lease lost to another worker: undo the handler's writes, that worker redoes them.
          if (!done) throw new Error('lease lost');
        },
        { timeout: registration.timeoutMs, maxWait: 10_000 },
      );
      result.handled++;
    } catch (error) {
      result.failed++;
      await recordOutboxFailure(ctx, row.id, error, now, SUBSCRIBER_RETRY);
    }
  });
  return result;
}

/** Rows handled at once by one worker (each in its own transaction, on its own connection). */
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
