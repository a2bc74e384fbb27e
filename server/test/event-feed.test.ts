/**
 * The event feed (GET /api/events; docs/product.md "Event feed"), against the real database:
 * who may read it, the webhooks' bodies, types and internal notes, cursors (bad, replayed,
 * expired), a key limited to groups — and a consumer reading while writers commit out of order
 * (a slow transaction that wrote first commits last; some roll back): it never misses nor
 * repeats an event, where a reader keyed on the outbox sequence alone does miss.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitEvent } from '../src/modules/events/emit-event.js';
import { EventSchemas } from '../src/modules/events/events.schemas.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createApiKey, createOrganizationWithUsers, createTicket } from './helpers/factories.js';

let t: TestApp;
let organizationId: string;
let otherOrganizationId: string;
const tokens: Record<string, string> = {};
const keys: Record<string, string> = {};
let groupId: string;

interface FeedPage {
  data: { id: string; type: string; data: Record<string, unknown> }[];
  nextCursor: string | null;
  hasMore: boolean;
}

async function feed(token: string, query: Record<string, string | number> = {}) {
  const res = await t.http().get('/api/events').query(query).set(authHeader(token));
  if (res.status !== 200) throw new Error(`GET /api/events: ${res.status} ${res.text}`);
  return res.body as FeedPage;
}

/**
 * Every event after `query.after` (following nextCursor until a page says nothing more) — and,
 * with `until`, on until what was read satisfies it (at most 20 s): the feed shows an event once
 * every older transaction of the server has ended, other test files' included.
 */
