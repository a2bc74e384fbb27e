/**
 * The outbox workers as an app plugin (modules/events/README.md): `app.events` gives
 * - `subscribe(subscriber)` (and its shorthand `registerEventSubscriber(name, handler, options?)`),
 *   for modules that react to events (webhooks, live updates, email notifications): each
 *   registers its own subscriber during start-up, before the app is ready; this plugin knows none;
 * - `addDeliveryWorker(worker)`, for a subscriber that fans events out into a queue of its own
 *   (webhook deliveries): the worker that empties it runs in a loop of its own here;
 * - `runDispatcherOnce`, `runSubscribersOnce`, `runDeliveriesOnce` and `drain`, so tests (and
 *   scripts) drive the workers step by step, deterministically;
 * - `nudge()`, to wake the workers at once.
 * With OUTBOX_WORKERS on (the default outside tests) the workers start when the app is ready:
 * one loop dispatches events and runs subscribers, one per delivery worker empties its queue. Each runs
 * until it finds nothing to do, then sleeps until the next poll (OUTBOX_POLL_INTERVAL_MS) or a
 * wake-up: a committed event (PostgreSQL LISTEN/NOTIFY on the channel `docket_outbox`, when the
 * app was given the database URL) or any write request answered by this process. On close they
 * stop taking work, finish what is in flight (delivery workers are told to cut their work after a
 * few seconds: webhook deliveries so cut are simply retried), hand back the leases of the
 * subscriber rows they still hold (another instance takes them at once) and stop. A crash at
 * any point loses nothing: undispatched events stay PENDING, and deliveries or subscriber rows
 * in flight are taken again when their lease ends.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { createPrismaClient } from '../db/prisma.js';
import type { PrismaClient } from '../lib/db.js';
import {
  OUTBOX_NOTIFY_CHANNEL,
  createEventDispatcher,
  createListenConnection,
  listenOn,
  type ListenConnection,
  type EventHandler,
  type EventSubscriber,
  type EventSubscriberOptions,
} from '../modules/events/index.js';

/** Totals of one pass of delivery workers. */
export interface DeliveryRunTotals {
  attempted: number;
  succeeded: number;
  failed: number;
}

/**
 * The worker that empties the queue an inline subscriber fills (e.g. webhook deliveries), run by
 * this plugin: in a loop of its own when the workers run, by `runDeliveriesOnce` and `drain`
 * otherwise.
 */
export interface OutboxDeliveryWorker {
  /** For logs. */
  name: string;
  /** One pass over up to `limit` due items at `now`. @returns what it attempted. */
  runOnce(options: { limit?: number; now?: Date }): Promise<DeliveryRunTotals>;
  /**
   * Called once when the app closes, after the loops stopped (or were given up on):
   * `force` = cut work still in flight.
   */
  close?(force: boolean): Promise<void>;
}

/** What `app.events` offers. */
export interface EventsRuntime {
  /**
   * Registers a consumer of events (modules/events/event-subscriber.ts); during start-up, before
   * the app is ready. @throws Error for a malformed or taken name.
   */
  subscribe(subscriber: EventSubscriber): void;
  /** Shorthand for a queued subscriber: `subscribe({mode: 'queued', name, handle, ...options})`. */
  registerEventSubscriber(
    name: string,
    handler: EventHandler,
    options?: EventSubscriberOptions,
  ): void;
  /** Registers the worker of a subscriber's own queue; during start-up, before the app is ready. */
  addDeliveryWorker(worker: OutboxDeliveryWorker): void;
  runDispatcherOnce(options?: {
    limit?: number;
    now?: Date;
  }): Promise<{ dispatched: number; failed: number; deliveries: number; subscriberRows: number }>;
  runSubscribersOnce(options?: {
    limit?: number;
    now?: Date;
  }): Promise<{ handled: number; failed: number }>;
  /** One pass of every delivery worker (each up to `limit`). @returns the sums. */
  runDeliveriesOnce(options?: { limit?: number; now?: Date }): Promise<DeliveryRunTotals>;
  /**
   * Runs dispatcher, subscribers and delivery workers until none has anything due at `now` (at most
   * `maxRounds` rounds, default 50). @returns the totals.
   */
  drain(options?: { now?: Date; maxRounds?: number }): Promise<{
    dispatched: number;
    handled: number;
    attempted: number;
    succeeded: number;
  }>;
  /** Wakes the running workers (no-op when they do not run). */
  nudge(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    events: EventsRuntime;
  }
}

