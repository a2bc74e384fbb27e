/**
 * The transactional outbox (modules/events): events are written in the transaction of their
 * change and only then; the dispatcher hands each event over exactly once even with several
 * dispatchers at work, in order per ticket; subscribers registered with registerEventSubscriber
 * get every event, in order per ticket, each with its own progress and retries, which survive a
 * restart; the workers wake on PostgreSQL NOTIFY and stop cleanly.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { User } from '../src/generated/prisma/client.js';
import type { PrismaClient } from '../src/lib/db.js';
import type { DomainEvent } from '../src/modules/events/events.schemas.js';
import { createPrismaClient, poolOf } from '../src/db/prisma.js';
import { createEventDispatcher } from '../src/modules/events/event-dispatcher.js';
import { lanesOf } from '../src/modules/events/queued-subscribers.js';
import { emitTicketEvent } from '../src/modules/tickets/ticket-outbox.repository.js';
import { ticketInclude } from '../src/modules/tickets/tickets.presenter.js';
import {
  createEndpoint,
  createWebhookTestApp,
  startReceiver,
  type WebhookTestApp,
} from './helpers/webhooks.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers, createTicket } from './helpers/factories.js';

let t: WebhookTestApp;
let agent: string;
let admin: string;
let acmeUsers: Record<'agent' | 'admin', User>;

beforeAll(async () => {
  t = await createWebhookTestApp({ seed: false });
  const { users } = await createOrganizationWithUsers(t.prisma, {
    agent: { role: 'AGENT' },
    admin: { role: 'ADMIN' },
  });
  acmeUsers = users;
  ({ agent, admin } = await signInAll(t, users));
  await t.prisma.$executeRawUnsafe(
    'CREATE TABLE test_subscriber_log (event_id uuid PRIMARY KEY, type text NOT NULL, subscriber text NOT NULL)',
  );
});
afterAll(async () => t?.close());

async function newTicket(subject = 'Outbox ticket'): Promise<string> {
  const res = await t
    .http()
    .post('/api/tickets')
    .set(authHeader(agent))
    .send({ subject, description: 'A ticket for the outbox tests.' });
  expect(res.status).toBe(201);
  return res.body.id;
}

const pendingEvents = () =>
  t.prisma.outboxMessage.count({ where: { kind: 'EVENT', status: 'PENDING' } });

describe('writing events', () => {
  it('writes the event in the transaction of the change, and only when it commits', async () => {
    await t.app.events.runDispatcherOnce();
    const ticket = await newTicket();
    const events = await t.prisma.outboxMessage.findMany({
      where: { kind: 'EVENT', aggregateId: ticket },
    });
    expect(events.map((e) => e.topic)).toEqual(['ticket.created']);
    expect(events[0]!.payload).toMatchObject({
      id: events[0]!.id,
      type: 'ticket.created',
      data: { ticket: { id: ticket } },
    });

    // A refused change (CLOSED is final) writes nothing.
    const before = await pendingEvents();
    await t
      .http()
      .patch(`/api/tickets/${ticket}`)
      .set(authHeader(agent))
      .send({ status: 'CLOSED' });
    const refused = await t
      .http()
      .patch(`/api/tickets/${ticket}`)
      .set(authHeader(agent))
      .send({ status: 'OPEN' });
    expect(refused.status).toBe(409);
    expect(await pendingEvents()).toBe(before + 1); // the CLOSED change only

    // A transaction that emits and then fails leaves no event.
    await expect(
      t.prisma.$transaction(async (tx) => {
        const row = await tx.ticket.findUniqueOrThrow({
          where: { id: ticket },
          include: ticketInclude,
        });
        await emitTicketEvent(tx, 'ticket.restored', row, { kind: 'system' }, {});
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await pendingEvents()).toBe(before + 1);
  });

  it('keeps the body’s key order as written (json, not jsonb)', async () => {
    const row = await t.prisma.outboxMessage.findFirstOrThrow({
      where: { kind: 'EVENT', topic: 'ticket.created' },
      orderBy: { sequence: 'desc' },
    });
    expect(Object.keys(row.payload as object)).toEqual([
      'id',
      'type',
      'timestamp',
      'organizationId',
      'data',
    ]);
  });
});

describe('dispatching', () => {
  it('hands each event over exactly once with several dispatchers at work', async () => {
    await t.app.events.runDispatcherOnce(); // what earlier tests left
    const receiver = await startReceiver();
    const endpoint = await createEndpoint(t, admin, {
      url: receiver.url,
      eventTypes: ['ticket.created', 'ticket.updated'],
    });
    try {
      for (let i = 0; i < 12; i++) await newTicket(`Racing dispatch ${i}`);
      const results = await Promise.all(
        Array.from({ length: 4 }, () => t.app.events.runDispatcherOnce({ limit: 50 })),
      );
      expect(results.reduce((n, r) => n + r.dispatched, 0)).toBe(12);
      expect(results.reduce((n, r) => n + r.deliveries, 0)).toBe(12);
      expect(await pendingEvents()).toBe(0);
      const deliveries = await t.prisma.webhookDelivery.findMany({
        where: { endpointId: endpoint.id },
      });
      expect(new Set(deliveries.map((d) => d.eventId)).size).toBe(12);
    } finally {
      await t.http().delete(`/api/webhooks/${endpoint.id}`).set(authHeader(admin));
      await receiver.close();
    }
  });

  it('does not dispatch a later event of a ticket while an earlier one is held', async () => {
    await t.app.events.runDispatcherOnce();
    const held = await newTicket('Held ticket');
    await t.http().patch(`/api/tickets/${held}`).set(authHeader(agent)).send({ priority: 'HIGH' });
    const other = await newTicket('Other ticket');
    const [first] = await t.prisma.outboxMessage.findMany({
      where: { kind: 'EVENT', aggregateId: held },
      orderBy: { sequence: 'asc' },
    });
    // Another dispatcher holds the held ticket's first event (its transaction is open).
    const client = new pg.Client({ connectionString: t.database.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT id FROM outbox_messages WHERE id = $1 FOR UPDATE', [first!.id]);
      const result = await t.app.events.runDispatcherOnce();
      expect(result.dispatched).toBe(1); // the other ticket's event only
      const states = await t.prisma.outboxMessage.findMany({
        where: { kind: 'EVENT', aggregateId: { in: [held, other] } },
        orderBy: { sequence: 'asc' },
        select: { aggregateId: true, status: true },
      });
      expect(states).toEqual([
        { aggregateId: held, status: 'PENDING' },
        { aggregateId: held, status: 'PENDING' },
        { aggregateId: other, status: 'SENT' },
      ]);
    } finally {
      await client.query('ROLLBACK');
      await client.end();
    }
    expect((await t.app.events.runDispatcherOnce()).dispatched).toBe(2);
  });
});

describe('subscribers', () => {
  const received: Record<string, string[]> = { audit: [], flaky: [] };
  let flakyFailures = 0;

  beforeAll(() => {
    t.app.events.registerEventSubscriber(
      'audit',
      async (event: DomainEvent, { tx, subscriber }) => {
        received.audit!.push(event.id);
        await tx.$executeRaw`INSERT INTO test_subscriber_log (event_id, type, subscriber) VALUES (${event.id}::uuid, ${event.type}, ${subscriber})`;
      },
      { types: ['ticket.created', 'ticket.updated'] },
    );
    t.app.events.registerEventSubscriber(
      'flaky',
      async (event, { tx }) => {
        // Writes, then fails twice: the writes of failed attempts must not stay.
        await tx.$executeRaw`INSERT INTO test_subscriber_log (event_id, type, subscriber) VALUES (gen_random_uuid(), ${event.type}, 'flaky')`;
        if (flakyFailures < 2) {
          flakyFailures++;
          throw new Error('smtp: connection refused');
        }
        received.flaky!.push(event.id);
      },
      { types: ['ticket.updated'], maxAttempts: 5 },
    );
  });

  it('refuses bad or duplicate names', () => {
    expect(() => t.app.events.registerEventSubscriber('audit', async () => {})).toThrow(
      /already registered/,
    );
    expect(() => t.app.events.registerEventSubscriber('Bad Name!', async () => {})).toThrow(
      /invalid subscriber name/,
    );
  });

  it('gives every event to each subscriber once, in order, each with its own retries', async () => {
    // The built-in subscribers' rows of the earlier tests' events first: the passes below then
    // have this ticket's rows alone to hand over.
    await t.app.events.runSubscribersOnce({ limit: 10_000 });
    const ticket = await newTicket('Subscribed ticket');
    for (const priority of ['HIGH', 'LOW', 'URGENT'] as const) {
      await t.http().patch(`/api/tickets/${ticket}`).set(authHeader(agent)).send({ priority });
    }
    await t.app.events.runDispatcherOnce();
    const events = (
      await t.prisma.outboxMessage.findMany({
        where: { kind: 'EVENT', aggregateId: ticket },
        orderBy: { sequence: 'asc' },
      })
    ).map((e) => e.id);
    expect(events).toHaveLength(4);

    await t.app.events.runSubscribersOnce();
    // audit is unaffected by flaky's failure; flaky's first event waits for its retry, and its
    // later events wait behind it (order per ticket).
    expect(received.audit).toEqual(events);
    expect(received.flaky).toEqual([]);
    const flakyRows = await t.prisma.outboxMessage.findMany({
      where: { kind: 'SUBSCRIBER', subscriber: 'flaky', eventId: { in: events } },
      orderBy: { sequence: 'asc' },
    });
    expect(flakyRows.map((r) => [r.attempts, r.status])).toEqual([
      [1, 'PENDING'],
      [0, 'PENDING'],
      [0, 'PENDING'],
    ]);
    expect(flakyRows[0]!.lastError).toBe('smtp: connection refused');
    expect(flakyRows[0]!.nextAttemptAt.getTime()).toBeGreaterThan(t.clock.now.getTime());

    // Not due yet: nothing happens; then the retries come.
    await t.app.events.runSubscribersOnce();
    expect(flakyFailures).toBe(1);
    for (let i = 0; i < 5; i++) {
      t.clock.advance(3600_000);
      await t.app.events.runSubscribersOnce();
    }
    expect(flakyFailures).toBe(2);
    expect(received.flaky).toEqual(events.slice(1));
    const log = await t.prisma.$queryRaw<{ subscriber: string; n: bigint }[]>`
      SELECT subscriber, count(*) AS n FROM test_subscriber_log GROUP BY subscriber ORDER BY subscriber`;
    // One row per handled event: the failed attempts' writes were rolled back.
    expect(log).toEqual([
      { subscriber: 'audit', n: 4n },
      { subscriber: 'flaky', n: 3n },
    ]);
  });

  it('keeps each subscriber’s progress across a restart', async () => {
    const ticket = await newTicket('Restarted subscribers');
    await t.app.events.runDispatcherOnce();
    const rows = await t.prisma.outboxMessage.count({
      where: { kind: 'SUBSCRIBER', subscriber: 'audit', status: 'PENDING' },
    });
    expect(rows).toBe(1);
    await t.restart();
    ({ agent, admin } = await signInAll(t, acmeUsers));
    const after: string[] = [];
    t.app.events.registerEventSubscriber('audit', async (event) => {
      after.push(event.type);
    });
    await t.app.events.runSubscribersOnce();
    expect(after).toEqual(['ticket.created']);
    const event = await t.prisma.outboxMessage.findFirstOrThrow({
      where: { kind: 'EVENT', aggregateId: ticket },
    });
    const row = await t.prisma.outboxMessage.findFirstOrThrow({
      where: { kind: 'SUBSCRIBER', subscriber: 'audit', eventId: event.id },
    });
    expect(row.status).toBe('SENT');
  });

  it('marks a row FAILED after its last attempt', async () => {
    t.app.events.registerEventSubscriber(
      'broken',
      async () => {
        throw new Error('always broken');
      },
      { types: ['ticket.created'], maxAttempts: 3 },
    );
    await newTicket('Broken subscriber');
    await t.app.events.runDispatcherOnce();
    for (let i = 0; i < 5; i++) {
      await t.app.events.runSubscribersOnce();
      t.clock.advance(3600_000);
    }
    const row = await t.prisma.outboxMessage.findFirstOrThrow({
      where: { kind: 'SUBSCRIBER', subscriber: 'broken' },
    });
    expect(row).toMatchObject({ status: 'FAILED', attempts: 3, lastError: 'always broken' });
  });

  it('a handler failing in the database, in a lane with others, undoes only its own writes', async () => {
    const seen: string[] = [];
    t.app.events.registerEventSubscriber(
      'division',
      async (event, { tx }) => {
        await tx.$executeRaw`INSERT INTO test_subscriber_log (event_id, type, subscriber) VALUES (gen_random_uuid(), ${event.type}, 'division')`;
        // A statement PostgreSQL refuses: the transaction is aborted until the savepoint.
        await tx.$queryRaw`SELECT 1 / (SELECT count(*) - count(*) FROM test_subscriber_log)`;
      },
      { types: ['ticket.created'], maxAttempts: 5 },
    );
    t.app.events.registerEventSubscriber(
      'witness',
      async (event, { tx }) => {
        seen.push(event.id);
        await tx.$executeRaw`INSERT INTO test_subscriber_log (event_id, type, subscriber) VALUES (gen_random_uuid(), ${event.type}, 'witness')`;
      },
      { types: ['ticket.created'] },
    );
    const ticket = await newTicket('Division by zero');
    await t.app.events.runDispatcherOnce();
    await t.app.events.runSubscribersOnce();
    const rows = await t.prisma.outboxMessage.findMany({
      where: {
        kind: 'SUBSCRIBER',
        aggregateId: ticket,
        subscriber: { in: ['division', 'witness'] },
      },
      orderBy: { subscriber: 'asc' },
    });
    expect(rows.map((r) => [r.subscriber, r.status, r.attempts])).toEqual([
      ['division', 'PENDING', 1],
      ['witness', 'SENT', 1],
    ]);
    expect(rows[0]!.lastError).toMatch(/division by zero/);
    // The witness ran once and its row stayed; the failing handler's insert did not.
    expect(seen).toHaveLength(1);
    const log = await t.prisma.$queryRaw<{ subscriber: string; n: bigint }[]>`
      SELECT subscriber, count(*) AS n FROM test_subscriber_log
      WHERE subscriber IN ('division', 'witness') GROUP BY subscriber`;
    expect(log).toEqual([{ subscriber: 'witness', n: 1n }]);
  });
});

describe('lanes of a claim (each handled in one transaction)', () => {
  const row = (id: string, aggregateId: string | null, subscriber = 'audit') => ({
    id,
    subscriber,
    aggregateId,
    attempts: 1,
    payload: {},
  });

  it('keeps a ticket’s rows in one lane in the claim’s order, tickets ascending, rows of no ticket alone', () => {
    const rows = [
      row('1', 'c'),
      row('2', 'a'),
      row('3', 'c', 'email'),
      row('4', null),
      row('5', 'b'),
      row('6', 'd'),
      row('7', 'e'),
      row('8', 'a', 'email'),
    ];
    const lanes = lanesOf(rows).map((lane) => lane.map((r) => r.id));
    // Five tickets over four lanes, a ticket never split, tickets ascending (one lock order for
    // all lanes); the ticketless row alone, last.
    expect(lanes).toEqual([['2', '8', '5'], ['1', '3'], ['6'], ['7'], ['4']]);
  });

  it('holds at most 16 rows in a lane when a claim is large', () => {
    const rows = Array.from({ length: 100 }, (_, i) =>
      row(String(i), `t${String(i).padStart(3, '0')}`),
    );
    const lanes = lanesOf(rows);
    expect(Math.max(...lanes.map((lane) => lane.length))).toBeLessThanOrEqual(16);
    expect(lanes.flat()).toHaveLength(100);
  });
});

describe('sweeping', () => {
  it('removes finished rows older than the retention, never pending ones', async () => {
    await t.app.events.drain();
    const old = new Date(Date.now() - 40 * 24 * 3600_000);
    await t.prisma.outboxMessage.updateMany({ where: { status: 'SENT' }, data: { sentAt: old } });
    const pendingBefore = await t.prisma.outboxMessage.count({ where: { status: 'PENDING' } });
    await newTicket('Swept around');
    const removed = await createEventDispatcher({ prisma: t.prisma }).sweep();
    expect(removed).toBeGreaterThan(0);
    expect(await t.prisma.outboxMessage.count({ where: { status: 'SENT' } })).toBe(0);
    expect(await t.prisma.outboxMessage.count({ where: { status: 'PENDING' } })).toBe(
      pendingBefore + 1,
    );
  });
});

describe('running workers', () => {
  it('wake on NOTIFY when an event commits, deliver it, and stop cleanly', async () => {
    // Polling once an hour: only the notification can make the delivery happen in time.
    const w = await createWebhookTestApp({
      env: { OUTBOX_WORKERS: 'true', OUTBOX_POLL_INTERVAL_MS: '60000' },
      listen: true,
      seed: false,
    });
    const receiver = await startReceiver();
    try {
      const { organization, users } = await createOrganizationWithUsers(w.prisma, {
        admin: { role: 'ADMIN' },
      });
      const { id: ticketId } = await createTicket(w.prisma, { organizationId: organization.id });
      const token = await signIn(w, users.admin);
      const endpoint = await createEndpoint(w, token, {
        url: receiver.url,
        eventTypes: ['ticket.restored'],
      });
      receiver.secrets = [endpoint.secret];
      await untilListening(w.prisma);
      // Written straight to the database: no request of this process to wake the workers.
      await emitRestored(w.prisma, ticketId);
      await vi.waitFor(() => expect(receiver.accepted()).toHaveLength(1), {
        timeout: 10_000,
        interval: 50,
      });
      expect(receiver.accepted()[0]!.verified).toBe(true);
    } finally {
      await receiver.close();
      await w.close();
    }
    const [listeners] = await t.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_stat_activity WHERE query = 'LISTEN docket_outbox'`;
    expect(listeners!.n).toBe(0n);
  });

  it("dispatch on a database pool of their own: the requests' pool held to its last connection does not stop them", async () => {
    const w = await createWebhookTestApp({
      env: { OUTBOX_WORKERS: 'true', OUTBOX_POLL_INTERVAL_MS: '60000' },
      listen: true,
      seed: false,
    });
    const requestsPool = poolOf(w.prisma) as pg.Pool;
    // A client of its own writes the event: the app's pool is about to be held.
    const writer = createPrismaClient(requestsPool.options.connectionString as string);
    const held: pg.PoolClient[] = [];
    try {
      const { organization } = await createOrganizationWithUsers(w.prisma, {
        admin: { role: 'ADMIN' },
      });
      const { id: ticketId } = await createTicket(w.prisma, { organizationId: organization.id });
      await untilListening(w.prisma);
      const size = requestsPool.options.max;
      for (let i = 0; i < size; i++) held.push(await requestsPool.connect());
      expect(requestsPool.totalCount).toBe(size);
      await emitRestored(writer, ticketId);
      // Woken by NOTIFY, the dispatcher marks the event SENT through its own connections.
      await vi.waitFor(
        async () => {
          const pending = await writer.outboxMessage.count({
            where: { kind: 'EVENT', status: 'PENDING', organizationId: organization.id },
          });
          expect(pending).toBe(0);
        },
        { timeout: 10_000, interval: 50 },
      );
    } finally {
      for (const client of held) client.release();
      await writer.$disconnect();
      await w.close();
    }
  });
});

/** Until the app's workers of `db`'s database LISTEN for new events (their NOTIFY wake-up). */
async function untilListening(db: PrismaClient): Promise<void> {
  await vi.waitFor(
    async () => {
      const [row] = await db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM pg_stat_activity
        WHERE datname = current_database() AND query = 'LISTEN docket_outbox'`;
      expect(row!.n).toBe(1n);
    },
    { timeout: 10_000, interval: 50 },
  );
}

/** Emits `ticket.restored` for ticket `ticketId` in a transaction of `db` (no request involved). */
async function emitRestored(db: PrismaClient, ticketId: string): Promise<void> {
  const ticket = await db.ticket.findUniqueOrThrow({
    where: { id: ticketId },
    include: ticketInclude,
  });
  await db.$transaction((tx) =>
    emitTicketEvent(tx, 'ticket.restored', ticket, { kind: 'system' }, {}),
  );
}
