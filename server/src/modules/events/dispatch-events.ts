/**
 * Dispatching events (README.md in this folder): pending EVENT rows are taken oldest first with
 * `FOR UPDATE SKIP LOCKED`, a batch at a time, and for each batch, in ONE transaction, handed to
 * the inline subscribers, turned into one SUBSCRIBER row per interested queued subscriber, and
 * marked SENT. Either all of that happens or none (a crash rolls it back and the events are
 * taken again). An event is not taken while an earlier event of the same ticket is pending.
 */
import type { Prisma } from '../../lib/db.js';
import type { DispatchedEvent } from './event-subscriber.js';
import type { DomainEvent } from './events.schemas.js';
import {
  anyOutboxEventDue,
  insertSubscriberRows,
  lockDueOutboxEvents,
  markOutboxEventsSent,
  type NewSubscriberRow,
} from './outbox.repository.js';
import { recordOutboxFailure, type OutboxContext } from './outbox-retries.js';
import { newRowId } from '../../lib/row-id.js';

/** Events dispatched per transaction (runDispatcherOnce). */
const DISPATCH_BATCH = 50;

/**
 * Dispatches up to `limit` pending events (default 100), in batches of up to DISPATCH_BATCH
 * events per transaction: measured at a million tickets (bench/), one transaction per event
 * cost the database and the server more than the writes that made the events. A batch is all
 * or nothing; when one fails, its events are dispatched again one transaction each, so that
 * only the failing event is counted as failed (retried with backoff) and the others go on.
 * Before opening a transaction, one plain query checks that something is due (a wake-up finds
 * nothing most of the time under load: the events were taken by the previous run).
 * @returns how many events were dispatched, how many failed (kept for a retry), how many items
 * the inline subscribers queued (`deliveries`: webhook deliveries, for one) and how many
 * queued subscribers' rows were made.
 */
export async function runDispatcherOnce(
  ctx: OutboxContext,
  options: { limit?: number; now?: Date } = {},
) {
  const { prisma } = ctx;
  const limit = options.limit ?? 100;
  const result = { dispatched: 0, failed: 0, deliveries: 0, subscriberRows: 0 };
  let batchSize = DISPATCH_BATCH;
  while (result.dispatched + result.failed < limit) {
    const now = options.now ?? ctx.clock();
    const take = Math.min(batchSize, limit - result.dispatched - result.failed);
    if (!(await anyOutboxEventDue(prisma, now))) break;
    let taken: DispatchedEvent[] = [];
    try {
      const outcome = await prisma.$transaction(async (tx) => {
        const events = await lockDueOutboxEvents(tx, now, take);
        if (events.length === 0) return null;
        taken = events;
        return dispatchEvents(ctx, tx, events, now);
      });
      if (!outcome) break;
      result.dispatched += taken.length;
      result.deliveries += outcome.deliveries;
      result.subscriberRows += outcome.subscriberRows;
    } catch (error) {
      if (taken.length === 0) throw error;
      if (taken.length > 1) {
        // Find the culprit: the same events again, one transaction each.
        batchSize = 1;
        continue;
      }
      result.failed++;
      await recordOutboxFailure(ctx, taken[0]!.id, error, now);
    }
  }
  return result;
}

/**
 * In the dispatcher's transaction `tx`: the batch handed to each inline subscriber (its events
 * of the subscriber's types, in order), one SUBSCRIBER row per interested queued subscriber and
 * event (one insert), and the events marked SENT (one update).
 */
async function dispatchEvents(
  ctx: OutboxContext,
  tx: Prisma.TransactionClient,
  events: readonly DispatchedEvent[],
  now: Date,
): Promise<{ deliveries: number; subscriberRows: number }> {
  let deliveries = 0;
  for (const { subscriber, types } of ctx.registry.inline) {
    const theirs = types ? events.filter((e) => types.has(e.topic)) : events;
    if (theirs.length > 0) deliveries += (await subscriber.deliver(tx, theirs, now)) ?? 0;
  }
  const rows: NewSubscriberRow[] = [];
  for (const event of events) {
    for (const [name, s] of ctx.registry.queued) {
      if (s.types && !s.types.has(event.topic)) continue;
      if (s.accepts && !(await s.accepts(event.payload as unknown as DomainEvent, tx))) continue;
      rows.push({
        id: newRowId(),
        organizationId: event.organizationId,
        topic: event.topic,
        subscriber: name,
        eventId: event.id,
        aggregateId: event.aggregateId,
        payload: event.payload,
        maxAttempts: s.maxAttempts,
        nextAttemptAt: now,
      });
    }
  }
  // In the events' order: a ticket's subscriber rows keep the order of its events.
  if (rows.length) await insertSubscriberRows(tx, rows);
  await markOutboxEventsSent(
    tx,
    events.map((e) => e.id),
    now,
  );
  return { deliveries, subscriberRows: rows.length };
}