export interface EventWorkersOptions {
  config: Pick<Config, 'outbox' | 'databaseConnectTimeoutMs' | 'databaseQueryTimeoutMs'>;
  /** For LISTEN/NOTIFY; without it the workers rely on polling and in-process wake-ups. */
  databaseUrl?: string | undefined;
  /** Scheduling clock of the workers (tests move it forward); default real time. */
  now?: () => Date;
  /** Jitter source of the retry schedules; default Math.random. */
  random?: () => number;
}

/** How long closing waits for the delivery workers' work in flight before cutting it. */
const CLOSE_GRACE_MS = 3000;
/** Finished outbox rows and deliveries are swept once an hour, kept 30 days. */
const SWEEP_INTERVAL_MS = 3600_000;

/** Sleepers woken together: `pause(ms)` resolves after `ms`, or at the next `wakeAll()`. */
function createWakeups() {
  const wakers = new Set<() => void>();
  return {
    wakeAll(): void {
      for (const wake of wakers) wake();
    },
    pause(ms: number): Promise<void> {
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wakers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        wakers.add(done);
      });
    },
  };
}

/**
 * LISTEN on the outbox channel (PostgreSQL NOTIFY), calling `onNotify` for each notification.
 * A lost or failed connection is logged and retried after 5 s while `isRunning()`; meanwhile the
 * workers poll. Without `databaseUrl`, `start` does nothing.
 */
function createOutboxListener(
  databaseUrl: string | undefined,
  log: FastifyBaseLogger,
  onNotify: () => void,
  isRunning: () => boolean,
) {
  let listener: ListenConnection | undefined;
  let reconnect: NodeJS.Timeout | undefined;
  async function listen(): Promise<void> {
    if (!databaseUrl || !isRunning()) return;
    const client = createListenConnection(databaseUrl);
    const retry = () => {
      if (listener === client) listener = undefined;
      client.end().catch(() => {});
      if (isRunning()) reconnect = setTimeout(() => void listen(), 5000);
    };
    client.on('notification', onNotify);
    client.on('error', (err) => {
      log.warn({ err }, 'outbox LISTEN connection lost; polling meanwhile');
      retry();
    });
    try {
      await listenOn(client, OUTBOX_NOTIFY_CHANNEL);
      listener = client;
      if (!isRunning()) await client.end();
    } catch (err) {
      log.warn({ err }, 'outbox LISTEN failed; polling meanwhile');
      retry();
    }
  }
  return {
    start(): void {
      void listen();
    },
    async stop(): Promise<void> {
      clearTimeout(reconnect);
      await listener?.end().catch(() => {});
      listener = undefined;
    },
  };
}

/**
 * The bulkhead between requests and workers: when the workers run here and
 * OUTBOX_DATABASE_POOL_SIZE is not 0, a client over a pool of their own for the dispatcher's and
 * the subscribers' transactions, so that a backlog of events never holds the connections the
 * requests wait for (and the requests' load never starves the workers of all of them); else null
 * (they share the app's client: tests, which drive the workers themselves, and
 * OUTBOX_DATABASE_POOL_SIZE=0).
 */
function ownDatabasePool(
  config: EventWorkersOptions['config'],
  databaseUrl: string | undefined,
): PrismaClient | null {
  const { workersEnabled, databasePoolSize } = config.outbox;
  if (!workersEnabled || !databaseUrl || databasePoolSize === 0) return null;
  // The same time limits as the requests' client (server.ts).
  return createPrismaClient(databaseUrl, {
    poolSize: databasePoolSize,
    connectionTimeoutMs: config.databaseConnectTimeoutMs,
    queryTimeoutMs: config.databaseQueryTimeoutMs,
  });
}

