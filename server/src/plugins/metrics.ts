/**
 * Prometheus metrics of this instance (docs/operations.md "Metrics", which lists every series),
 * through prom-client with a registry of the app's own (two apps in one process — tests — do not
 * share series):
 * - `http_request_duration_seconds{method, route, status_class}`: one histogram observation per
 *   answered request (its `_count` is the request rate), labelled by the route's pattern
 *   (`/api/tickets/:id`, `unmatched` when no route matched), never the raw URL; the live stream
 *   (text/event-stream, open for hours) is left out;
 * - the Node.js defaults (CPU, memory, GC, `nodejs_eventloop_lag_*`, …);
 * - gauges read when scraped: the database pool, the outbox backlog per subscriber, the email
 *   and webhook queues, inbound mail of the last hour (plugins/metrics.repository.ts, at most one
 *   database read every SNAPSHOT_TTL_MS however often it is scraped), and what other plugins and
 *   modules add with `app.metrics.gauge` (the live streams).
 * `GET /api/metrics` answers them in the Prometheus text format. It is open outside production
 * when METRICS_TOKEN is unset; with METRICS_TOKEN it asks for `Authorization: Bearer <token>`
 * (401 otherwise); in production without METRICS_TOKEN it does not exist (404).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { z } from 'zod';
import type { PrismaClient } from '../lib/db.js';
import { ProblemSchema } from '../lib/common.schemas.js';
import {
  countEmailQueue,
  countRecentInboundEmails,
  countWebhookQueue,
  findOutboxBacklogs,
  poolStatsReader,
  type OutboxBacklog,
  type QueueCounts,
} from './metrics.repository.js';
import { sendProblem } from './problem-details.js';

/** What `app.metrics` offers to other plugins and modules. */
export interface MetricsRuntime {
  /**
   * Adds a gauge `name` (prefix it `docket_`) whose value `read()` gives at each scrape; during
   * start-up. @throws Error when the name is taken.
   */
  gauge(name: string, help: string, read: () => number): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: MetricsRuntime;
  }
}

export interface MetricsOptions {
  prisma: PrismaClient;
  /** METRICS_TOKEN: the bearer token GET /api/metrics asks for; none: open, or 404 in production. */
  token: string | undefined;
  production: boolean;
}

/** How long the database's answers (queues, backlogs) are reused between scrapes, ms. */
const SNAPSHOT_TTL_MS = 5_000;
/** How long a scrape waits for the database before answering with the last values, ms. */
const SNAPSHOT_TIMEOUT_MS = 2_000;

/** Latency buckets, seconds: 5 ms to 10 s. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The queue and backlog figures read from the database at one scrape. */
interface Snapshot {
  outbox: OutboxBacklog[];
  email: QueueCounts;
  webhooks: QueueCounts;
  inbound: { outcome: string; count: number }[];
}

/** SHA-256 of `value`: equal-length inputs for the constant-time comparison. */
const digest = (value: string) => createHash('sha256').update(value).digest();