async function readAll(
  token: string,
  query: Record<string, string | number> = {},
  until: (events: FeedPage['data']) => boolean = () => true,
) {
  const events: FeedPage['data'] = [];
  let after = query.after ? String(query.after) : null;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const page = await feed(token, { ...query, ...(after ? { after } : {}) });
    events.push(...page.data);
    after = page.nextCursor ?? after;
    if (!page.hasMore && (until(events) || Date.now() > deadline)) return { events, cursor: after };
    if (!page.hasMore) await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const count = (type: string, n: number) => (events: FeedPage['data']) =>
  events.filter((e) => e.type === type).length >= n;

async function post(token: string, path: string, body: object) {
  const res = await t.http().post(path).set(authHeader(token)).send(body);
  if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${res.text}`);
  return res.body as { id: string };
}

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const acme = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT' },
    customer: { role: 'CUSTOMER' },
  });
  organizationId = acme.organization.id;
  const globex = await createOrganizationWithUsers(t.prisma, { admin: { role: 'ADMIN' } });
  otherOrganizationId = globex.organization.id;
  Object.assign(tokens, await signInAll(t, acme.users));
  tokens.globexAdmin = (await signInAll(t, globex.users)).admin!;
  groupId = (await t.prisma.group.create({ data: { organizationId, name: 'Billing' } })).id;
  const key = async (scopes: string[], groupIds: string[] = []) =>
    (
      await createApiKey(t.prisma, {
        organizationId,
        role: null,
        scopes,
        groupIds,
        createdById: acme.users.admin.id,
      })
    ).key;
  keys.feed = await key(['events:read']);
  keys.tickets = await key(['tickets:read', 'tickets:write']);
  keys.billing = await key(['events:read'], [groupId]);
}, 60_000);
afterAll(async () => t?.close());

describe('GET /api/events', () => {
  it('is for admins and keys with events:read: agents, customers and other keys are 403', async () => {
    for (const token of [tokens.agent!, tokens.customer!, keys.tickets!]) {
      const res = await t.http().get('/api/events').set(authHeader(token));
      expect(res.status).toBe(403);
    }
    const scoped = await t.http().get('/api/events').set(authHeader(keys.tickets!));
    expect(scoped.body.missingScope).toBe('events:read');
    expect((await t.http().get('/api/events')).status).toBe(401);
    expect((await feed(tokens.admin!)).data).toBeInstanceOf(Array);
    expect((await feed(keys.feed!)).data).toBeInstanceOf(Array);
  });

  it("gives the webhooks' bodies in order, by type, internal notes only when asked, never another organization's", async () => {
    const { cursor } = await readAll(tokens.admin!);
    const ticket = await post(tokens.admin!, '/api/tickets', {
      subject: 'Feed: printer on fire',
      description: 'It is on fire.',
      requesterEmail: 'feed@example.com',
    });
    await post(tokens.agent!, `/api/tickets/${ticket.id}/responses`, {
      content: 'Internal: call facilities',
      isInternal: true,
    });
    await post(tokens.agent!, `/api/tickets/${ticket.id}/responses`, {
      content: 'We are on it.',
    });
    await post(tokens.globexAdmin!, '/api/tickets', {
      subject: 'Globex ticket',
      description: 'Not yours at all.',
      requesterEmail: 'globex@example.com',
    });

    const after: Record<string, string> = cursor ? { after: cursor } : {};
    const { events } = await readAll(keys.feed!, after, count('ticket.response_added', 1));
    expect(events.map((e) => e.type)).toEqual(['ticket.created', 'ticket.response_added']);
    for (const event of events) {
      expect(event).toMatchObject({ organizationId });
      expect(EventSchemas[event.type as keyof typeof EventSchemas].safeParse(event).success).toBe(
        true,
      );
    }
    expect(JSON.stringify(events)).not.toContain('call facilities');
    expect(JSON.stringify(events)).not.toContain(otherOrganizationId);

    const withInternal = await readAll(
      keys.feed!,
      { ...after, includeInternal: 'true' },
      count('ticket.response_added', 2),
    );
    expect(withInternal.events.map((e) => e.type)).toContain('ticket.response_added');
    expect(JSON.stringify(withInternal.events)).toContain('call facilities');

    const created = await readAll(
      keys.feed!,
      { ...after, types: 'ticket.created' },
      count('ticket.created', 1),
    );
    expect(created.events.map((e) => e.type)).toEqual(['ticket.created']);
    // Internal event types (live inbox, routing) are never in the feed.
    expect(events.some((e) => e.type.startsWith('chat.') || e.type.startsWith('routing.'))).toBe(
      false,
    );
  });

  it('replays the same events from a cursor, and refuses bad and expired cursors', async () => {
    const first = await feed(tokens.admin!, { limit: 2 });
    expect(first.data).toHaveLength(2);
    const rest = await readAll(tokens.admin!, { after: first.nextCursor!, limit: 3 });
    const again = await readAll(tokens.admin!, { after: first.nextCursor!, limit: 50 });
    expect(again.events.map((e) => e.id)).toEqual(rest.events.map((e) => e.id));
    expect(rest.events.map((e) => e.id)).not.toContain(first.data[0]!.id);

    const bad = await t
      .http()
      .get('/api/events')
      .query({ after: 'nope' })
      .set(authHeader(tokens.admin!));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('after');
    const badType = await t
      .http()
      .get('/api/events')
      .query({ types: 'ticket.created,chat.created' })
      .set(authHeader(tokens.admin!));
    expect(badType.status).toBe(400);
    expect(JSON.stringify(badType.body.errors)).toContain('types');

    const old = Buffer.from(JSON.stringify(['1', '1', Date.now() - 40 * 86_400_000])).toString(
      'base64url',
    );
    const expired = await t
      .http()
      .get('/api/events')
      .query({ after: old })
      .set(authHeader(tokens.admin!));
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('cursor_expired');
  });

  it("gives a key limited to groups only its groups' tickets' events", async () => {
    const { cursor } = await readAll(tokens.admin!);
    // The ticket of no group first: once the key sees the later one, the earlier one is readable too.
    await post(tokens.admin!, '/api/tickets', {
      subject: 'No group',
      description: 'Somewhere else entirely',
      requesterEmail: 'other@example.com',
    });
    const inGroup = await post(tokens.admin!, '/api/tickets', {
      subject: 'Billing question',
      description: 'A question about an invoice',
      requesterEmail: 'billing@example.com',
      groupId,
    });
    const { events } = await readAll(
      keys.billing!,
      { after: cursor!, types: 'ticket.created' },
      count('ticket.created', 1),
    );
    expect(events.map((e) => (e.data.ticket as { id: string }).id)).toEqual([inGroup.id]);
  });
});

describe('a consumer reading while writers commit', () => {
  it('never misses nor repeats an event, where a sequence-keyed reader misses some', async () => {
    const { cursor: start } = await readAll(tokens.admin!);
    const ticket = await createTicket(t.prisma, { organizationId, subject: 'Concurrency' });
    const actor = { kind: 'system', name: 'Feed test' } as const;
    const startSequence =
      (await t.prisma.outboxMessage.aggregate({ _max: { sequence: true } }))._max.sequence ?? 0n;

    // One write: `events` events of the ticket in one transaction, the commit held back by
    // `holdMs`; `rollback` throws after writing (nothing of it may ever be read).
    const write = (events: number, holdMs: number, rollback = false) =>
      t.prisma
        .$transaction(
          async (tx) => {
            for (let i = 0; i < events; i++) {
              await emitEvent(tx, {
                type: 'ticket.updated',
                organizationId,
                ticketId: ticket.id,
                actor,
                data: { ticket: { id: ticket.id }, changes: { tags: { before: [], after: [i] } } },
              } as never);
            }
            if (holdMs > 0) await tx.$executeRaw`SELECT pg_sleep(${holdMs / 1000})`;
            if (rollback) throw new Error('rolled back on purpose');
          },
          { timeout: 20_000 },
        )
        .catch((error: unknown) => {
          if (!(error instanceof Error && error.message === 'rolled back on purpose')) throw error;
        });

    let writing = true;
    let expectedCount = Infinity;
    const read: string[] = [];
    const naive: string[] = [];
    let polls = 0;
    // The feed shows an event once every older transaction of the server has ended (other test
    // files' included): the reader goes on until it has read what was committed, or 20 s.
    const reader = (async () => {
      let after = start;
      const deadline = Date.now() + 40_000;
      while (read.length < expectedCount && Date.now() < deadline) {
        const page = await feed(tokens.admin!, {
          limit: 7,
          types: 'ticket.updated',
          ...(after ? { after } : {}),
        });
        polls++;
        read.push(...page.data.map((e) => e.id));
        after = page.nextCursor ?? after;
        if (!page.hasMore) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return after;
    })();
    // The reader the feed does not do: rows after the highest outbox sequence read so far.
    const naiveReader = (async () => {
      let last = startSequence;
      for (;;) {
        const done = !writing;
        const rows = await t.prisma.outboxMessage.findMany({
          where: { organizationId, kind: 'EVENT', topic: 'ticket.updated', sequence: { gt: last } },
          orderBy: { sequence: 'asc' },
          take: 7,
          select: { id: true, sequence: true },
        });
        naive.push(...rows.map((r) => r.id));
        last = rows.at(-1)?.sequence ?? last;
        if (done && rows.length === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    // Slow transactions take their transaction ids first and commit last; four writers commit
    // quickly meanwhile; every fifth quick write rolls back.
    let transactions = 0;
    let rolledBack = 0;
    const counted = (events: number, holdMs: number, rollback = false) => {
      transactions++;
      if (rollback) rolledBack++;
      return write(events, holdMs, rollback);
    };
    const slow = [counted(2, 1500), counted(1, 900), counted(3, 1200, true)];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; i < 20; i++) await counted(1 + ((i + w) % 3), (i * 7) % 20, i % 5 === 4);
    });
    await Promise.all([...slow, ...writers]);
    writing = false;
    const committed = await t.prisma.outboxMessage.findMany({
      where: {
        organizationId,
        kind: 'EVENT',
        topic: 'ticket.updated',
        sequence: { gt: startSequence },
      },
      select: { id: true },
    });
    const expected = new Set(committed.map((r) => r.id));
    expectedCount = expected.size;
    const end = await reader;
    await naiveReader;

    expect(expected.size).toBeGreaterThan(100);
    expect(new Set(read).size).toBe(read.length); // no repeat
    expect(new Set(read)).toEqual(expected); // no miss, nothing rolled back
    expect((await feed(tokens.admin!, { types: 'ticket.updated', after: end! })).data).toEqual([]);
    // The same order again when replayed from the start.
    const replay = await readAll(tokens.admin!, {
      types: 'ticket.updated',
      limit: 500,
      ...(start ? { after: start } : {}),
    });
    expect(replay.events.map((e) => e.id)).toEqual(read);
    // The sequence-keyed reader skipped what the slow transactions committed late.
    const missedByNaive = [...expected].filter((id) => !naive.includes(id));
    expect(missedByNaive.length).toBeGreaterThan(0);
    console.info(
      `event feed under concurrency: ${expected.size} events committed by ${transactions - rolledBack} of ${transactions} transactions (${rolledBack} rolled back), read in ${polls} polls of at most 7: 0 missed, 0 repeated; a reader keyed on the outbox sequence missed ${missedByNaive.length}`,
    );
  }, 60_000);
});
