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
 */
import { randomUUID } from 'node:crypto';
import { backoffMs, type BackoffOptions } from '../../lib/backoff.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../lib/db.js';
import type {
  DispatchedEvent,
  EventHandler,
  EventSubscriber,
  EventSubscriberOptions,
  InlineEventSubscriber,
} from './event-subscriber.js';
import type { DomainEvent } from './events.schemas.js';

export interface EventDispatcherDeps {
  prisma: PrismaClient;
  /** Scheduling clock; default real time. */
  now?: () => Date;
  random?: () => number;
  log?: { warn(obj: object, msg: string): void };
}

/** Retries of a dispatch that failed (a database error): 1 s doubling to 5 min. */
const DISPATCH_RETRY: BackoffOptions = { baseMs: 1000, capMs: 5 * 60_000 };
/** Retries of a subscriber's handler: 5 s doubling to 1 h (10 attempts ≈ 40 min). */
const SUBSCRIBER_RETRY: BackoffOptions = { baseMs: 5000, capMs: 3600_000 };
const SUBSCRIBER_LEASE_MARGIN_MS = 60_000;
/** Events dispatched per transaction (runDispatcherOnce). */
const DISPATCH_BATCH = 50;
const NAME_PATTERN = /^[a-z][a-z0-9_-]{0,49}$/;

interface QueuedRegistration {
  handler: EventHandler;
  types: ReadonlySet<string> | null;
  maxAttempts: number;
  timeoutMs: number;
}

interface InlineRegistration {
  name: string;
  subscriber: InlineEventSubscriber;
  types: ReadonlySet<string> | null;
}

/**
 * The dispatcher of one process. Subscribers are registered at start-up (every instance the
 * same); events dispatched before a subscriber was registered do not reach it.
 */
