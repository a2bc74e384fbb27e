/**
 * Consumers register with the event dispatcher (modules/events/event-subscriber.ts) instead of
 * the dispatcher knowing them: a subscriber registered from outside, here by the test, receives
 * the events with no change to the dispatcher — an inline one inside the dispatching transaction
 * (its writes commit with the dispatch, or roll back with it, and the events are taken again), a
 * queued one through its own outbox rows; the dispatcher's source imports no other module.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEventDispatcher,
  type DispatchedEvent,
  type DomainEvent,
} from '../src/modules/events/index.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn } from './helpers/auth.js';
import { createUser } from './helpers/factories.js';

let t: TestApp;
let agent: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  agent = await signIn(t, await createUser(t.prisma, { role: 'AGENT' }));
  await t.prisma.$executeRawUnsafe(
    'CREATE TABLE test_inline_log (event_id uuid PRIMARY KEY, topic text NOT NULL)',
  );
  // What signing in left: dispatched before the test subscribers exist.
  await t.app.events.drain();
});
afterAll(async () => t?.close());

async function newTicket(subject: string): Promise<string> {
  const res = await t
    .http()
    .post('/api/tickets')
    .set(authHeader(agent))
    .send({ subject, description: 'A ticket for the subscriber tests.' });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** The EVENT rows of `ticketId` of the given types, in outbox order. */
async function eventsOf(ticketId: string, types: string[]) {
  return t.prisma.outboxMessage.findMany({
    where: { kind: 'EVENT', aggregateId: ticketId, topic: { in: types } },
    orderBy: { sequence: 'asc' },
    select: { id: true, topic: true, status: true, attempts: true },
  });
}

describe('the dispatcher', () => {
  it('imports no consumer module (webhooks, live, notifications or any other)', async () => {
    const source = await readFile(
      new URL('../src/modules/events/event-dispatcher.ts', import.meta.url),
      'utf8',
    );
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    expect(imports.length).toBeGreaterThan(0);
    // Only its own folder (./…) and shared code (../../lib, ../../generated): no sibling module.
    expect(imports.filter((path) => /^\.\.\/(?!\.\.)/.test(path))).toEqual([]);
  });
});

describe('a subscriber registered from outside', () => {
  const batches: string[][] = [];
  const queued: DomainEvent[] = [];
  let refuse: string | null = null;

  beforeAll(() => {
    t.app.events.subscribe({
      name: 'test-inline',
      mode: 'inline',
      types: ['ticket.created', 'ticket.updated'],
      async deliver(tx, events: readonly DispatchedEvent[]) {
        batches.push(events.map((e) => e.topic));
        for (const event of events) {
          await tx.$executeRaw`INSERT INTO test_inline_log (event_id, topic) VALUES (${event.id}::uuid, ${event.topic})`;
          if (event.aggregateId === refuse) throw new Error('refused by the test subscriber');
        }
        return events.length;
      },
    });
    t.app.events.subscribe({
      name: 'test-queued',
      mode: 'queued',
      types: ['ticket.created'],
      async handle(event) {
        queued.push(event);
      },
    });
  });

  it('refuses a name taken by a subscriber of the other kind', () => {
    expect(() =>
      t.app.events.subscribe({ name: 'test-inline', mode: 'queued', handle: async () => {} }),
    ).toThrow(/already registered/);
  });

  it('gets the events of its types, in order, written in the dispatching transaction', async () => {
    const ticket = await newTicket('Inline subscriber');
    const patched = await t
      .http()
      .patch(`/api/tickets/${ticket}`)
      .set(authHeader(agent))
      .send({ priority: 'URGENT' });
    expect(patched.status).toBe(200);

    const result = await t.app.events.runDispatcherOnce();
    const events = await eventsOf(ticket, ['ticket.created', 'ticket.updated']);
    expect(events.map((e) => e.topic)).toEqual(['ticket.created', 'ticket.updated']);
    expect(events.every((e) => e.status === 'SENT')).toBe(true);
    // Its return value counts as queued work, like webhook deliveries.
    expect(result.deliveries).toBeGreaterThanOrEqual(2);
    expect(batches.flat()).toEqual(expect.arrayContaining(['ticket.created', 'ticket.updated']));
    // Only its types: no other type reaches it.
    expect(
      batches.flat().every((topic) => ['ticket.created', 'ticket.updated'].includes(topic)),
    ).toBe(true);
    const logged = await t.prisma.$queryRaw<{ event_id: string }[]>`
      SELECT event_id FROM test_inline_log WHERE event_id = ANY(${events.map((e) => e.id)}::uuid[])`;
    expect(logged).toHaveLength(2);

    // The queued test subscriber gets the creation through its own row.
    await t.app.events.runSubscribersOnce();
    expect(queued.map((e) => e.id)).toContain(events[0]!.id);
    const row = await t.prisma.outboxMessage.findFirstOrThrow({
      where: { kind: 'SUBSCRIBER', subscriber: 'test-queued', eventId: events[0]!.id },
    });
    expect(row.status).toBe('SENT');
  });

  it('rolls back with a failing dispatch: the event stays pending, its writes undone, then retried', async () => {
    const refused = await newTicket('Refused by the inline subscriber');
    const other = await newTicket('Dispatched next to it');
    refuse = refused;
    const first = await t.app.events.runDispatcherOnce();
    expect(first.failed).toBe(1);
    const [pending] = await eventsOf(refused, ['ticket.created']);
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 1 });
    const undone = await t.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM test_inline_log WHERE event_id = ${pending!.id}::uuid`;
    expect(undone[0]!.n).toBe(0);
    const [dispatched] = await eventsOf(other, ['ticket.created']);
    expect(dispatched!.status).toBe('SENT');

    refuse = null;
    await t.app.events.runDispatcherOnce({ now: new Date(Date.now() + 3600_000) });
    const [retried] = await eventsOf(refused, ['ticket.created']);
    expect(retried!.status).toBe('SENT');
    const redone = await t.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM test_inline_log WHERE event_id = ${retried!.id}::uuid`;
    expect(redone[0]!.n).toBe(1);
  });

  it('is asked to sweep its finished work with the outbox, with the retention cut-off', async () => {
    const cutOffs: Date[] = [];
    const dispatcher = createEventDispatcher({ prisma: t.prisma });
    dispatcher.subscribe({
      name: 'test-sweeper',
      mode: 'inline',
      deliver: async () => 0,
      sweep: async (before) => {
        cutOffs.push(before);
        return 3;
      },
    });
    const now = new Date('2030-01-31T00:00:00Z');
    const removed = await dispatcher.sweep({ now, retentionDays: 30 });
    expect(cutOffs).toEqual([new Date('2030-01-01T00:00:00Z')]);
    expect(removed).toBeGreaterThanOrEqual(3);
  });
});
