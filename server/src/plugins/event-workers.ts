/**
 * The outbox workers as an app plugin (modules/events/README.md): `app.events` gives
 * - `registerEventSubscriber(name, handler, options?)`, for modules that react to events (email
 *   notifications); register during start-up, before the app is ready;
 * - `runDispatcherOnce`, `runSubscribersOnce`, `runDeliveriesOnce` and `drain`, so tests (and
 *   scripts) drive the workers step by step, deterministically;
 * - `nudge()`, to wake the workers at once.
 * With OUTBOX_WORKERS on (the default outside tests) the workers start when the app is ready:
 * one loop dispatches events and runs subscribers, another sends webhook deliveries. Each runs
 * until it finds nothing to do, then sleeps until the next poll (OUTBOX_POLL_INTERVAL_MS) or a
 * wake-up: a committed event (PostgreSQL LISTEN/NOTIFY on the channel `docket_outbox`, when the
 * app was given the database URL) or any write request answered by this process. On close they
 * stop taking work, finish what is in flight (webhook requests are cut after a few seconds: those
 * deliveries are simply retried) and stop. A crash at any point loses nothing: undispatched
 * events stay PENDING, and deliveries or subscriber rows in flight are taken again when their
 * lease ends.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import pg from 'pg';
import type { Config } from '../config.js';
import { createSecretBox } from '../lib/secret-box.js';
import { OUTBOX_NOTIFY_CHANNEL } from '../modules/events/emit-event.js';
import {
  createEventDispatcher,
  type EventSubscriber,
  type EventSubscriberOptions,
} from '../modules/events/event-dispatcher.js';
import { createDeliveryWorker } from '../modules/webhooks/webhook-deliveries.js';
import {
  createWebhookHttpClient,
  type WebhookHttpClient,
} from '../modules/webhooks/webhook-http.js';
import { addressPolicyFrom } from '../modules/webhooks/webhook-ssrf.js';

/** What `app.events` offers. */
export interface EventsRuntime {
  /** See createEventDispatcher().registerEventSubscriber. */
  registerEventSubscriber(
    name: string,
    handler: EventSubscriber,
    options?: EventSubscriberOptions,
  ): void;
  runDispatcherOnce(options?: {
    limit?: number;
    now?: Date;
  }): Promise<{ dispatched: number; failed: number; deliveries: number; subscriberRows: number }>;
  runSubscribersOnce(options?: {
    limit?: number;
    now?: Date;
  }): Promise<{ handled: number; failed: number }>;
  runDeliveriesOnce(options?: {
    limit?: number;
    now?: Date;
  }): Promise<{ attempted: number; succeeded: number; failed: number }>;
  /**
   * Runs dispatcher, subscribers and deliveries until none has anything due at `now` (at most
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
  config: Pick<Config, 'outbox' | 'webhooks' | 'version'>;
  /** For LISTEN/NOTIFY; without it the workers rely on polling and in-process wake-ups. */
  databaseUrl?: string | undefined;
  /** The webhook HTTP client (tests pass one with a stubbed DNS); default the real one. */
  http?: WebhookHttpClient;
  /** Scheduling clock of the workers (tests move it forward); default real time. */
  now?: () => Date;
  /** Jitter source of the retry schedules; default Math.random. */
  random?: () => number;
}

/** How long closing waits for webhook requests in flight before cutting them. */
const CLOSE_GRACE_MS = 3000;
/** Finished outbox rows and deliveries are swept once an hour, kept 30 days. */
const SWEEP_INTERVAL_MS = 3600_000;