async function eventWorkers(app: FastifyInstance, options: EventWorkersOptions) {
  const { config } = options;
  const log = app.log.child({ component: 'outbox' });
  const workersPrisma = ownDatabasePool(config, options.databaseUrl);
  const dispatcher = createEventDispatcher({
    prisma: workersPrisma ?? app.prisma,
    ...(options.now ? { now: options.now } : {}),
    ...(options.random ? { random: options.random } : {}),
    log,
  });
  const workers: OutboxDeliveryWorker[] = [];

  /** One pass of every delivery worker. */
  async function runDeliveriesOnce(runOptions: { limit?: number; now?: Date } = {}) {
    const totals: DeliveryRunTotals = { attempted: 0, succeeded: 0, failed: 0 };
    for (const worker of workers) {
      const done = await worker.runOnce(runOptions);
      totals.attempted += done.attempted;
      totals.succeeded += done.succeeded;
      totals.failed += done.failed;
    }
    return totals;
  }

  let running = false;
  const { pause, wakeAll: nudge } = createWakeups();

  /** Repeats `step` while it finds work, then pauses; errors are logged and the loop goes on. */
  async function loop(name: string, step: () => Promise<boolean>): Promise<void> {
    while (running) {
      let busy = false;
      try {
        busy = await step();
      } catch (error) {
        log.error({ err: error, loop: name }, 'outbox worker step failed');
      }
      if (!busy && running) await pause(config.outbox.pollIntervalMs);
    }
  }

  const listener = createOutboxListener(options.databaseUrl, log, nudge, () => running);

  let loops: Promise<void>[] = [];
  let sweepTimer: NodeJS.Timeout | undefined;

  function start(): void {
    if (running) return;
    running = true;
    loops = [
      loop('dispatcher', async () => {
        const dispatched = await dispatcher.runDispatcherOnce({ limit: 100 });
        const handled = await dispatcher.runSubscribersOnce({ limit: 50 });
        // Deliveries made by this dispatch are due now: wake their loops.
        if (dispatched.deliveries > 0) nudge();
        return dispatched.dispatched + dispatched.failed + handled.handled + handled.failed > 0;
      }),
      ...workers.map((worker) =>
        loop(worker.name, async () => {
          const sent = await worker.runOnce({ limit: 10 });
          return sent.attempted > 0;
        }),
      ),
    ];
    sweepTimer = setInterval(() => {
      dispatcher
        .sweep()
        .then((removed) => removed && log.info({ removed }, 'outbox sweep'))
        .catch((err: unknown) => log.warn({ err }, 'outbox sweep failed'));
    }, SWEEP_INTERVAL_MS);
    sweepTimer.unref();
    listener.start();
  }

  async function stop(): Promise<void> {
    if (!running) return;
    running = false;
    clearInterval(sweepTimer);
    nudge();
    const finished = Promise.all(loops);
    const graceful = await Promise.race([
      finished.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CLOSE_GRACE_MS).unref()),
    ]);
    // Subscriber rows still held (a handler that outlived the grace) go back to the other
    // workers and instances now rather than when their lease ends.
    await dispatcher
      .releaseLeases()
      .then((released) => released && log.info({ released }, 'outbox leases handed back'))
      .catch((err: unknown) => log.warn({ err }, 'handing back outbox leases failed'));
    // Cut what is still in flight: those attempts fail and are retried later.
    await closeWorkers(!graceful);
    if (!graceful) await finished;
    await listener.stop();
  }

  let workersClosed = false;
  /** Closes the delivery workers once: gracefully, or cutting work in flight (`force`). */
  async function closeWorkers(force: boolean): Promise<void> {
    if (workersClosed) return;
    workersClosed = true;
    for (const worker of workers) {
      await worker
        .close?.(force)
        .catch((err: unknown) => log.warn({ err, worker: worker.name }, 'closing a worker failed'));
    }
  }

  const runtime: EventsRuntime = {
    subscribe: dispatcher.subscribe,
    registerEventSubscriber: dispatcher.registerEventSubscriber,
    addDeliveryWorker(worker) {
      if (running) throw new Error('delivery workers are added before the app is ready');
      workers.push(worker);
    },
    runDispatcherOnce: dispatcher.runDispatcherOnce,
    runSubscribersOnce: dispatcher.runSubscribersOnce,
    runDeliveriesOnce,
    async drain(drainOptions = {}) {
      const totals = { dispatched: 0, handled: 0, attempted: 0, succeeded: 0 };
      const at = drainOptions.now ? { now: drainOptions.now } : {};
      for (let round = 0; round < (drainOptions.maxRounds ?? 50); round++) {
        const d = await dispatcher.runDispatcherOnce(at);
        const s = await dispatcher.runSubscribersOnce(at);
        const w = await runDeliveriesOnce(at);
        totals.dispatched += d.dispatched;
        totals.handled += s.handled;
        totals.attempted += w.attempted;
        totals.succeeded += w.succeeded;
        if (d.dispatched + d.failed + s.handled + s.failed + w.attempted === 0) break;
      }
      return totals;
    },
    nudge,
  };
  app.decorate('events', runtime);

  // A write answered by this process may have committed events: look now rather than at the next poll.
  app.addHook('onResponse', async (request) => {
    if (running && request.method !== 'GET' && request.method !== 'HEAD') nudge();
  });
  if (config.outbox.workersEnabled) app.addHook('onReady', async () => start());
  app.addHook('preClose', stop);
  // Workers off (tests drive them): a delivery worker may still hold something to close.
  app.addHook('onClose', async () => {
    await closeWorkers(false);
    await workersPrisma?.$disconnect();
  });
}

export default fp(eventWorkers, {
  name: 'event-workers',
  dependencies: ['prisma'],
  fastify: '5.x',
});
