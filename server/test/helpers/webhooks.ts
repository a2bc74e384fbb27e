/**
 * Webhook test kit:
 * - `startReceiver()`: a real HTTP receiver on 127.0.0.1 in the test process. It verifies every
 *   request's Standard Webhooks signature with the `standardwebhooks` npm package (an
 *   implementation independent of ours), records every request, and fails on demand: 500,
 *   timeout (never answers), connection reset, 410 Gone, 503 with Retry-After, a redirect.
 * - `createWebhookTestApp()`: the real app on a fresh migrated database with the demo data (unless
 *   `seed: false`), the SSRF allow-list opened for 127.0.0.1 only, the outbox workers off (tests
 *   drive them with `app.events.run…Once`/`drain`), a scheduling clock the test moves forward,
 *   and fixed jitter.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { buildApp, type BuildAppOptions } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { PrismaClient } from '../../src/lib/db.js';
import { seedDemoData } from '../../src/seed/demo-data.js';
import { testConfig } from './app.js';
import { authHeader, signIn } from './auth.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export type ReceiverMode =
  'ok' | 'fail500' | 'timeout' | 'reset' | 'gone' | 'retryAfter' | 'redirect' | 'garbage';

export interface ReceivedRequest {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** The parsed body (the event); `data` is read loosely: the tests check it against its schema. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary received JSON
  event: { id: string; type: string; timestamp: string; organizationId: string; data: any };
  /** Verified with standardwebhooks against at least one of the receiver's secrets. */
  verified: boolean;
  /** The secrets (by index in `secrets`) whose signature verified. */
  verifiedWith: number[];
  /** What the receiver answered (0: nothing — timeout or reset). */
  answered: number;
  path: string;
}

export interface Receiver {
  url: string;
  port: number;
  /** How the next requests are answered; a function picks per request (n counts from 1). */
  mode: ReceiverMode | ((n: number, req: ReceivedRequest) => ReceiverMode);
  /** Secrets to verify with (the endpoint's, set by the test after creating it). */
  secrets: string[];
  /** Every request, in arrival order. */
  requests: ReceivedRequest[];
  /** Requests answered 2xx. */
  accepted(): ReceivedRequest[];
  /** TCP connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 (a free port). */
export async function startReceiver(): Promise<Receiver> {
  const sockets = new Set<Socket>();
  const hanging = new Set<http.ServerResponse>();
  let count = 0;
  const receiver: Receiver = {
    url: '',
    port: 0,
    mode: 'ok',
    secrets: [],
    requests: [],
    accepted: () => receiver.requests.filter((r) => r.answered >= 200 && r.answered < 300),
    connections: 0,
    close: async () => {
      for (const res of hanging) res.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      const verifiedWith = receiver.secrets.flatMap((secret, index) => {
        try {
          new Webhook(secret).verify(body, headers);
          return [index];
        } catch {
          return [];
        }
      });
      let event: ReceivedRequest['event'];
      try {
        event = JSON.parse(body);
      } catch {
        event = { id: '', type: '', timestamp: '', organizationId: '', data: null };
      }
      const record: ReceivedRequest = {
        id: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        signature: headers['webhook-signature'],
        body,
        event,
        verified: verifiedWith.length > 0,
        verifiedWith,
        answered: 0,
        path: req.url ?? '',
      };
      receiver.requests.push(record);
      count++;
      const mode =
        typeof receiver.mode === 'function' ? receiver.mode(count, record) : receiver.mode;
      const answer = (status: number, extra: Record<string, string> = {}, text = '') => {
        record.answered = status;
        res.writeHead(status, { 'content-type': 'text/plain', ...extra }).end(text);
      };
      switch (mode) {
        case 'ok':
          return answer(200, {}, 'thanks');
        case 'fail500':
          return answer(500, {}, 'receiver exploded: database unavailable');
        case 'gone':
          return answer(410, {}, 'this hook was removed');
        case 'retryAfter':
          return answer(503, { 'retry-after': '3600' }, 'maintenance');
        case 'redirect':
          return answer(302, { location: `${receiver.url}-moved` });
        case 'garbage':
          // NUL bytes and invalid UTF-8 in a 500's body.
          record.answered = 500;
          res
            .writeHead(500, { 'content-type': 'application/octet-stream' })
            .end(Buffer.from([0x6f, 0x6b, 0x00, 0xff, 0xfe, 0x00, 0x21]));
          return;
        case 'reset':
          req.socket.destroy();
          return;
        case 'timeout':
          hanging.add(res);
          return;
      }
    });
  });
  server.on('connection', (socket) => {
    receiver.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hooks/docket`;
  return receiver;
}

export interface WebhookTestApp {
  app: FastifyInstance;
  prisma: PrismaClient;
  config: Config;
  database: TestDatabase;
  http: () => ReturnType<typeof request>;
  login(email: string): Promise<string>;
  /** The workers' scheduling clock: move `clock.now` forward to make retries due. */
  clock: { now: Date; advance(ms: number): Date };
  /** Builds another app on the same database (a restart), with the same clock. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The app for webhook tests: config overrides on top of testConfig with 127.0.0.1 allowed and a
 * 1 s request timeout (faults come quicker; the behaviour is the same as with 10 s).
 */
export async function createWebhookTestApp(
  options: {
    env?: Record<string, string>;
    build?: Partial<Pick<BuildAppOptions, 'eventWorkers'>>;
    /** Give the app the database URL, so its workers LISTEN for new events. */
    listen?: boolean;
    /** Seed the demo data (default true); false for tests that make their rows with factories. */
    seed?: boolean;
  } = {},
): Promise<WebhookTestApp> {
  const database = await createTestDatabase();
  const config = testConfig({
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_TIMEOUT_MS: '1000',
    ...options.env,
  });
  if (options.seed ?? true) await seedDemoData(database.prisma, { repoRoot: config.repoRoot });
  const clock = {
    now: new Date(),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
      return clock.now;
    },
  };
  const build = () =>
    buildApp(config, {
      prisma: database.prisma,
      ownsPrisma: false,
      logger: false,
      ...(options.listen ? { databaseUrl: database.url } : {}),
      ...options.build,
      eventWorkers: { now: () => clock.now, random: () => 0.5, ...options.build?.eventWorkers },
    });
  const t: WebhookTestApp = {
    app: await build(),
    prisma: database.prisma,
    config,
    database,
    http: () => request(t.app.server),
    clock,
    login: (email) => signIn(t, email),
    async restart() {
      await t.app.close();
      t.app = await build();
      await t.app.ready();
    },
    async close() {
      await t.app.close();
      await database.drop();
    },
  };
  await t.app.ready();
  return t;
}

/** Creates an endpoint through the API as admin@acme.test; returns its id and secret. */
export async function createEndpoint(
  t: WebhookTestApp,
  adminToken: string,
  body: Record<string, unknown>,
): Promise<{ id: string; secret: string }> {
  const res = await t.http().post('/api/webhooks').set(authHeader(adminToken)).send(body);
  if (res.status !== 201) throw new Error(`create endpoint: ${res.status} ${res.text}`);
  return { id: res.body.id, secret: res.body.secret };
}
