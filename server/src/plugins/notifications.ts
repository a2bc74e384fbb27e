/**
 * Email notifications as an app plugin (modules/notifications/README.md):
 * - registers the `email` event subscriber, which writes the rendered mails to
 *   `email_notifications` in the transaction that marks each event handled;
 * - runs the mail worker when the app is ready (and sweeps sent mails after 30 days) (with the outbox workers: OUTBOX_WORKERS, default
 *   on outside tests), woken when mails were queued or a retry was asked, else every
 *   OUTBOX_POLL_INTERVAL_MS; stopped on close, after the mail in flight;
 * - decorates `app.notifications` so tests and scripts drive it step by step: `runMailOnce`,
 *   `drain` (events, subscribers and mails until nothing is due at `now`), `nudge`.
 * The transport is SMTP (SMTP_URL) or the local capture in DATA_DIR/mail.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { createTrackingLinks } from '../lib/tracking-token.js';
import {
  EMAIL_EVENT_TYPES,
  createEmailSubscriber,
  createMailTransport,
  createMailWorker,
  type MailTransport,
} from '../modules/notifications/index.js';
import { createReplyAddresses } from '../modules/mailboxes/index.js';

/** Sent mails older than 30 days are removed once an hour (the outbox's own rhythm). */
const SWEEP_INTERVAL_MS = 3600_000;
/** Attempts of the `email` subscriber (deciding and writing the mails) before its row FAILS. */
const SUBSCRIBER_MAX_ATTEMPTS = 10;

export interface NotificationsRuntime {
  /** `smtp` (SMTP_URL) or `capture` (DATA_DIR/mail, development). */
  readonly mode: 'smtp' | 'capture';
  /** One pass of the mail worker (mail-worker.ts `runOnce`). */
  runMailOnce(options?: {
    now?: Date;
    limit?: number;
  }): Promise<{ claimed: number; sent: number; retried: number; failed: number }>;
  /**
   * Runs the outbox (app.events.drain) and the mail worker until neither has anything due at
   * `now` (at most `maxRounds`, default 50). @returns the mails sent, retried and failed.
   */
  drain(options?: {
    now?: Date;
    maxRounds?: number;
  }): Promise<{ handled: number; sent: number; retried: number; failed: number }>;
  /** Wakes the running mail worker (no-op when it does not run). */
  nudge(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    notifications: NotificationsRuntime;
  }
}

export interface NotificationsPluginOptions {
  config: Pick<Config, 'env' | 'publicUrl' | 'mail' | 'outbox' | 'trackingLink' | 'inbound'>;
  /** Default: from the config (SMTP or capture). */
  transport?: MailTransport;
  /** Scheduling clock of the worker; default real time. */
  now?: () => Date;
  /** Jitter source of the retries; default Math.random. */
  random?: () => number;
}

async function notifications(app: FastifyInstance, options: NotificationsPluginOptions) {
  const { config } = options;
  const log = app.log.child({ component: 'mail' });
  const transport = options.transport ?? createMailTransport(config.mail);
  if (transport.mode === 'capture' && config.env === 'production') {
    log.warn(
      { captureDir: config.mail.captureDir },
      'SMTP_URL is not set: email notifications are written to the data folder, not sent',
    );
  }
  const worker = createMailWorker({
    prisma: app.prisma,
    transport,
    ...(options.now ? { now: options.now } : {}),
    ...(options.random ? { random: options.random } : {}),
    log,
  });

  let running = false;
  let wake: (() => void) | undefined;
  const nudge = () => wake?.();
  // Mails are written inside the subscriber's transaction: look once it had time to commit (the
  // poll catches the rare slower commit).
  const nudgeSoon = () => {
    if (running) setTimeout(nudge, 25).unref();
  };

  app.events.subscribe({
    name: 'email',
    mode: 'queued',
    types: EMAIL_EVENT_TYPES,
    maxAttempts: SUBSCRIBER_MAX_ATTEMPTS,
    handle: createEmailSubscriber({
      config,
      trackingLinks: createTrackingLinks(config),
      replyAddresses: createReplyAddresses(config.inbound.replySecret),
      onQueued: nudgeSoon,
    }),
  });

  let loop: Promise<void> | undefined;
  async function run(): Promise<void> {
    while (running) {
      let busy = false;
      try {
        const result = await worker.runOnce({ limit: 20 });
        busy = result.claimed > 0;
      } catch (error) {
        log.error({ err: error }, 'mail worker step failed');
      }
      if (!busy && running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, config.outbox.pollIntervalMs);
          function done() {
            clearTimeout(timer);
            wake = undefined;
            resolve();
          }
          wake = done;
        });
      }
    }
  }

  const runtime: NotificationsRuntime = {
    mode: transport.mode,
    runMailOnce: worker.runOnce,
    async drain(drainOptions = {}) {
      const totals = { handled: 0, sent: 0, retried: 0, failed: 0 };
      const at = drainOptions.now ? { now: drainOptions.now } : {};
      for (let round = 0; round < (drainOptions.maxRounds ?? 50); round++) {
        const events = await app.events.drain(at);
        const mails = await worker.runOnce({ ...at, limit: 100 });
        totals.handled += events.handled;
        totals.sent += mails.sent;
        totals.retried += mails.retried;
        totals.failed += mails.failed;
        if (events.dispatched + events.handled + events.attempted + mails.claimed === 0) break;
      }
      return totals;
    },
    nudge,
  };
  app.decorate('notifications', runtime);

  let sweepTimer: NodeJS.Timeout | undefined;
  if (config.outbox.workersEnabled) {
    app.addHook('onReady', async () => {
      running = true;
      loop = run();
      sweepTimer = setInterval(() => {
        worker
          .sweep()
          .then((removed) => removed && log.info({ removed }, 'sent mails swept'))
          .catch((err: unknown) => log.warn({ err }, 'mail sweep failed'));
      }, SWEEP_INTERVAL_MS);
      sweepTimer.unref();
    });
  }
  app.addHook('preClose', async () => {
    running = false;
    clearInterval(sweepTimer);
    nudge();
    await loop;
  });
  app.addHook('onClose', async () => transport.close());
}

export default fp(notifications, {
  name: 'notifications',
  dependencies: ['prisma', 'event-workers'],
  fastify: '5.x',
});
