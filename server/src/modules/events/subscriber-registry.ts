/**
 * The subscribers registered with one process's dispatcher (event-dispatcher.ts), and the rules
 * of registering: a stable name (a-z, 0-9, `_`, `-`, at most 50 characters, starting with a
 * letter) unique across both modes; an inline subscriber runs in the dispatching transaction,
 * a queued one gets its own outbox rows (event-subscriber.ts).
 */
import type {
  EventHandler,
  EventSubscriber,
  EventSubscriberOptions,
  InlineEventSubscriber,
  QueuedEventSubscriber,
} from './event-subscriber.js';

const NAME_PATTERN = /^[a-z][a-z0-9_-]{0,49}$/;

/** A queued subscriber as registered: its handler, types (null: all) and limits. */
export interface QueuedRegistration {
  handler: EventHandler;
  types: ReadonlySet<string> | null;
  maxAttempts: number;
  timeoutMs: number;
  /** The subscribers whose rows of a ticket go first (QueuedEventSubscriber.after). */
  after: readonly string[];
  /** Which events get a row (QueuedEventSubscriber.accepts); null: all of `types`. */
  accepts: QueuedEventSubscriber['accepts'] | null;
}

/** An inline subscriber as registered. */
export interface InlineRegistration {
  name: string;
  subscriber: InlineEventSubscriber;
  types: ReadonlySet<string> | null;
}

/** Creates the empty registry of one dispatcher. */
export function createSubscriberRegistry() {
  /** Queued subscribers by name. */
  const queued = new Map<string, QueuedRegistration>();
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
    if (queued.has(name) || inline.some((s) => s.name === name)) {
      throw new Error(`subscriber "${name}" is already registered`);
    }
    const types = subscriber.types ? new Set<string>(subscriber.types) : null;
    if (subscriber.mode === 'inline') {
      inline.push({ name, subscriber, types });
      return;
    }
    queued.set(name, {
      handler: subscriber.handle,
      types,
      maxAttempts: subscriber.maxAttempts ?? 10,
      timeoutMs: subscriber.timeoutMs ?? 30_000,
      after: subscriber.after ?? [],
      accepts: subscriber.accepts ?? null,
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

  return {
    queued: queued as ReadonlyMap<string, QueuedRegistration>,
    inline: inline as readonly InlineRegistration[],
    subscribe,
    registerEventSubscriber,
    /** Every registered name: inline ones first, in registration order. */
    names: () => [...inline.map((s) => s.name), ...queued.keys()],
  };
}

export type SubscriberRegistry = ReturnType<typeof createSubscriberRegistry>;
