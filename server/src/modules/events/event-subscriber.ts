/**
 * What a consumer of domain events gives the dispatcher (README.md in this folder, "Subscribing").
 * The dispatcher knows consumers only through these shapes: a consumer module builds its
 * subscriber and registers it with `app.events.subscribe(subscriber)` at start-up, and the
 * dispatcher imports none of them.
 *
 * Two ways to consume, both at-least-once and in each ticket's order:
 * - `inline`: `deliver(tx, events, now)` runs inside the dispatcher's transaction for each batch
 *   of dispatched events, so what it writes (its own queue rows, a `pg_notify`) commits if and
 *   only if the events are marked dispatched. For fan-out into a consumer's own queue (webhook
 *   deliveries) or a notification sent at commit (live notices). A throw rolls the batch back
 *   (the events are taken again, one at a time, and only the failing one waits for a retry).
 * - `queued`: the dispatcher writes one outbox row (kind SUBSCRIBER) per event for the
 *   subscriber, and `handle(event, context)` runs later in a transaction of its own that also
 *   marks the row handled; failures are retried with backoff, then the row is FAILED (email).
 */
import type { Db, Prisma } from '../../lib/db.js';
import type { DomainEvent, EventType } from './events.schemas.js';

/** An EVENT row of the outbox as the dispatcher holds it while dispatching. */
export interface DispatchedEvent {
  id: string;
  organizationId: string;
  /** The event type. */
  topic: string;
  /** The ticket (or other aggregate) the event is about; null when order does not matter. */
  aggregateId: string | null;
  /** Position in the outbox: increasing in the order the events were written. */
  sequence: bigint;
  /** The event envelope `{id, type, timestamp, organizationId, data}` (a DomainEvent). */
  payload: Prisma.JsonValue;
}

/** What a queued subscriber's handler gets besides the event. */
export interface EventSubscriberContext {
  /** The transaction that marks this event handled for the subscriber: write with it. */
  tx: Prisma.TransactionClient;
  /** 1 for the first attempt. */
  attempt: number;
  subscriber: string;
}

/**
 * Handles one event for one queued subscriber. Throwing means "not handled": the row is retried
 * with backoff, and marked FAILED after `maxAttempts`.
 */
export type EventHandler = (event: DomainEvent, context: EventSubscriberContext) => Promise<void>;

interface SubscriberBase {
  /**
   * Stable name: a-z, 0-9, `_` and `-`, at most 50 characters, starting with a letter; unique
   * among the subscribers of the process (queued rows carry it: a renamed subscriber starts afresh).
   */
  name: string;
  /** Event types the subscriber receives; default all (internal ones included). */
  types?: readonly EventType[];
}

/** A consumer that works inside the dispatcher's transaction (see the file's comment). */
export interface InlineEventSubscriber extends SubscriberBase {
  mode: 'inline';
  /**
   * Called once per dispatched batch with the batch's events of `types`, in the outbox order
   * (never with an empty list). Write with `tx` only.
   * @returns how many items it queued (summed into the dispatcher's `deliveries`); none: 0.
   */
  deliver(
    tx: Prisma.TransactionClient,
    events: readonly DispatchedEvent[],
    now: Date,
  ): Promise<number | void>;
  /**
   * Deletes the subscriber's finished work finished before `before` (the dispatcher's sweep).
   * @returns the number of rows deleted.
   */
  sweep?(before: Date): Promise<number>;
}

/** A consumer with its own outbox rows, handled after the dispatch (see the file's comment). */
export interface QueuedEventSubscriber extends SubscriberBase {
  mode: 'queued';
  handle: EventHandler;
  /** Attempts before a row is FAILED; default 10. */
  maxAttempts?: number;
  /** Time the handler's transaction may take, ms; default 30 000. */
  timeoutMs?: number;
  /**
   * Subscribers (registered before this one) whose rows of the same ticket, for this event and
   * the earlier ones, are handled before this one's row: e.g. routing after the rules have run.
   * A row of theirs that failed twice no longer holds this one back.
   */
  after?: readonly string[];
  /**
   * Which events of `types` get a row at all, decided at dispatch (in the dispatching
   * transaction `db`) from the event and, at most, state the subscriber keeps cached; default
   * every one. Keeps a subscriber that cares about few of its events (routing: a queued ticket,
   * freed capacity; rules: an organization with triggers) from costing an outbox row — an
   * insert, a claim, a transaction and a delete — for each of the others.
   */
  accepts?: (event: DomainEvent, db: Db) => boolean | Promise<boolean>;
}

export type EventSubscriber = InlineEventSubscriber | QueuedEventSubscriber;

/** The options of a queued subscriber, for `registerEventSubscriber(name, handler, options)`. */
export type EventSubscriberOptions = Pick<
  QueuedEventSubscriber,
  'types' | 'maxAttempts' | 'timeoutMs' | 'after' | 'accepts'
>;