async function metricsPlugin(app: FastifyInstance, options: MetricsOptions) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, seconds, by method, route pattern and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The live stream's "duration" is how long a tab stayed open, not a latency.
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/event-stream')) return;
    requestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_class: `${Math.floor(reply.statusCode / 100)}xx`,
      },
      reply.elapsedTime / 1000,
    );
  });

  // The database pool (pg), when the client is one of createPrismaClient's.
  const poolStats = poolStatsReader(options.prisma);
  if (poolStats) {
    new Gauge({
      name: 'docket_db_pool_connections',
      help: 'Connections of the database pool, by state (in_use, idle)',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const stats = poolStats();
        this.set({ state: 'in_use' }, stats.inUse);
        this.set({ state: 'idle' }, stats.idle);
      },
    });
    new Gauge({
      name: 'docket_db_pool_waiting',
      help: 'Queries waiting for a connection of the database pool',
      registers: [registry],
      collect() {
        this.set(poolStats().waiting);
      },
    });
    new Gauge({
      name: 'docket_db_pool_max_connections',
      help: 'Most connections the database pool opens (DATABASE_POOL_SIZE)',
      registers: [registry],
      collect() {
        this.set(poolStats().max);
      },
    });
  }

  // Queues and backlogs: one read of the database per SNAPSHOT_TTL_MS, shared by the gauges, and
  // never two at once (a slow database is not asked again until it answered).
  let current: { at: number; settled: boolean; value: Promise<Snapshot> } | undefined;
  let last: Snapshot | undefined;
  const reported = new WeakSet<Promise<Snapshot>>();
  const databaseReadOk = new Gauge({
    name: 'docket_metrics_database_read_ok',
    help: '1 when the last read of the queue gauges from the database succeeded in time, else 0',
    registers: [registry],
  });
  function refresh(): Promise<Snapshot> {
    const db = options.prisma;
    const entry = {
      at: Date.now(),
      settled: false,
      value: Promise.all([
        findOutboxBacklogs(db),
        countEmailQueue(db),
        countWebhookQueue(db),
        countRecentInboundEmails(db),
      ]).then(([outbox, email, webhooks, inbound]) => ({ outbox, email, webhooks, inbound })),
    };
    entry.value.then(
      () => (entry.settled = true),
      () => {
        entry.settled = true;
        if (current === entry) current = undefined;
      },
    );
    current = entry;
    return entry.value;
  }
  /** The latest figures, or the last ones known when the database fails or is slow. */
  async function readSnapshot(): Promise<Snapshot | undefined> {
    const pending =
      !current || (current.settled && Date.now() - current.at > SNAPSHOT_TTL_MS)
        ? refresh()
        : current.value;
    let timer: NodeJS.Timeout | undefined;
    try {
      last = await Promise.race([
        pending,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer in time')), SNAPSHOT_TIMEOUT_MS);
        }),
      ]);
      databaseReadOk.set(1);
    } catch (err) {
      databaseReadOk.set(0);
      // Every gauge of the scrape waits on the same read: one warning for it.
      if (!reported.has(pending)) {
        reported.add(pending);
        app.log.warn({ err }, 'metrics: reading the queues failed; last values kept');
      }
    } finally {
      clearTimeout(timer);
    }
    return last;
  }

  const outboxLabels = (row: OutboxBacklog) => ({
    kind: row.kind === 'EVENT' ? 'event' : 'subscriber',
    subscriber: row.subscriber ?? 'dispatcher',
  });
  new Gauge({
    name: 'docket_outbox_pending_messages',
    help: 'Outbox rows waiting to be handled: events not dispatched yet (subscriber="dispatcher") and each queued subscriber\'s rows',
    labelNames: ['kind', 'subscriber'] as const,
    registers: [registry],
    async collect() {
      const data = await readSnapshot();
      this.reset();
      for (const row of data?.outbox ?? []) this.set(outboxLabels(row), row.pending);
    },
  });
  new Gauge({
    name: 'docket_outbox_oldest_pending_seconds',
    help: 'Age of the oldest pending outbox row, seconds (the lag of that subscriber)',
    labelNames: ['kind', 'subscriber'] as const,
    registers: [registry],
    async collect() {
      const data = await readSnapshot();
      this.reset();
      for (const row of data?.outbox ?? []) {
        this.set(outboxLabels(row), row.pending > 0 ? row.oldestPendingSeconds : 0);
      }
    },
  });
  new Gauge({
    name: 'docket_outbox_failed_messages',
    help: 'Outbox rows given up on after their last attempt (FAILED)',
    labelNames: ['kind', 'subscriber'] as const,
    registers: [registry],
    async collect() {
      const data = await readSnapshot();
      this.reset();
      for (const row of data?.outbox ?? []) this.set(outboxLabels(row), row.failed);
    },
  });
  const queueGauge = (name: string, help: string, pick: (s: Snapshot) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const data = await readSnapshot();
        if (data) this.set(pick(data));
      },
    });
  queueGauge(
    'docket_email_queue_pending',
    'Email notifications waiting to be sent (retries included)',
    (s) => s.email.pending,
  );
  queueGauge(
    'docket_email_queue_failed',
    'Email notifications given up on (FAILED)',
    (s) => s.email.failed,
  );
  queueGauge(
    'docket_webhook_deliveries_pending',
    'Webhook deliveries waiting to be sent (retries included)',
    (s) => s.webhooks.pending,
  );
  queueGauge(
    'docket_webhook_deliveries_failed',
    'Webhook deliveries given up on (FAILED)',
    (s) => s.webhooks.failed,
  );
  new Gauge({
    name: 'docket_inbound_emails_last_hour',
    help: 'Inbound mails received in the last hour, by outcome (ticket_created, response_added, suspended, discarded)',
    labelNames: ['outcome'] as const,
    registers: [registry],
    async collect() {
      const data = await readSnapshot();
      if (!data) return;
      for (const outcome of ['ticket_created', 'response_added', 'suspended', 'discarded']) {
        this.set({ outcome }, data.inbound.find((row) => row.outcome === outcome)?.count ?? 0);
      }
    },
  });

  const runtime: MetricsRuntime = {
    gauge(name, help, read) {
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read());
        },
      });
    },
  };
  app.decorate('metrics', runtime);

  const expected = options.token === undefined ? undefined : digest(options.token);
  const exists = expected !== undefined || !options.production;

  /**
   * GET /api/metrics — 200 `text/plain; version=0.0.4` (Prometheus exposition format) with every
   * series of docs/operations.md "Metrics". With METRICS_TOKEN: `Authorization: Bearer <token>`
   * required, else 401 problem+json with `WWW-Authenticate: Bearer`; in production without
   * METRICS_TOKEN: 404 (the route is not offered).
   */
  app.get(
    '/api/metrics',
    {
      // Scraped under load too: that is when the figures matter (load shedding skips it).
      config: { logRequest: false, pressureHandler: () => undefined },
      schema: {
        tags: ['service'],
        operationId: 'getMetrics',
        summary: 'Prometheus metrics',
        description:
          "The instance's metrics in the Prometheus text format (request latency per route, database pool, outbox backlog, email and webhook queues, inbound mail, live streams, Node.js runtime). Open in development; with METRICS_TOKEN set, send `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise); in production without METRICS_TOKEN the route answers 404.",
        security: [],
        response: {
          200: z.string().describe('Prometheus text exposition format 0.0.4'),
          401: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      if (!exists) {
        return sendProblem(reply, {
          title: 'Not found',
          status: 404,
          code: 'not_found',
          detail: `No route ${request.method} /api/metrics`,
        });
      }
      if (expected) {
        const header = request.headers.authorization ?? '';
        const given = /^Bearer (\S{1,512})$/i.exec(header)?.[1];
        if (!given || !timingSafeEqual(digest(given), expected)) {
          return sendProblem(
            reply,
            {
              title: 'Unauthorized',
              status: 401,
              code: 'unauthorized',
              detail: 'GET /api/metrics asks for Authorization: Bearer <METRICS_TOKEN>',
            },
            { 'WWW-Authenticate': 'Bearer realm="metrics"' },
          );
        }
      }
      const text = await registry.metrics();
      return reply.type(registry.contentType).header('Cache-Control', 'no-store').send(text);
    },
  );
}

export default fp(metricsPlugin, { name: 'metrics', fastify: '5.x' });
