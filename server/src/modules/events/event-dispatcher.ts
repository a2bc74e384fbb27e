/**
 * The event dispatcher and the subscribers' runner: what happens to an event after `emitEvent`
 * wrote it (README.md in this folder tells the whole story).
 *
 * Dispatch (`runDispatcherOnce`): takes pending EVENT rows, oldest first, with
 * `FOR UPDATE SKIP LOCKED` (several workers or instances share the work without taking the same
 * row), a batch at a time, and for each batch, in ONE transaction:
 * - hands the batch to each registered inline subscriber interested in its types (e.g. the
 *   webhooks' subscriber creates deliveries, the live updates' publishes notices at commit);
 * - creates one SUBSCRIBER outbox row per registered queued subscriber interested in the type;
 * - marks the event SENT.
 * Either all of that happens or none (a crash rolls it back and the events are taken again). An
 * event is not taken while an earlier event of the same ticket is still pending, so deliveries
 * and subscriber rows are made in the ticket's order.
 *
 * Subscribers register themselves (`subscribe(subscriber)`, event-subscriber.ts): this file
 * imports no consumer. Queued subscribers (`runSubscribersOnce`): each subscriber has its own
 * rows, hence its own progress, retries and failures, which survive restarts. A row is taken
 * with a lease; the handler runs in a transaction that also marks the row SENT, so what
 * the handler writes with `context.tx` commits exactly once with it; what it does outside the
 * database (sending an email) may be repeated if the process dies before the commit
 * (at-least-once: deduplicate on `event.id`). A failing handler is retried with backoff, then
 * the row is FAILED; rows of one ticket are handled in order per subscriber.
 *
 * By rule: registering (subscriber-registry.ts), dispatching (dispatch-events.ts), running the
 * queued subscribers (queued-subscribers.ts), retries (outbox-retries.ts); this file puts them
 * together and sweeps.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../lib/db.js';
import { runDispatcherOnce } from './dispatch-events.js';
import { deleteSentOutboxMessages, releaseSubscriberLeases } from './outbox.repository.js';
import type { OutboxContext } from './outbox-retries.js';
import { runSubscribersOnce } from './queued-subscribers.js';
import { createSubscriberRegistry } from './subscriber-registry.js';

export interface EventDispatcherDeps {
  prisma: PrismaClient;
  /** Scheduling clock; default real time. */
  now?: () => Date;
  random?: () => number;
  log?: { warn(obj: object, msg: string): void };
}

/**
 * The dispatcher of one process. Subscribers are registered at start-up (every instance the
 * same); events dispatched before a subscriber was registered do not reach it.
 */
export function createEventDispatcher(deps: EventDispatcherDeps) {
  const { prisma } = deps;
  const clock = deps.now ?? (() => new Date());
  const workerId = `worker-${randomUUID().slice(0, 8)}`;
  const registry = createSubscriberRegistry();
  const ctx: OutboxContext = { prisma, clock, random: deps.random, log: deps.log, registry };

  /**
   * Deletes what is finished and older than `retentionDays` (default 30): the inline
   * subscribers' finished work (their `sweep`, e.g. webhook deliveries that succeeded or failed
   * for good), then dispatched events and handled subscriber rows. Pending work is never removed.
   * @returns the number of rows deleted.
   */
  async function sweep(options: { now?: Date; retentionDays?: number } = {}): Promise<number> {
    const now = options.now ?? clock();
    const before = new Date(now.getTime() - (options.retentionDays ?? 30) * 24 * 3600_000);
    let removed = 0;
    for (const { subscriber } of registry.inline) {
      removed += (await subscriber.sweep?.(before)) ?? 0;
    }
    return removed + (await deleteSentOutboxMessages(prisma, before));
  }

  return {
    subscribe: registry.subscribe,
    registerEventSubscriber: registry.registerEventSubscriber,
    /** Dispatches pending events (dispatch-events.ts). */
    runDispatcherOnce: (options: { limit?: number; now?: Date } = {}) =>
      runDispatcherOnce(ctx, options),
    /** Hands due SUBSCRIBER rows to their handlers (queued-subscribers.ts). */
    runSubscribersOnce: (options: { limit?: number; now?: Date } = {}) =>
      runSubscribersOnce(ctx, workerId, options),
    sweep,
    /**
     * Hands back the leases this dispatcher's worker holds on pending subscriber rows, for
     * another worker or instance to take at once (the instance is stopping). @returns how many.
     */
    releaseLeases: () => releaseSubscriberLeases(prisma, workerId, clock()),
    subscriberNames: registry.names,
  };
}

export type EventDispatcher = ReturnType<typeof createEventDispatcher>;
