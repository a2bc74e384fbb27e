/**
 * Webhooks as an app plugin (modules/webhooks, the Standard Webhooks specification):
 * - registers the `webhooks` inline event subscriber, which makes each dispatched event's
 *   deliveries (one per enabled endpoint subscribed to its type) in the dispatcher's transaction
 *   and sweeps finished deliveries with the outbox;
 * - hands the delivery worker (sending, retries, disabling failing endpoints) to the outbox
 *   workers (`app.events.addDeliveryWorker`), which run it in a loop of their own, drive it in
 *   tests (`app.events.runDeliveriesOnce`, `drain`) and close its HTTP client on close: gracefully,
 *   or cutting requests still in flight after the grace period (those deliveries are retried).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { createSecretBox } from '../lib/secret-box.js';
import {
  addressPolicyFrom,
  createDeliveryWorker,
  createWebhookHttpClient,
  createWebhookSubscriber,
  type WebhookHttpClient,
} from '../modules/webhooks/index.js';

export interface WebhooksPluginOptions {
  config: Pick<Config, 'webhooks' | 'version'>;
  /** The webhook HTTP client (tests pass one with a stubbed DNS); default the real one. */
  http?: WebhookHttpClient;
  /** Scheduling clock of the delivery worker (tests move it forward); default real time. */
  now?: () => Date;
  /** Jitter source of the retry schedule; default Math.random. */
  random?: () => number;
}

async function webhooks(app: FastifyInstance, options: WebhooksPluginOptions) {
  const { config } = options;
  const log = app.log.child({ component: 'outbox' });
  const http =
    options.http ??
    createWebhookHttpClient({
      policy: addressPolicyFrom(config.webhooks),
      timeoutMs: config.webhooks.timeoutMs,
      userAgent: `Docket-Webhooks/${config.version}`,
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

  app.events.subscribe(createWebhookSubscriber({ prisma: app.prisma }));
  app.events.addDeliveryWorker({
    name: 'deliveries',
    runOnce: deliveries.runDeliveriesOnce,
    async close(force) {
      await (force ? http.destroy() : http.close()).catch((err: unknown) =>
        log.warn({ err }, 'closing the webhook HTTP client failed'),
      );
    },
  });
}

export default fp(webhooks, {
  name: 'webhooks',
  dependencies: ['prisma', 'event-workers'],
  fastify: '5.x',
});
