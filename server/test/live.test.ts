/**
 * Live updates (modules/live): the SSE stream `GET /api/live` over a real HTTP connection, fed by
 * the outbox dispatcher through PostgreSQL NOTIFY on `docket_live`; and presence on a ticket
 * (`GET|PUT|DELETE /api/tickets/:id/presence`) with its 40 s expiry on a clock the test moves.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app.js';
import type { User } from '../src/generated/prisma/client.js';
import type { PrismaClient } from '../src/lib/db.js';
import { createLiveHub, type LiveSubscriber } from '../src/modules/live/live-hub.js';
import { noticeOfEvent } from '../src/modules/live/live-notice.js';
import { PRESENCE_TTL_MS } from '../src/modules/live/live.schemas.js';
import { testConfig } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { openLiveStream, type LiveStream } from './helpers/sse.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createApiKey, createOrganizationWithUsers, createTicket } from './helpers/factories.js';

let database: TestDatabase;
let prisma: PrismaClient;
let app: FastifyInstance;
let baseUrl: string;
let clock = new Date('2026-11-21T09:00:00.000Z');
const tokens: Record<string, string> = {};
const streams: LiveStream[] = [];
let acmeTicket: { id: string; number: number };
let globexTicket: { id: string };
let acmeUsers: Record<'agent' | 'agent2' | 'admin' | 'customer', User>;

const http = () => request(app.server);

/** Opens `GET /api/live` as `who` and resolves once the `ready` event came (subscribed). */
async function openStream(who: string): Promise<LiveStream> {
  const stream = await openLiveStream(baseUrl, tokens[who]!);
  streams.push(stream);
  return stream;
}

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = database.prisma;
  const config = testConfig();
  app = await buildApp(config, {
    prisma,
    ownsPrisma: false,
    logger: false,
    // Short heartbeats, so that the test sees one without waiting 25 s.
    live: { now: () => clock, heartbeatMs: 200, maxStreamsPerUser: 3 },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const acme = await createOrganizationWithUsers(prisma, {
    agent: { role: 'AGENT' },
    agent2: { role: 'AGENT' },
    admin: { role: 'ADMIN' },
    customer: { role: 'CUSTOMER' },
  });
  const globex = await createOrganizationWithUsers(prisma, { agent: { role: 'AGENT' } });
  acmeUsers = acme.users;
  const client = { http };
  Object.assign(tokens, await signInAll(client, acme.users), {
    globexAgent: await signIn(client, globex.users.agent),
    agentKey: (
      await createApiKey(prisma, {
        organizationId: acme.organization.id,
        name: 'live test',
        role: 'AGENT',
        createdById: acme.users.admin.id,
      })
    ).key,
  });
  acmeTicket = await createTicket(prisma, { organizationId: acme.organization.id });
  globexTicket = await createTicket(prisma, {
    organizationId: globex.organization.id,
    status: 'OPEN',
  });
  // Events written so far are dispatched before the streams open.
  await app.events.runDispatcherOnce({ limit: 10_000 });
});

afterAll(async () => {
  for (const stream of streams) stream.close();
  await app?.close();
  await database?.drop();
});

