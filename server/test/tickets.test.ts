import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import {
  createCategory,
  createOrganizationWithUsers,
  createSlaPolicies,
  createTicket,
} from './helpers/factories.js';

let t: TestApp;
let agent: string;
let customer: string;
let customer2: string;
let globexAgent: string;

let acmeId: string;
let globexId: string;
let globexAgentId: string;

const STATUSES = [
  'NEW',
  'OPEN',
  'IN_PROGRESS',
  'WAITING_ON_CUSTOMER',
  'ON_HOLD',
  'RESOLVED',
  'CLOSED',
] as const;
const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT', 'CRITICAL'] as const;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  // The people the assertions name, by email and name.
  const acme = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN', name: 'Ada Admin' },
    agent: { role: 'AGENT', email: 'agent@acme.test', name: 'Alex Agent' },
    agent2: { role: 'AGENT', email: 'agent2@acme.test', name: 'Camille Tremblay' },
    customer: { role: 'CUSTOMER', email: 'customer@acme.test', name: 'Casey Customer' },
    customer2: { role: 'CUSTOMER', email: 'customer2@acme.test' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { agent: { role: 'AGENT' } });
  acmeId = acme.organization.id;
  globexId = globex.organization.id;
  globexAgentId = globex.users.agent.id;
  ({ agent, customer, customer2 } = await signInAll(t, acme.users));
  globexAgent = await signIn(t, globex.users.agent);
  // SLA policies (HIGH: first response within 4 hours) and an "Invoice" category.
  await createSlaPolicies(t.prisma, acmeId);
  await createCategory(t.prisma, { organizationId: acmeId, name: 'Invoice' });
  // 60 tickets, more than a page of 37, in every status and priority: a third assigned to each
  // agent, a quarter tagged "escalated", a tenth requested by each customer (some assigned).
  const { agent: agentUser, agent2: agent2User, customer: c1, customer2: c2 } = acme.users;
  for (let i = 0; i < 60; i++) {
    await createTicket(t.prisma, {
      organizationId: acmeId,
      status: STATUSES[i % STATUSES.length]!,
      priority: PRIORITIES[i % PRIORITIES.length]!,
      assigneeId: [agentUser.id, agent2User.id, null][i % 3]!,
      tags: i % 4 === 0 ? ['escalated'] : [],
      ...(i % 10 === 0 ? { requesterId: c1.id } : i % 10 === 5 ? { requesterId: c2.id } : {}),
    });
  }
  await createTicket(t.prisma, { organizationId: globexId });
});
afterAll(async () => t?.close());

const validTicket = {
  subject: 'Cannot download my invoice',
  description: 'The invoice link in my account page returns an error since yesterday.',
};