export function createEventDispatcher(deps: EventDispatcherDeps) {
  const { prisma } = deps;
  const clock = deps.now ?? (() => new Date());
  const workerId = `worker-${randomUUID().slice(0, 8)}`;
  /** Queued subscribers by name. */
  const subscribers = new Map<string, QueuedRegistration>();
  /** Inline subscribers, in the order they registered (the order they run in a dispatch). */
  const inline: InlineRegistration[] = [];

  /**
   * Registers a consumer (event-subscriber.ts) under its stable `name`. Every event dispatched
   * from now on (of `subscriber.types`, if given) reaches it: an inline subscriber in the
   * dispatching transaction, a queued one once the dispatch committed (at-least-once outside
   * the database).
   * @throws Error for a malformed or already registered name (names are shared by both modes).
   */
  function subscribe(subscriber: EventSubscriber): void {
    const { name } = subscriber;
    if (!NAME_PATTERN.test(name)) throw new Error(`invalid subscriber name "${name}"`);
    if (subscribers.has(name) || inline.some((s) => s.name === name)) {
      throw new Error(`subscriber "${name}" is already registered`);
    }
    const types = subscriber.types ? new Set<string>(subscriber.types) : null;
    if (subscriber.mode === 'inline') {
      inline.push({ name, subscriber, types });
      return;
    }
    subscribers.set(name, {
      handler: subscriber.handle,
      types,
      maxAttempts: subscriber.maxAttempts ?? 10,
      timeoutMs: subscriber.timeoutMs ?? 30_000,
    });
  }

  /**
   * Shorthand for `subscribe({mode: 'queued', name, handle: handler, ...options})`.
   * @throws Error for a malformed or already registered name.
   */
  function registerEventSubscriber(
    name: string,
    handler: EventHandler,
    options: EventSubscriberOptions = {},
  ): void {
    subscribe({ mode: 'queued', name, handle: handler, ...options });
  }

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
  async function runDispatcherOnce(options: { limit?: number; now?: Date } = {}) {
    const limit = options.limit ?? 100;
    const result = { dispatched: 0, failed: 0, deliveries: 0, subscriberRows: 0 };
    let batchSize = DISPATCH_BATCH;
    while (result.dispatched + result.failed < limit) {
      const now = options.now ?? clock();
      const take = Math.min(batchSize, limit - result.dispatched - result.failed);
      if (!(await anyDue(now))) break;
      let taken: DispatchedEvent[] = [];
      try {
        const outcome = await prisma.$transaction(async (tx) => {
          const events = await tx.$queryRaw<(DispatchedEvent & { attempts: number })[]>`
            SELECT o.id, o."organizationId", o.topic, o."aggregateId", o.sequence, o.payload, o.attempts
            FROM outbox_messages o
            WHERE ${dueCondition(now)}
            ORDER BY o.sequence
            LIMIT ${take}
            FOR UPDATE OF o SKIP LOCKED`;
          if (events.length === 0) return null;
          taken = events;
          return dispatchEvents(tx, events, now);
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
        await recordFailure(taken[0]!.id, error, now);
      }
    }
    return result;
  }

  /**
   * The conditions (on `outbox_messages o`) of an EVENT row that may be dispatched at `now`:
   * pending, due, and no earlier pending event of the same ticket (order per ticket).
   */
  function dueCondition(now: Date): Prisma.Sql {
    return Prisma.sql`o.kind = 'EVENT' AND o.status = 'PENDING'
      AND (o.attempts = 0 OR o."nextAttemptAt" <= ${now})
      AND NOT EXISTS (
        SELECT 1 FROM outbox_messages p
        WHERE p.kind = 'EVENT' AND p.status = 'PENDING'
          AND p."aggregateId" = o."aggregateId" AND p.sequence < o.sequence)`;
  }

  /** Whether any event is due at `now` (one statement, no transaction, no lock). */
  async function anyDue(now: Date): Promise<boolean> {
    const [row] = await prisma.$queryRaw<{ due: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM outbox_messages o WHERE ${dueCondition(now)}) AS due`;
    return row?.due === true;
  }

  /**
   * In the dispatcher's transaction `tx`: the batch handed to each inline subscriber (its events
   * of the subscriber's types, in order), one SUBSCRIBER row per interested queued subscriber and
   * event (one insert), and the events marked SENT (one update).
   */
  async function dispatchEvents(
    tx: Prisma.TransactionClient,
    events: readonly DispatchedEvent[],
    now: Date,
  ): Promise<{ deliveries: number; subscriberRows: number }> {
    let deliveries = 0;
    for (const { subscriber, types } of inline) {
      const theirs = types ? events.filter((e) => types.has(e.topic)) : events;
      if (theirs.length > 0) deliveries += (await subscriber.deliver(tx, theirs, now)) ?? 0;
    }
    // Raw SQL rather than the ORM's createMany and updateMany: this runs for every write of the
    // API, and the ORM's query building was a measurable part of it (bench/).
    let order = 0;
    const rows = events.flatMap((event) =>
      [...subscribers.entries()]
        .filter(([, s]) => !s.types || s.types.has(event.topic))
        .map(
          ([name, s]) =>
            Prisma.sql`(${order++}::int, ${randomUUID()}::uuid, ${event.organizationId}::uuid, ${event.topic}::text,
              ${name}::text, ${event.id}::uuid, ${event.aggregateId}::uuid,
              ${JSON.stringify(event.payload)}::json, ${s.maxAttempts}::int, ${now}::timestamptz)`,
        ),
    );
    if (rows.length) {
      // In the events' order (ORDER BY): a ticket's subscriber rows keep the order of its events.
      await tx.$executeRaw`INSERT INTO outbox_messages (id, "organizationId", kind, topic,
          subscriber, "eventId", "aggregateId", payload, "maxAttempts", "nextAttemptAt")
        SELECT v.id, v.org, 'SUBSCRIBER'::"OutboxKind", v.topic, v.subscriber, v.event, v.agg,
          v.payload, v.max, v.next
        FROM (VALUES ${Prisma.join(rows)})
          AS v(ord, id, org, topic, subscriber, event, agg, payload, max, next)
        ORDER BY v.ord
        ON CONFLICT ("eventId", subscriber) DO NOTHING`;
    }
    await tx.$executeRaw`UPDATE outbox_messages
      SET status = 'SENT', "sentAt" = ${now}::timestamptz, "lastError" = NULL
      WHERE id = ANY(${events.map((e) => e.id)}::uuid[])`;
    return { deliveries, subscriberRows: rows.length };
  }

  /** A failed dispatch or handler: one more attempt counted, retried later or FAILED. */
  async function recordFailure(id: string, error: unknown, now: Date, retry = DISPATCH_RETRY) {
    const row = await prisma.outboxMessage.findUnique({
      where: { id },
      select: { attempts: true, maxAttempts: true, kind: true },
    });
    if (!row) return;
    // EVENT rows count attempts here; SUBSCRIBER rows counted theirs when taken.
    const attempts = row.kind === 'EVENT' ? row.attempts + 1 : row.attempts;
    const message = error instanceof Error ? error.message : String(error);
    deps.log?.warn({ err: error, outboxMessageId: id, attempts }, 'outbox message failed');
    await prisma.outboxMessage.update({
      where: { id },
      data: {
        attempts,
        lastError: message.slice(0, 2000),
        lockedUntil: null,
        lockedBy: null,
        ...(attempts >= row.maxAttempts
          ? { status: 'FAILED' }
          : {
              nextAttemptAt: new Date(
                now.getTime() + backoffMs(attempts, { ...retry, random: deps.random }),
              ),
            }),
      },
    });
  }

  /**
   * Hands up to `limit` due SUBSCRIBER rows to their handlers (rows of subscribers not registered
   * in this process are left for one that has them).
   * @returns how many were handled and how many failed (retried later or FAILED).
   */
  async function runSubscribersOnce(options: { limit?: number; now?: Date } = {}) {
    const names = [...subscribers.keys()];
    const result = { handled: 0, failed: 0 };
    if (names.length === 0) return result;
    const limit = options.limit ?? 50;
    // A ticket's rows are taken one at a time (order), so claim again while rows come.
    while (result.handled + result.failed < limit) {
      const batch = await claimAndHandle(
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
  async function claimAndHandle(names: string[], limit: number, at: Date | undefined) {
    const result = { handled: 0, failed: 0 };
    const now = at ?? clock();
    const longest = Math.max(...[...subscribers.values()].map((s) => s.timeoutMs));
    const lease = new Date(now.getTime() + longest + SUBSCRIBER_LEASE_MARGIN_MS);
    const rows = await prisma.$queryRaw<
      { id: string; subscriber: string; attempts: number; payload: Prisma.JsonValue }[]
    >`
      UPDATE outbox_messages AS m
      SET "lockedUntil" = ${lease}, "lockedBy" = ${workerId}, attempts = m.attempts + 1
      WHERE m.id IN (
        SELECT o.id FROM outbox_messages o
        WHERE o.kind = 'SUBSCRIBER' AND o.status = 'PENDING' AND o.subscriber = ANY(${names})
          AND o."nextAttemptAt" <= ${now}
          AND (o."lockedUntil" IS NULL OR o."lockedUntil" <= ${now})
          AND NOT EXISTS (
            SELECT 1 FROM outbox_messages p
            WHERE p.kind = 'SUBSCRIBER' AND p.subscriber = o.subscriber AND p.status = 'PENDING'
              AND p."aggregateId" = o."aggregateId" AND p.sequence < o.sequence)
        ORDER BY o.sequence
        LIMIT ${limit}
        FOR UPDATE OF o SKIP LOCKED)
      RETURNING m.id, m.subscriber, m.attempts, m.payload`;
    for (const row of rows) {
      const registration = subscribers.get(row.subscriber)!;
      try {
        await prisma.$transaction(
          async (tx) => {
            await registration.handler(row.payload as unknown as DomainEvent, {
              tx,
              attempt: row.attempts,
              subscriber: row.subscriber,
            });
            const done = await tx.outboxMessage.updateMany({
              where: { id: row.id, lockedBy: workerId, lockedUntil: lease },
              data: { status: 'SENT', sentAt: now, lockedUntil: null, lockedBy: null },
            });
            // Lease lost to another worker: undo the handler's writes, that worker redoes them.
            if (done.count === 0) throw new Error('lease lost');
          },
          { timeout: registration.timeoutMs, maxWait: 10_000 },
        );
        result.handled++;
      } catch (error) {
        result.failed++;
        await recordFailure(row.id, error, now, SUBSCRIBER_RETRY);
      }
    }
    return result;
  }

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
    for (const { subscriber } of inline) removed += (await subscriber.sweep?.(before)) ?? 0;
    const messages = await prisma.outboxMessage.deleteMany({
      where: { status: 'SENT', sentAt: { lt: before } },
    });
    return removed + messages.count;
  }

  return {
    subscribe,
    registerEventSubscriber,
    runDispatcherOnce,
    runSubscribersOnce,
    sweep,
    subscriberNames: () => [...inline.map((s) => s.name), ...subscribers.keys()],
  };
}

export type EventDispatcher = ReturnType<typeof createEventDispatcher>;
