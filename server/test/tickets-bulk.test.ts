// POST /api/tickets/bulk (bulk.ts) and GET /api/tags (tags.service.ts): one action on many
// tickets, each through the single-ticket rules, answered per ticket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createApiKey, createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let agent: string;
let customer: string;
let globexAdmin: string;
let agentKey: string;
let agent2Id: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const { organization, users } = await createOrganizationWithUsers(t.prisma, {
    agent: { role: 'AGENT' },
    agent2: { role: 'AGENT' },
    admin: { role: 'ADMIN' },
    customer: { role: 'CUSTOMER' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { admin: { role: 'ADMIN' } });
  ({ agent, customer } = await signInAll(t, { agent: users.agent, customer: users.customer }));
  globexAdmin = await signIn(t, globex.users.admin);
  agentKey = (
    await createApiKey(t.prisma, {
      organizationId: organization.id,
      name: 'bulk key',
      role: 'AGENT',
      createdById: users.admin.id,
    })
  ).key;
  agent2Id = users.agent2.id;
});
afterAll(async () => t?.close());

let counter = 0;
async function createTicket(extra: object = {}, token = agent) {
  counter++;
  const res = await t
    .http()
    .post('/api/tickets')
    .set(authHeader(token))
    .send({
      subject: `Bulk ticket number ${counter}`,
      description: 'A ticket for the bulk change tests, long enough.',
      ...extra,
    });
  expect(res.status, res.text).toBe(201);
  return res.body as {
    id: string;
    reference: string;
    status: string;
    tags: string[];
    version: number;
  };
}

const bulk = (body: object, token = agent) =>
  t.http().post('/api/tickets/bulk').set(authHeader(token)).send(body);