describe('POST /api/tickets', () => {
  it('creates a ticket with the next number, a reference, Location and ETag, and its activity', async () => {
    const before = await t.prisma.organization.findUniqueOrThrow({ where: { id: acmeId } });
    const res = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(agent))
      .send({
        ...validTicket,
        priority: 'HIGH',
        category: 'invoice',
        tags: ['Billing', 'billing', 'vip'],
        requesterName: 'Maya Patel',
        requesterEmail: 'Maya.Patel@Example.com',
        externalRefs: { orderId: 'A-1001' },
      });
    expect(res.status).toBe(201);
    const ticket = res.body;
    expect(ticket.number).toBe(before.ticketCounter + 1);
    expect(ticket.reference).toBe(`TKT-${String(ticket.number).padStart(5, '0')}`);
    expect(res.headers.location).toBe(`/api/tickets/${ticket.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(ticket).toMatchObject({
      status: 'NEW',
      priority: 'HIGH',
      category: 'Invoice',
      tags: ['billing', 'vip'],
      channel: 'web',
      requester: { id: null, name: 'Maya Patel', email: 'maya.patel@example.com' },
      assignee: null,
      externalRefs: { orderId: 'A-1001' },
      version: 1,
    });
    // SLA from the organization's HIGH policy (first response within 4 hours), armed by the
    // `sla` subscriber after the create.
    expect(ticket.sla).toBeNull();
    await t.app.events.drain();
    const armed = (await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(agent))).body;
    const due = Date.parse(armed.firstResponseDueAt) - Date.parse(armed.createdAt);
    expect(due).toBe(4 * 3600_000);
    const activity = await t.prisma.ticketActivity.findMany({ where: { ticketId: ticket.id } });
    expect(activity.map((a) => a.type)).toEqual(['CREATED']);
    expect(activity[0]).toMatchObject({ actorType: 'user', actorName: 'Alex Agent' });
  });

  it('links the requester to the user with that email and records an assignment', async () => {
    const agent2 = await t.prisma.user.findUniqueOrThrow({ where: { email: 'agent2@acme.test' } });
    const res = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(agent))
      .send({
        ...validTicket,
        requesterName: 'X',
        requesterEmail: 'customer@acme.test',
        assigneeId: agent2.id,
      });
    expect(res.status).toBe(201);
    expect(res.body.requester).toMatchObject({
      name: 'Casey Customer',
      email: 'customer@acme.test',
    });
    expect(res.body.requester.id).not.toBeNull();
    expect(res.body.assignee).toEqual({ id: agent2.id, name: agent2.name });
    const types = await t.prisma.ticketActivity.findMany({
      where: { ticketId: res.body.id },
      orderBy: { type: 'asc' },
    });
    expect(types.map((a) => [a.type, a.isInternal])).toEqual([
      ['CREATED', false],
      ['ASSIGNED', true],
    ]);
  });

  it('names each invalid field and writes nothing', async () => {
    const before = await t.prisma.ticket.count();
    const res = await t.http().post('/api/tickets').set(authHeader(agent)).send({
      subject: 'Hey',
      description: 'short',
      priority: 'SEVERE',
      tags: 'x',
      organizationId: 'x',
      number: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    const paths = res.body.errors.map((e: { path: string }) => e.path).join(' ');
    for (const field of [
      'subject',
      'description',
      'priority',
      'tags',
      'organizationId',
      'number',
    ]) {
      expect(paths).toContain(field);
    }
    expect(await t.prisma.ticket.count()).toBe(before);
  });

  it('refuses an unknown category or assignee with the field named', async () => {
    const res = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(agent))
      .send({ ...validTicket, category: 'Astrology', assigneeId: globexAgentId });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'assigneeId',
      'category',
    ]);
  });

  it('lets a customer create for themselves, on the portal channel, without priority', async () => {
    const res = await t.http().post('/api/tickets').set(authHeader(customer)).send(validTicket);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      channel: 'portal',
      requester: { email: 'customer@acme.test' },
      assignee: { assigned: false },
    });
    expect(res.body).not.toHaveProperty('metadata');
    expect(res.body).not.toHaveProperty('firstResponseDueAt');
    const forbidden = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(customer))
      .send({ ...validTicket, priority: 'CRITICAL' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.errors).toEqual([{ path: 'priority', message: expect.any(String) }]);
  });

  it('gives distinct, gap-free numbers to concurrent creates', async () => {
    const start = (await t.prisma.organization.findUniqueOrThrow({ where: { id: acmeId } }))
      .ticketCounter;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t
          .http()
          .post('/api/tickets')
          .set(authHeader(agent))
          .send({ ...validTicket, subject: `Concurrent ticket ${i}` }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const numbers = results.map((r) => r.body.number as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => start + i + 1));
  });
});

describe('GET /api/tickets/:id', () => {
  it('finds a ticket by uuid, number and reference', async () => {
    const ticket = await t.prisma.ticket.findFirstOrThrow({
      where: { organizationId: acmeId, number: 7 },
    });
    for (const key of [ticket.id, '7', 'TKT-00007', 'tkt-7']) {
      const res = await t.http().get(`/api/tickets/${key}`).set(authHeader(agent));
      expect(res.status, key).toBe(200);
      expect(res.body.id).toBe(ticket.id);
      expect(res.headers.etag).toBe(`"${ticket.version}"`);
    }
    expect((await t.http().get('/api/tickets/TKT-99999').set(authHeader(agent))).status).toBe(404);
    expect((await t.http().get('/api/tickets/banana').set(authHeader(agent))).status).toBe(404);
  });

  it("hides another organization's tickets and other customers' tickets as 404", async () => {
    const acmeTicket = await t.prisma.ticket.findFirstOrThrow({
      where: { organizationId: acmeId },
    });
    const res = await t.http().get(`/api/tickets/${acmeTicket.id}`).set(authHeader(globexAgent));
    expect(res.status).toBe(404);
    // Globex's ticket number 1 is not Acme's number 1.
    const globexOne = await t.http().get('/api/tickets/1').set(authHeader(globexAgent));
    expect(globexOne.body.organizationId).not.toBe(acmeTicket.organizationId);

    const own = await t.prisma.ticket.findFirstOrThrow({
      where: { requester: { email: 'customer@acme.test' } },
    });
    const theirs = await t.prisma.ticket.findFirstOrThrow({
      where: { requester: { email: 'customer2@acme.test' } },
    });
    expect((await t.http().get(`/api/tickets/${own.id}`).set(authHeader(customer))).status).toBe(
      200,
    );
    const other = await t.http().get(`/api/tickets/${theirs.id}`).set(authHeader(customer));
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('not_found');
    expect(
      (await t.http().get(`/api/tickets/${theirs.id}`).set(authHeader(customer2))).status,
    ).toBe(200);
  });

  it('shows a customer "assigned" but not who', async () => {
    const assigned = await t.prisma.ticket.findFirstOrThrow({
      where: { requester: { email: 'customer@acme.test' }, assigneeId: { not: null } },
    });
    const res = await t.http().get(`/api/tickets/${assigned.id}`).set(authHeader(customer));
    expect(res.body.assignee).toEqual({ assigned: true });
    expect(JSON.stringify(res.body)).not.toMatch(/Alex Agent|Camille Tremblay|Ada Admin/);
  });
});

describe('GET /api/tickets', () => {
  it('needs authentication', async () => {
    expect((await t.http().get('/api/tickets')).status).toBe(401);
  });

  it('walks every visible ticket exactly once through the cursor, for each sort', async () => {
    const total = await t.prisma.ticket.count({
      where: { organizationId: acmeId, deletedAt: null },
    });
    for (const sortBy of ['updatedAt', 'createdAt', 'priority', 'number']) {
      for (const sortOrder of ['desc', 'asc']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let res: { status: number; body: { data: { id: string }[]; nextCursor: string | null } };
        do {
          res = await t
            .http()
            .get('/api/tickets')
            .query({ sortBy, sortOrder, limit: 37, ...(cursor ? { cursor } : {}) })
            .set(authHeader(agent));
          expect(res.status).toBe(200);
          seen.push(...res.body.data.map((x) => x.id));
          cursor = res.body.nextCursor;
        } while (cursor);
        expect(seen.length, `${sortBy} ${sortOrder}`).toBe(total);
        expect(new Set(seen).size).toBe(total);
      }
    }
  });

  it('walks every row exactly once while tickets are being created', async () => {
    const existing = await t.prisma.ticket.findMany({
      where: { organizationId: acmeId, deletedAt: null },
      select: { id: true },
    });
    for (const sortOrder of ['desc', 'asc']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let page = 0;
      do {
        const res: { body: { data: { id: string }[]; nextCursor: string | null } } = await t
          .http()
          .get('/api/tickets')
          .query({ sortBy: 'createdAt', sortOrder, limit: 50, ...(cursor ? { cursor } : {}) })
          .set(authHeader(agent));
        seen.push(...res.body.data.map((x) => x.id));
        cursor = res.body.nextCursor;
        // Between pages, others keep creating tickets.
        await t
          .http()
          .post('/api/tickets')
          .set(authHeader(agent))
          .send({ ...validTicket, subject: `Created during the walk ${sortOrder} ${page++}` });
      } while (cursor);
      expect(new Set(seen).size, 'no ticket twice').toBe(seen.length);
      const seenSet = new Set(seen);
      expect(
        existing.filter((x) => !seenSet.has(x.id)),
        'no ticket skipped',
      ).toEqual([]);
    }
  });

  it('sorts by priority in the order of urgency', async () => {
    const res = await t
      .http()
      .get('/api/tickets')
      .query({ sortBy: 'priority', limit: 100 })
      .set(authHeader(agent));
    const order = ['LOW', 'MEDIUM', 'HIGH', 'URGENT', 'CRITICAL'];
    const ranks = res.body.data.map((x: { priority: string }) => order.indexOf(x.priority));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(res.body.data[0].priority).toBe('CRITICAL');
  });

  it('filters by status, priority, assignee and tags', async () => {
    const res = await t
      .http()
      .get('/api/tickets')
      .query({ status: 'OPEN,IN_PROGRESS', priority: 'HIGH,URGENT,CRITICAL', limit: 100 })
      .set(authHeader(agent));
    expect(res.status).toBe(200);
    const expected = await t.prisma.ticket.count({
      where: {
        organizationId: acmeId,
        status: { in: ['OPEN', 'IN_PROGRESS'] },
        priority: { in: ['HIGH', 'URGENT', 'CRITICAL'] },
      },
    });
    expect(res.body.data).toHaveLength(expected);
    expect(expected).toBeGreaterThan(0);

    const mine = await t
      .http()
      .get('/api/tickets')
      .query({ assigneeId: 'me', limit: 100 })
      .set(authHeader(agent));
    const me = await t.prisma.user.findUniqueOrThrow({ where: { email: 'agent@acme.test' } });
    expect(mine.body.data.length).toBeGreaterThan(0);
    expect(
      mine.body.data.every((x: { assignee: { id: string } }) => x.assignee?.id === me.id),
    ).toBe(true);

    const none = await t
      .http()
      .get('/api/tickets')
      .query({ assigneeId: 'none', limit: 100 })
      .set(authHeader(agent));
    expect(none.body.data.every((x: { assignee: unknown }) => x.assignee === null)).toBe(true);

    const tagged = await t
      .http()
      .get('/api/tickets')
      .query({ tags: 'escalated', limit: 100 })
      .set(authHeader(agent));
    expect(tagged.body.data.length).toBeGreaterThan(0);
    expect(tagged.body.data.every((x: { tags: string[] }) => x.tags.includes('escalated'))).toBe(
      true,
    );
  });

  it('rejects bad filters and cursors with the field named', async () => {
    const res = await t
      .http()
      .get('/api/tickets')
      .query({ status: 'OPEN,DONE', limit: 500 })
      .set(authHeader(agent));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'limit',
      'status.1',
    ]);
    const cursor = await t
      .http()
      .get('/api/tickets')
      .query({ cursor: 'garbage' })
      .set(authHeader(agent));
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors[0].path).toBe('cursor');
  });

  it("lists only a customer's own tickets, and only the organization's for agents", async () => {
    const res = await t.http().get('/api/tickets').query({ limit: 100 }).set(authHeader(customer));
    expect(res.body.data.length).toBeGreaterThan(0);
    expect(
      res.body.data.every(
        (x: { requester: { email: string } }) => x.requester.email === 'customer@acme.test',
      ),
    ).toBe(true);
    const globex = await t
      .http()
      .get('/api/tickets')
      .query({ limit: 100 })
      .set(authHeader(globexAgent));
    const globexOrg = await t.prisma.organization.findUniqueOrThrow({ where: { id: globexId } });
    expect(
      globex.body.data.every((x: { organizationId: string }) => x.organizationId === globexOrg.id),
    ).toBe(true);
  });
});
