/**
 * Running several instances (docs/operations.md): the liveness and readiness probes (readiness
 * refuses while migrations are pending, and while the instance stops), the request id kept from
 * `X-Request-Id` or made, and the drain on SIGTERM (plugins/drain.ts): not ready at once, requests
 * in flight answered, live streams ended, outbox leases handed back, then closed.
 */
import net, { type AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app.js';
import { createPrismaClient } from '../src/db/prisma.js';
import { ticketInclude } from '../src/modules/tickets/tickets.presenter.js';
import { emitTicketEvent } from '../src/modules/tickets/ticket-outbox.repository.js';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { signIn } from './helpers/auth.js';
import { createTestDatabase } from './helpers/database.js';
import { createOrganizationWithUsers, createTicket } from './helpers/factories.js';
import { openLiveStream } from './helpers/sse.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
});
afterAll(async () => {
  await t?.close();
});

/** A promise and the function that resolves it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('health probes', () => {
  it('GET /api/health/live answers 200 without credentials', async () => {
    const res = await t.http().get('/api/health/live');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'live' });
  });

  it('GET /api/health/ready answers 200 when the database answers and is migrated', async () => {
    const res = await t.http().get('/api/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', database: 'ok', migrations: 'ok' });
  });

  it('GET /api/health keeps its answer', async () => {
    const res = await t.http().get('/api/health');
    expect(res.body).toEqual({ status: 'ok', database: 'ok' });
  });

  it('is not ready while a migration of this build is pending, and remembers once it was', async () => {
    const database = await createTestDatabase();
    const app = await buildApp(testConfig(), {
      prisma: database.prisma,
      ownsPrisma: false,
      logger: false,
    });
    try {
      await app.ready();
      const [latest] = await database.prisma.$queryRaw<{ name: string }[]>`
        SELECT max(migration_name) AS name FROM _prisma_migrations`;
      await database.prisma.$executeRaw`
        UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = ${latest!.name}`;
      const pending = await request(app.server).get('/api/health/ready');
      expect(pending.status).toBe(503);
      expect(pending.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(pending.headers['retry-after']).toBe('5');
      expect(pending.body.code).toBe('migrations_pending');
      expect(pending.body.detail).toContain(latest!.name);

      await database.prisma.$executeRaw`
        UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = ${latest!.name}`;
      expect((await request(app.server).get('/api/health/ready')).status).toBe(200);
      // Applied once, applied for good: the history is not read again.
      await database.prisma.$executeRaw`
        UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = ${latest!.name}`;
      expect((await request(app.server).get('/api/health/ready')).status).toBe(200);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});

describe('readiness without a database', () => {
  it('answers 503 database_unreachable at once when the database refuses, within 2 s when it hangs', async () => {
    // A port that accepts connections and never answers (a frozen server), and one that refuses.
    const sockets = new Set<net.Socket>();
    const frozen = net.createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => frozen.listen(0, '127.0.0.1', resolve));
    const frozenPort = (frozen.address() as AddressInfo).port;
    const refusing = net.createServer();
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const refusedPort = (refusing.address() as AddressInfo).port;
    await new Promise<void>((resolve) => refusing.close(() => resolve()));
    try {
      for (const [port, within] of [
        [refusedPort, 1_000],
        [frozenPort, 3_000],
      ] as const) {
        const prisma = createPrismaClient(`postgresql://docket:x@127.0.0.1:${port}/docket`, {
          poolSize: 1,
          connectionTimeoutMs: 30_000,
        });
        const app = await buildApp(testConfig(), { prisma, logger: false });
        try {
          await app.ready();
          const started = Date.now();
          const res = await request(app.server).get('/api/health/ready');
          expect(Date.now() - started).toBeLessThan(within);
          expect(res.status).toBe(503);
          expect(res.headers['retry-after']).toBe('5');
          expect(res.body.code).toBe('database_unreachable');
          expect((await request(app.server).get('/api/health/live')).status).toBe(200);
        } finally {
          for (const socket of sockets) socket.destroy();
          await app.close();
        }
      }
    } finally {
      await new Promise<void>((resolve) => frozen.close(() => resolve()));
    }
  }, 20_000);
});

describe('under load', () => {
  it('still answers liveness and metrics while other requests are shed', async () => {
    // Any process is over a 1 MiB memory ceiling: this app sheds every request it may.
    const app = await buildApp(testConfig({ SHED_LOAD_MAX_RSS_MB: '1' }), {
      prisma: t.prisma,
      ownsPrisma: false,
      logger: false,
    });
    try {
      await app.ready();
      await vi.waitFor(
        async () => expect((await request(app.server).get('/api/health')).status).toBe(503),
        { timeout: 5_000, interval: 100 },
      );
      expect((await request(app.server).get('/api/health/ready')).status).toBe(503);
      expect((await request(app.server).get('/api/health/live')).status).toBe(200);
      expect((await request(app.server).get('/api/metrics')).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('request id', () => {
  it('keeps a well-formed X-Request-Id and echoes it', async () => {
    const res = await t.http().get('/api/health/live').set('X-Request-Id', 'lb-7f3a_2024-01');
    expect(res.headers['x-request-id']).toBe('lb-7f3a_2024-01');
  });

  it('makes one when none is sent', async () => {
    const res = await t.http().get('/api/health/live');
    expect(res.headers['x-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('replaces an over-long or hostile one', async () => {
    for (const hostile of ['a'.repeat(65), 'id\twith\ttabs', '<script>', 'a b', '../../x', '']) {
      const res = await t.http().get('/api/health/live').set('X-Request-Id', hostile);
      expect(res.status).toBe(200);
      expect(res.headers['x-request-id']).not.toBe(hostile);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('drain', () => {
  let app: FastifyInstance | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('reports not ready, answers requests in flight, ends live streams, hands back outbox leases, then closes', async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const config = testConfig({
      OUTBOX_WORKERS: 'true',
      OUTBOX_POLL_INTERVAL_MS: '50',
      SHUTDOWN_DELAY_MS: '400',
    });
    app = await buildApp(config, { prisma: database.prisma, ownsPrisma: false, logger: false });
    // A request that takes as long as the test wants, and a subscriber whose handler hangs.
    const slow = gate();
    const slowEntered = gate();
    app.get('/test/slow', async () => {
      slowEntered.open();
      await slow.opened;
      return { done: true };
    });
    const handler = gate();
    const handlerEntered = gate();
    app.events.registerEventSubscriber(
      'drain_test',
      async () => {
        handlerEntered.open();
        await handler.opened;
      },
      { types: ['ticket.restored'] },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const http = { http: () => request(base) };

    const { organization, users } = await createOrganizationWithUsers(database.prisma, {
      agent: { role: 'AGENT' },
    });
    const token = await signIn(http, users.agent);
    const stream = await openLiveStream(base, token);
    // The same stream read as raw text, for the last field the server writes.
    const raw = await fetch(`${base}/api/live`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
    });
    const rawText = raw.text();
    const scraped = await (await fetch(`${base}/api/metrics`)).text();
    expect(scraped).toMatch(/^docket_live_streams 2$/m);
    const { id: ticketId } = await createTicket(database.prisma, {
      organizationId: organization.id,
    });
    const ticket = await database.prisma.ticket.findUniqueOrThrow({
      where: { id: ticketId },
      include: ticketInclude,
    });
    await database.prisma.$transaction((tx) =>
      emitTicketEvent(tx, 'ticket.restored', ticket, { kind: 'system' }, {}),
    );
    await handlerEntered.opened;
    const leased = await database.prisma.outboxMessage.findFirstOrThrow({
      where: { subscriber: 'drain_test' },
    });
    expect(leased.lockedBy).not.toBeNull();

    const inFlight = fetch(`${base}/test/slow`);
    await slowEntered.opened;

    let drained = false;
    const draining = app.drain().then(() => (drained = true));
    expect(app.draining).toBe(true);

    // Not ready at once, while it still serves (SHUTDOWN_DELAY_MS).
    const ready = await fetch(`${base}/api/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');
    expect(((await ready.json()) as { code: string }).code).toBe('shutting_down');
    expect((await fetch(`${base}/api/health`)).status).toBe(200);

    // The hanging handler's row goes back to the other workers (after the workers' grace).
    await vi.waitFor(
      async () => {
        const row = await database.prisma.outboxMessage.findUniqueOrThrow({
          where: { id: leased.id },
        });
        expect(row.lockedBy).toBeNull();
        expect(row.status).toBe('PENDING');
        expect(row.lockedUntil!.getTime()).toBeLessThanOrEqual(Date.now());
      },
      { timeout: 8_000, interval: 100 },
    );
    handler.open();

    // Live streams are ended (their clients reconnect elsewhere); the listener stops.
    await stream.ended;
    // A last `retry:` field (1–5 s, no event) before the end: clients reconnect, spread out.
    expect(await rawText).toMatch(/\n\nretry: [1-5]\d{3}\n\n$/);
    await vi.waitFor(() => expect(app!.server.listening).toBe(false), {
      timeout: 5_000,
      interval: 20,
    });
    await expect(fetch(`${base}/api/health/live`)).rejects.toThrow();

    // The request in flight is still answered, and only then is the app closed.
    expect(drained).toBe(false);
    slow.open();
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ done: true });
    await draining;
    expect(drained).toBe(true);
    app = undefined;
  }, 30_000);
});