describe('GET /api/live', () => {
  it('refuses anonymous callers (401) and customers (403), as problem+json', async () => {
    const anonymous = await http().get('/api/live').set('Accept', 'text/event-stream');
    expect(anonymous.status).toBe(401);
    const customer = await http()
      .get('/api/live')
      .set(authHeader(tokens.customer!))
      .set('Accept', 'text/event-stream');
    expect(customer.status).toBe(403);
    expect(customer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(customer.body.code).toBe('forbidden');
  });

  it('answers 406 problem+json to a client that does not ask for text/event-stream', async () => {
    const res = await http().get('/api/live').set(authHeader(tokens.agent!));
    expect(res.status).toBe(406);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('not_acceptable');
  });

  it("streams the organization's ticket changes, and not another organization's", async () => {
    const acmeAgent = await openStream('agent');
    const globexAgent = await openStream('globexAgent');

    const changed = await http()
      .patch(`/api/tickets/${acmeTicket.id}`)
      .set(authHeader(tokens.agent2!))
      .send({ status: 'IN_PROGRESS' });
    expect(changed.status).toBe(200);
    // Nothing is published before the dispatcher runs (the notice leaves with the dispatch).
    expect(acmeAgent.events.some((e) => e.data.ticketId === acmeTicket.id)).toBe(false);
    await app.events.runDispatcherOnce();

    const notice = await acmeAgent.next(
      (e) => e.event === 'ticket' && e.data.type === 'ticket.status_changed',
    );
    const agent2 = acmeUsers.agent2;
    expect(notice.data).toMatchObject({
      ticketId: acmeTicket.id,
      ticketNumber: acmeTicket.number,
      isInternal: false,
      actorId: agent2.id,
    });
    expect(notice.data.at).toEqual(expect.any(String));
    expect(Object.keys(notice.data)).not.toContain('ticket');

    // A Globex change afterwards: the Globex stream receives it, and had received nothing of
    // Acme's before it (one LISTEN connection delivers the notices in commit order).
    const globexChange = await http()
      .post(`/api/tickets/${globexTicket.id}/responses`)
      .set(authHeader(tokens.globexAgent!))
      .send({ content: 'Looking into it now.' });
    expect(globexChange.status, JSON.stringify(globexChange.body)).toBe(201);
    await app.events.runDispatcherOnce();
    await globexAgent.next((e) => e.event === 'ticket' && e.data.ticketId === globexTicket.id);
    const globexNotices = globexAgent.events.filter((e) => e.event === 'ticket');
    expect(globexNotices.map((e) => e.data.ticketId)).not.toContain(acmeTicket.id);
    expect(new Set(globexNotices.map((e) => e.data.organizationId)).size).toBe(1);
    expect(acmeAgent.events.some((e) => e.data.ticketId === globexTicket.id)).toBe(false);
    acmeAgent.close();
    globexAgent.close();
  });

  it('tells staff streams when the SLA subscriber moved a ticket’s clocks, flagged internal', async () => {
    const policy = await http()
      .post('/api/sla-policies')
      .set(authHeader(tokens.admin!))
      .send({ name: 'Live clocks', targets: { firstResponseMinutes: 60 } });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const agent = await openStream('agent');
    const created = await http()
      .post('/api/tickets')
      .set(authHeader(tokens.agent!))
      .send({ subject: 'Clocks on the stream', description: 'Armed by the subscriber.' });
    expect(created.status).toBe(201);
    await app.events.drain();
    const notice = await agent.next(
      (e) => e.event === 'ticket' && e.data.type === 'ticket.sla_updated',
    );
    expect(notice.data).toMatchObject({ ticketId: created.body.id, isInternal: true });
    agent.close();
    await http()
      .delete(`/api/sla-policies/${policy.body.id}`)
      .set(authHeader(tokens.admin!))
      .expect(204);
  });

  it('sends internal notes to staff streams, flagged internal, in the order of the changes', async () => {
    const admin = await openStream('admin');
    const reply = await http()
      .post(`/api/tickets/${acmeTicket.id}/responses`)
      .set(authHeader(tokens.agent!))
      .send({ content: 'We are checking your order now.' });
    expect(reply.status).toBe(201);
    const note = await http()
      .post(`/api/tickets/${acmeTicket.id}/responses`)
      .set(authHeader(tokens.agent!))
      .send({ content: 'Internal: check the refund policy first.', isInternal: true });
    expect(note.status).toBe(201);
    // Both events in one run of the dispatcher: the notices keep the order of the changes.
    await app.events.runDispatcherOnce();
    await admin.next(
      (e) =>
        e.event === 'ticket' &&
        e.data.type === 'ticket.response_added' &&
        e.data.isInternal === true,
    );
    const added = admin.events.filter((e) => e.data.type === 'ticket.response_added');
    expect(added.map((e) => e.data.isInternal)).toEqual([false, true]);
    // The notice is a hint: no content travels with it.
    expect(JSON.stringify(added)).not.toContain('refund');
    admin.close();
  });
});

describe('the live hub', () => {
  /** A subscriber that records what it is sent. */
  function recorder(role: 'AGENT' | 'ADMIN' | 'CUSTOMER', organizationId: string) {
    const got: { event: string; data: unknown }[] = [];
    const subscriber: LiveSubscriber = {
      principal: { organizationId, role },
      send: (event, data) => got.push({ event, data }),
      close: () => {},
    };
    return { subscriber, got };
  }

  it('gives internal notices to staff only, and nothing across organizations', () => {
    const hub = createLiveHub({ connectionString: undefined });
    const org = '11111111-1111-4111-8111-111111111111';
    const other = '22222222-2222-4222-8222-222222222222';
    const agent = recorder('AGENT', org);
    const customer = recorder('CUSTOMER', org);
    const outsider = recorder('ADMIN', other);
    for (const r of [agent, customer, outsider]) hub.subscribe(r.subscriber);
    const base = {
      organizationId: org,
      ticketId: '33333333-3333-4333-8333-333333333333',
      ticketNumber: 7,
      actorId: null,
      at: '2026-11-21T09:00:00.000Z',
    };
    hub.receive(JSON.stringify({ ...base, type: 'ticket.response_added', isInternal: true }));
    hub.receive(JSON.stringify({ ...base, type: 'ticket.status_changed', isInternal: false }));
    hub.receive('not json');
    expect(agent.got.map((g) => (g.data as { type: string }).type)).toEqual([
      'ticket.response_added',
      'ticket.status_changed',
    ]);
    expect(customer.got.map((g) => (g.data as { type: string }).type)).toEqual([
      'ticket.status_changed',
    ]);
    expect(outsider.got).toEqual([]);
  });

  it('makes compact notices of ticket events only', () => {
    const ticketId = '33333333-3333-4333-8333-333333333333';
    const organizationId = '11111111-1111-4111-8111-111111111111';
    expect(
      noticeOfEvent({
        organizationId,
        topic: 'ticket.response_added',
        aggregateId: ticketId,
        payload: {
          timestamp: '2026-11-21T09:00:00.000Z',
          data: {
            ticket: { id: ticketId, number: 42, subject: 'Secret subject' },
            isInternal: true,
            actor: { type: 'user', id: 'u1', name: 'Alice' },
          },
        },
      }),
    ).toEqual({
      type: 'ticket.response_added',
      organizationId,
      ticketId,
      ticketNumber: 42,
      groupId: null,
      isInternal: true,
      actorId: 'u1',
      at: '2026-11-21T09:00:00.000Z',
    });
    expect(
      noticeOfEvent({
        organizationId,
        topic: 'webhook_endpoint.disabled',
        aggregateId: ticketId,
        payload: { data: { endpoint: { id: ticketId } } },
      }),
    ).toBeNull();
  });
});

describe('presence on a ticket', () => {
  const url = () => `/api/tickets/${acmeTicket.id}/presence`;

  it('shows who is replying to the others, on the stream and by GET, and expires', async () => {
    const agentStream = await openStream('agent');
    const start = clock;

    const put = await http().put(url()).set(authHeader(tokens.agent2!)).send({ state: 'replying' });
    expect(put.status).toBe(200);
    expect(put.body.data).toEqual([]); // the caller is not listed to themselves

    const notice = await agentStream.next((e) => e.event === 'presence');
    expect(notice.data).toMatchObject({
      ticketId: acmeTicket.id,
      name: expect.any(String),
      state: 'replying',
    });

    const agent2 = acmeUsers.agent2;
    const seen = await http().get(url()).set(authHeader(tokens.agent!));
    expect(seen.status).toBe(200);
    expect(seen.body.data).toEqual([
      {
        userId: agent2.id,
        name: agent2.name,
        state: 'replying',
        since: start.toISOString(),
        expiresAt: new Date(start.getTime() + PRESENCE_TTL_MS).toISOString(),
      },
    ]);
    // By reference too.
    const byReference = await http()
      .get(`/api/tickets/TKT-${String(acmeTicket.number).padStart(5, '0')}/presence`)
      .set(authHeader(tokens.agent!));
    expect(byReference.body.data).toHaveLength(1);

    // A heartbeat in the same state keeps `since`, and pushes the expiry.
    clock = new Date(start.getTime() + 30_000);
    await http().put(url()).set(authHeader(tokens.agent2!)).send({ state: 'replying' });
    clock = new Date(start.getTime() + 60_000);
    const kept = await http().get(url()).set(authHeader(tokens.agent!));
    expect(kept.body.data).toEqual([
      expect.objectContaining({ state: 'replying', since: start.toISOString() }),
    ]);

    // No heartbeat for 40 s: gone.
    clock = new Date(start.getTime() + 30_000 + PRESENCE_TTL_MS);
    const expired = await http().get(url()).set(authHeader(tokens.agent!));
    expect(expired.body.data).toEqual([]);
    agentStream.close();
  });

  it('forgets who leaves (DELETE, 204) and tells the streams', async () => {
    const agentStream = await openStream('agent');
    await http().put(url()).set(authHeader(tokens.admin!)).send({ state: 'viewing' });
    expect((await http().get(url()).set(authHeader(tokens.agent!))).body.data).toEqual([
      expect.objectContaining({ state: 'viewing' }),
    ]);
    const left = await http().delete(url()).set(authHeader(tokens.admin!));
    expect(left.status).toBe(204);
    expect((await http().get(url()).set(authHeader(tokens.agent!))).body.data).toEqual([]);
    const admin = acmeUsers.admin;
    await agentStream.next(
      (e) => e.event === 'presence' && e.data.userId === admin.id && e.data.state === null,
    );
    agentStream.close();
  });

  it('is for staff of the organization: customers 403, API keys may not report, others 404', async () => {
    const customer = await http()
      .put(url())
      .set(authHeader(tokens.customer!))
      .send({ state: 'viewing' });
    expect(customer.status).toBe(403);
    expect((await http().get(url()).set(authHeader(tokens.customer!))).status).toBe(403);
    const key = await http()
      .put(url())
      .set(authHeader(tokens.agentKey!))
      .send({ state: 'viewing' });
    expect(key.status).toBe(403);
    expect((await http().get(url()).set(authHeader(tokens.agentKey!))).status).toBe(200);
    const otherOrg = await http()
      .put(url())
      .set(authHeader(tokens.globexAgent!))
      .send({ state: 'viewing' });
    expect(otherOrg.status).toBe(404);
  });

  it('names the field of a bad state (400)', async () => {
    const res = await http().put(url()).set(authHeader(tokens.agent!)).send({ state: 'typing' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(res.body.errors)).toContain('state');
  });
});

describe('a long-lived stream', () => {
  it('sends heartbeat comments and stays open across them', async () => {
    const stream = await openStream('agent');
    expect(stream.events[0]!.data).toEqual({ heartbeatMs: 200 });
    await vi.waitUntil(() => stream.heartbeats() >= 2, { timeout: 10_000, interval: 50 });
    // Still delivering after the heartbeats.
    await http()
      .put(`/api/tickets/${acmeTicket.id}/presence`)
      .set(authHeader(tokens.agent2!))
      .send({
        state: 'viewing',
      });
    await stream.next((e) => e.event === 'presence' && e.data.state === 'viewing');
    stream.close();
  });
});

describe('stream cap', () => {
  it('holds a user to its most streams at once (429 problem+json), and frees a slot on close', async () => {
    const held = [];
    for (let i = 0; i < 3; i++) held.push(await openStream('admin'));
    const refused = await fetch(`${baseUrl}/api/live`, {
      headers: { ...authHeader(tokens.admin!), Accept: 'text/event-stream' },
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ code: 'too_many_streams' });
    // Another user is not affected.
    (await openStream('agent2')).close();
    // Closing one stream gives its slot back.
    held[0]!.close();
    await held[0]!.ended;
    await vi.waitUntil(
      async () => {
        const res = await fetch(`${baseUrl}/api/live`, {
          headers: { ...authHeader(tokens.admin!), Accept: 'text/event-stream' },
        });
        await res.body?.cancel();
        return res.status === 200;
      },
      { timeout: 5_000, interval: 100 },
    );
    for (const stream of held) stream.close();
  });
});

describe('shutdown', () => {
  it('closes with streams open', async () => {
    const stream = await openStream('agent');
    await app.close();
    // The server ended the stream (the client would reconnect to another instance).
    await stream.ended;
    expect(stream.events.map((e) => e.event)).toEqual(['ready']);
  });
});