async function eventWorkers(app: FastifyInstance, options: EventWorkersOptions) {
  const { config } = options;
  const log = app.log.child({ component: 'outbox' });
  const http =
    options.http ??
    createWebhookHttpClient({
      policy: addressPolicyFrom(config.webhooks),
      timeoutMs: config.webhooks.timeoutMs,
      userAgent: `Docket-Webhooks/${config.version}`,
    });
  const dispatcher = createEventDispatcher({
    prisma: app.prisma,
    ...(options.now ? { now: options.now } : {}),
    ...(options.random ? { random: options.random } : {}),
    log,
  });
  const deliveries = createDeliveryWorker({
    prisma: app.prisma,
    config,
    secretBox: createSecretBox(config.webhooks.secretKey),
    http,
    ...(options.now ? { now: options.now } : {}),
    ...(options.random ? { random: options.random } : {}),
    log,
  });

  let running = false;
  const wakers = new Set<() => void>();
  const nudge = () => {
    for (const wake of wakers) wake();
  };

  /** Sleeps until `ms` pass, a nudge, or stop. */
  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakers.add(done);
    });
  }

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

  let listener: pg.Client | undefined;
  let reconnect: NodeJS.Timeout | undefined;
  /** LISTEN on the outbox channel; reconnects after a lost connection while running. */
  async function listen(): Promise<void> {
    if (!options.databaseUrl || !running) return;
    const client = new pg.Client({ connectionString: options.databaseUrl });
    const retry = () => {
      if (listener === client) listener = undefined;
      client.end().catch(() => {});
      if (running) reconnect = setTimeout(() => void listen(), 5000);
    };
    client.on('notification', nudge);
    client.on('error', (err) => {
      log.warn({ err }, 'outbox LISTEN connection lost; polling meanwhile');
      retry();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
      listener = client;
      if (!running) await client.end();
    } catch (err) {
      log.warn({ err }, 'outbox LISTEN failed; polling meanwhile');
      retry();
    }
  }

  let loops: Promise<void>[] = [];
  let sweepTimer: NodeJS.Timeout | undefined;

  function start(): void {
    if (running) return;
    running = true;
    loops = [
      loop('dispatcher', async () => {
        const dispatched = await dispatcher.runDispatcherOnce({ limit: 100 });
        const handled = await dispatcher.runSubscribersOnce({ limit: 50 });
        // Deliveries made by this dispatch are due now: wake their loop.
        if (dispatched.deliveries > 0) nudge();
        return dispatched.dispatched + dispatched.failed + handled.handled + handled.failed > 0;
      }),
      loop('deliveries', async () => {
        const sent = await deliveries.runDeliveriesOnce({ limit: 10 });
        return sent.attempted > 0;
      }),
    ];
    sweepTimer = setInterval(() => {
      dispatcher
        .sweep()
        .then((removed) => removed && log.info({ removed }, 'outbox sweep'))
        .catch((err: unknown) => log.warn({ err }, 'outbox sweep failed'));
    }, SWEEP_INTERVAL_MS);
    sweepTimer.unref();
    void listen();
  }

  async function stop(): Promise<void> {
    if (!running) return;
    running = false;
    clearInterval(sweepTimer);
    clearTimeout(reconnect);
    nudge();
    const finished = Promise.all(loops);
    const graceful = await Promise.race([
      finished.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CLOSE_GRACE_MS).unref()),
    ]);
    // Cut what is still in flight: those attempts fail and are retried later.
    await closeHttp(!graceful);
    if (!graceful) await finished;
    await listener?.end().catch(() => {});
    listener = undefined;
  }

  let httpClosed = false;
  /** Closes the HTTP client once: gracefully, or cutting requests in flight (`force`). */
  async function closeHttp(force: boolean): Promise<void> {
    if (httpClosed) return;
    httpClosed = true;
    await (force ? http.destroy() : http.close()).catch((err: unknown) =>
      log.warn({ err }, 'closing the webhook HTTP client failed'),
    );
  }

  const runtime: EventsRuntime = {
    registerEventSubscriber: dispatcher.registerEventSubscriber,
    runDispatcherOnce: dispatcher.runDispatcherOnce,
    runSubscribersOnce: dispatcher.runSubscribersOnce,
    runDeliveriesOnce: deliveries.runDeliveriesOnce,
    async drain(drainOptions = {}) {
      const totals = { dispatched: 0, handled: 0, attempted: 0, succeeded: 0 };
      const at = drainOptions.now ? { now: drainOptions.now } : {};
      for (let round = 0; round < (drainOptions.maxRounds ?? 50); round++) {
        const d = await dispatcher.runDispatcherOnce(at);
        const s = await dispatcher.runSubscribersOnce(at);
        const w = await deliveries.runDeliveriesOnce(at);
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
  // Workers off (tests drive them): the HTTP client still holds an agent to close.
  app.addHook('onClose', async () => closeHttp(false));
}

export default fp(eventWorkers, {
  name: 'event-workers',
  dependencies: ['prisma'],
  fastify: '5.x',
});