describe('POST /api/tickets/bulk', () => {
  it('assigns several tickets, each with its activity, then unassigns them', async () => {
    const a = await createTicket();
    const b = await createTicket();
    const res = await bulk({ ids: [a.id, b.reference], action: { assign: agent2Id } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ succeeded: 2, failed: 0 });
    expect(res.body.results).toEqual([
      {
        id: a.id,
        ok: true,
        changed: true,
        ticket: { id: a.id, reference: a.reference, version: a.version + 1 },
      },
      {
        id: b.reference,
        ok: true,
        changed: true,
        ticket: { id: b.id, reference: b.reference, version: b.version + 1 },
      },
    ]);
    for (const ticket of [a, b]) {
      const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
      expect(row.assigneeId).toBe(agent2Id);
      const activity = await t.prisma.ticketActivity.findMany({
        where: { ticketId: ticket.id, type: 'ASSIGNED' },
      });
      expect(activity).toHaveLength(1);
    }
    const again = await bulk({ ids: [a.id], action: { assign: agent2Id } });
    expect(again.body.results[0]).toMatchObject({ ok: true, changed: false });

    const unassign = await bulk({ ids: [a.id, b.id], action: { assign: null } });
    expect(unassign.body.succeeded).toBe(2);
    expect(
      (await t.prisma.ticket.findUniqueOrThrow({ where: { id: b.id } })).assigneeId,
    ).toBeNull();
  });

  it('changes status where the lifecycle allows it and reports the others with their code', async () => {
    const open = await createTicket();
    await t.http().patch(`/api/tickets/${open.id}`).set(authHeader(agent)).send({ status: 'OPEN' });
    const closed = await createTicket();
    await t
      .http()
      .patch(`/api/tickets/${closed.id}`)
      .set(authHeader(agent))
      .send({ status: 'CLOSED' });
    const res = await bulk({
      ids: [open.id, closed.id, 'TKT-99999'],
      action: { status: 'IN_PROGRESS', reason: 'Working on them' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ succeeded: 1, failed: 2 });
    const [first, second, third] = res.body.results;
    expect(first).toMatchObject({ id: open.id, ok: true, changed: true });
    expect(second).toMatchObject({
      id: closed.id,
      ok: false,
      problem: { status: 409, code: 'invalid_transition' },
    });
    expect(second.problem.detail).toEqual(expect.any(String));
    expect(third).toMatchObject({
      id: 'TKT-99999',
      ok: false,
      problem: { status: 404, code: 'not_found' },
    });
    const activity = await t.prisma.ticketActivity.findFirstOrThrow({
      where: { ticketId: open.id, type: 'STATUS_CHANGED' },
      orderBy: { createdAt: 'desc' },
    });
    expect(activity.reason).toBe('Working on them');
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: closed.id } })).status).toBe(
      'CLOSED',
    );
  });

  it('adds tags, keeping the ones there and each tag once', async () => {
    const a = await createTicket({ tags: ['vip'] });
    const b = await createTicket();
    const res = await bulk({ ids: [a.id, b.id], action: { addTags: ['Billing', 'vip'] } });
    expect(res.body.succeeded).toBe(2);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: a.id } })).tags.sort()).toEqual([
      'billing',
      'vip',
    ]);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: b.id } })).tags.sort()).toEqual([
      'billing',
      'vip',
    ]);
    const again = await bulk({ ids: [a.id], action: { addTags: ['vip'] } });
    expect(again.body.results[0]).toMatchObject({ ok: true, changed: false });
  });

  it('reports an unknown assignee per ticket and never touches another organization', async () => {
    const a = await createTicket();
    const unknown = await bulk({
      ids: [a.id],
      action: { assign: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknown.body.results[0]).toMatchObject({
      ok: false,
      problem: { status: 400, code: 'validation_failed' },
    });
    const foreign = await bulk({ ids: [a.id], action: { status: 'OPEN' } }, globexAdmin);
    expect(foreign.status).toBe(200);
    expect(foreign.body.results[0]).toMatchObject({ ok: false, problem: { status: 404 } });
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: a.id } })).status).toBe('NEW');
  });

  it('accepts API keys, refuses customers (403) and bad bodies (400, nothing done)', async () => {
    const a = await createTicket();
    const byKey = await bulk({ ids: [a.id], action: { status: 'OPEN' } }, agentKey);
    expect(byKey.body.succeeded).toBe(1);

    const own = await createTicket({}, customer);
    const byCustomer = await bulk({ ids: [own.id], action: { status: 'CLOSED' } }, customer);
    expect(byCustomer.status).toBe(403);

    const cases: [object, string][] = [
      [{ ids: [], action: { status: 'OPEN' } }, 'ids'],
      [
        { ids: Array.from({ length: 101 }, (_, i) => String(i + 1)), action: { status: 'OPEN' } },
        'ids',
      ],
      [{ ids: [a.id, a.id], action: { status: 'OPEN' } }, 'ids'],
      [{ ids: [a.id], action: { status: 'LOST' } }, 'action'],
      [{ ids: [a.id], action: { addTags: ['no spaces'] } }, 'action'],
      [{ ids: [a.id], action: { status: 'OPEN', assign: null } }, 'action'],
      [{ ids: [a.id] }, 'action'],
    ];
    for (const [body, path] of cases) {
      const res = await bulk(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((e: { path: string }) => e.path.split('.')[0])).toContain(path);
    }
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: a.id } })).version).toBe(
      a.version + 1,
    );
  });
});

describe('GET /api/tags', () => {
  it('suggests the organization’s tags starting with q, most used first', async () => {
    await createTicket({ tags: ['refund-request', 'vip'] });
    await createTicket({ tags: ['refund-request'] });
    await createTicket({ tags: ['refurbished'] });
    const res = await t.http().get('/api/tags').query({ q: 'REF' }).set(authHeader(agent));
    expect(res.status, res.text).toBe(200);
    const names = res.body.data.map((tag: { name: string }) => tag.name);
    expect(names.slice(0, 2)).toEqual(['refund-request', 'refurbished']);
    expect(res.body.data[0].count).toBeGreaterThanOrEqual(2);
    expect(names.every((n: string) => n.startsWith('ref'))).toBe(true);

    const literal = await t.http().get('/api/tags').query({ q: '%' }).set(authHeader(agent));
    expect(literal.body.data).toEqual([]);

    const globex = await t
      .http()
      .get('/api/tags')
      .query({ q: 'refund' })
      .set(authHeader(globexAdmin));
    expect(globex.body.data.map((tag: { name: string }) => tag.name)).not.toContain(
      'refund-request',
    );
  });

  it('refuses customers (403) and a bad limit (400)', async () => {
    expect((await t.http().get('/api/tags').set(authHeader(customer))).status).toBe(403);
    const bad = await t.http().get('/api/tags').query({ limit: 500 }).set(authHeader(agent));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('limit');
  });
});
