/**
 * The write paths made cheaper for the benchmark (creates and replies ≥ 300/s) keep
 * their behaviour:
 * - a create writes its number, ticket, activity and events in one statement: the events'
 *   payloads (number and reference filled in by PostgreSQL) equal the ticket as the API shows it,
 *   key order included, at any number of digits; ticket.created comes before ticket.assigned;
 * - a reply writes the response, its activity, the ticket's change and its events in one
 *   statement, with the ticket as it now is in the payload;
 * - the dispatcher takes events in batches, and a failing event in a batch fails alone;
 * - `migrate` skips the schema engine only when every migration is recorded as applied.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUpToDate, migrationsDir } from '../src/db/migrate.js';
import { createEventDispatcher } from '../src/modules/events/event-dispatcher.js';
import { formatTicketReference } from '../src/lib/domain.js';
import { jsonbOrder } from '../src/modules/tickets/ticket-writes.repository.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn } from './helpers/auth.js';
import { createTestDatabase } from './helpers/database.js';
import { createSlaPolicies, createUser } from './helpers/factories.js';

let t: TestApp;
let agent: string;
let agentId: string;
let organizationId: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const user = await createUser(t.prisma, { role: 'AGENT' });
  agent = await signIn(t, user);
  agentId = user.id;
  // SLA policies, so that payloads carry due dates as the API shows them.
  await createSlaPolicies(t.prisma, user.organizationId);
  organizationId = user.organizationId;
});
afterAll(async () => t?.close());

const events = (ticketId: string) =>
  t.prisma.outboxMessage.findMany({
    where: { kind: 'EVENT', aggregateId: ticketId },
    orderBy: { sequence: 'asc' },
  });

async function agentView(ticketId: string) {
  const res = await t.http().get(`/api/tickets/${ticketId}`).set(authHeader(agent));
  expect(res.status).toBe(200);
  // `unread` is the viewer's own marker and `satisfaction` the latest rating, both read beside
  // the ticket by GET; events and write answers carry the ticket itself, so the comparison
  // leaves them out.
  const { unread, satisfaction, ...ticket } = res.body as Record<string, unknown>;
  expect(typeof unread).toBe('boolean');
  expect(satisfaction).toBeNull();
  return ticket;
}

describe('create', () => {
  it('writes ticket.created then ticket.assigned with the ticket exactly as the API shows it', async () => {
    const res = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(agent))
      .send({
        subject: 'Write path "number":1 docket-number-x',
        description: 'Keys out of jsonb order below.',
        priority: 'HIGH',
        assigneeId: agentId,
        tags: ['b', 'a', 'b'],
        metadata: { zeta: 1, a: { long_key: true, k: [3, { yy: 1, x: 2 }] }, '10': 'ten', '9': 9 },
        externalRefs: { crm: 'C-1' },
      });
    expect(res.status).toBe(201);
    const rows = await events(res.body.id);
    expect(rows.map((e) => e.topic)).toEqual(['ticket.created', 'ticket.assigned']);
    const shown = await agentView(res.body.id);
    for (const row of rows) {
      const ticket = (row.payload as { data: { ticket: unknown } }).data.ticket;
      // Same JSON text: same values and the same key order (the payload is `json`, kept as written).
      expect(JSON.stringify(ticket)).toBe(JSON.stringify(shown));
    }
    expect(res.body).toEqual(shown);
    expect((rows[1]!.payload as { data: { assignee: unknown } }).data.assignee).toEqual({
      id: agentId,
      name: expect.any(String),
    });
  });

  it('fills in the number and reference past five digits, gap-free', async () => {
    await t.prisma.organization.update({
      where: { id: organizationId },
      data: { ticketCounter: 99_998 },
    });
    const numbers: number[] = [];
    for (const subject of ['Five digits', 'Six digits']) {
      const res = await t
        .http()
        .post('/api/tickets')
        .set(authHeader(agent))
        .send({ subject, description: 'Around the fifth digit.' });
      expect(res.status).toBe(201);
      numbers.push(res.body.number);
      const [created] = await events(res.body.id);
      const ticket = (created!.payload as { data: { ticket: Record<string, unknown> } }).data
        .ticket;
      expect(ticket.number).toBe(res.body.number);
      expect(ticket.reference).toBe(formatTicketReference(res.body.number));
      expect(ticket.reference).toBe(res.body.reference);
    }
    expect(numbers).toEqual([99_999, 100_000]);
    expect(formatTicketReference(100_000)).toBe('TKT-100000');
  });

  it('orders JSON keys as jsonb does', async () => {
    const value = {
      bb: 1,
      a: 2,
      ab: 3,
      é: 4,
      z: { yy: [{ b: 1, a: 2 }], x: null },
      '10': 0,
      '9': 0,
    };
    const [row] = await t.prisma.$queryRaw<{ text: string }[]>`
      SELECT (${JSON.stringify(value)}::jsonb)::text AS text`;
    expect(JSON.stringify(jsonbOrder(value))).toBe(JSON.stringify(JSON.parse(row!.text)));
  });
});

describe('reply', () => {
  it('writes the response, its activity, the ticket change and ticket.response_added at once', async () => {
    const created = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(agent))
      .send({ subject: 'Reply path', description: 'One statement.' });
    const res = await t
      .http()
      .post(`/api/tickets/${created.body.reference}/responses`)
      .set(authHeader(agent))
      .send({ content: 'First answer.' });
    expect(res.status).toBe(201);
    const shown = await agentView(created.body.id);
    expect(shown.version).toBe(2);
    expect(shown.firstRespondedAt).toBe(res.body.createdAt);
    const rows = await events(created.body.id);
    expect(rows.map((e) => e.topic)).toEqual(['ticket.created', 'ticket.response_added']);
    const data = (rows[1]!.payload as { data: { ticket: unknown; response: { id: string } } }).data;
    expect(JSON.stringify(data.ticket)).toBe(JSON.stringify(shown));
    expect(data.response.id).toBe(res.body.id);
    const activity = await t.prisma.ticketActivity.findMany({
      where: { ticketId: created.body.id, type: 'RESPONSE_ADDED' },
    });
    expect(activity.map((a) => a.after)).toEqual([{ responseId: res.body.id }]);

    const missing = await t
      .http()
      .post('/api/tickets/TKT-99999999/responses')
      .set(authHeader(agent))
      .send({ content: 'Nobody home.' });
    expect(missing.status).toBe(404);
  });
  it('applies concurrent replies to one ticket one after the other, each once', async () => {
    const created = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(agent))
      .send({ subject: 'Busy ticket', description: 'Many replies at once.' });
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t
          .http()
          .post(`/api/tickets/${created.body.id}/responses`)
          .set(authHeader(agent))
          .send({ content: `Concurrent answer ${i}` }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(8).fill(201));
    const shown = await agentView(created.body.id);
    expect(shown.version).toBe(9);
    const rows = await events(created.body.id);
    expect(rows.filter((e) => e.topic === 'ticket.response_added')).toHaveLength(8);
    // Each event carries the ticket at its own version, in the order of the sequence.
    const versions = rows
      .filter((e) => e.topic === 'ticket.response_added')
      .map((e) => (e.payload as { data: { ticket: { version: number } } }).data.ticket.version);
    expect(versions).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await t.prisma.ticketResponse.count({ where: { ticketId: created.body.id } })).toBe(8);
  });
});

describe('dispatcher batches', () => {
  it('dispatches many events in one run, and a failing event fails alone', async () => {
    await t.app.events.runDispatcherOnce({ limit: 1000 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t
        .http()
        .post('/api/tickets')
        .set(authHeader(agent))
        .send({ subject: `Batch ${i}`, description: 'Dispatched together.' });
      ids.push(res.body.id);
    }
    const dispatcher = createEventDispatcher({ prisma: t.prisma });
    dispatcher.registerEventSubscriber('batch-test', async () => {}, { types: ['ticket.created'] });
    // One event whose subscriber row the database refuses (a constraint made for the test).
    await t.prisma.$executeRawUnsafe(`ALTER TABLE outbox_messages
      ADD CONSTRAINT outbox_messages_batch_test
      CHECK (kind <> 'SUBSCRIBER' OR "aggregateId" <> '${ids[2]}'::uuid) NOT VALID`);
    try {
      const result = await dispatcher.runDispatcherOnce();
      expect(result).toMatchObject({ dispatched: 4, failed: 1, subscriberRows: 4 });
      const failed = await t.prisma.outboxMessage.findFirstOrThrow({
        where: { kind: 'EVENT', aggregateId: ids[2] },
      });
      expect(failed).toMatchObject({ status: 'PENDING', attempts: 1 });
      expect(failed.lastError).toContain('outbox_messages_batch_test');
    } finally {
      await t.prisma.$executeRawUnsafe(
        'ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_batch_test',
      );
    }
  });
});

describe('migrate', () => {
  it('skips the schema engine only when every migration is recorded as applied', async () => {
    const db = await createTestDatabase();
    const url = db.url;
    expect(await isUpToDate(url, migrationsDir())).toBe(true);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string; checksum: string }>(
        'SELECT id, checksum FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1',
      );
      const last = rows[0]!;
      await client.query('UPDATE _prisma_migrations SET checksum = $2 WHERE id = $1', [
        last.id,
        'edited',
      ]);
      expect(await isUpToDate(url, migrationsDir())).toBe(false);
      await client.query('UPDATE _prisma_migrations SET checksum = $2 WHERE id = $1', [
        last.id,
        last.checksum,
      ]);
      expect(await isUpToDate(url, migrationsDir())).toBe(true);
    } finally {
      await client.end();
      await db.drop();
    }
  });
});
