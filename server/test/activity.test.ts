// A ticket's activity (docs/api.md `GET /api/tickets/:id/activity`): shape, order, pagination, and
// what customers may never see (docs/product.md "Roles": internal activity, who the assignee is).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader } from './helpers/auth.js';

let t: TestApp;
let admin: string;
let agent: string;
let customer: string;
let customer2: string;
let globexAgent: string;
let apiKey: string;
let agentId: string;
let customerId: string;

beforeAll(async () => {
  t = await createTestApp();
  [admin, agent, customer, customer2, globexAgent] = (await Promise.all(
    [
      'admin@acme.test',
      'agent@acme.test',
      'customer@acme.test',
      'customer2@acme.test',
      'agent@globex.test',
    ].map((e) => t.login(e)),
  )) as [string, string, string, string, string];
  agentId = (await t.prisma.user.findUniqueOrThrow({ where: { email: 'agent@acme.test' } })).id;
  customerId = (await t.prisma.user.findUniqueOrThrow({ where: { email: 'customer@acme.test' } }))
    .id;
  const key = await t
    .http()
    .post('/api/api-keys')
    .set(authHeader(admin))
    .send({ name: 'Reporting', role: 'AGENT' });
  expect(key.status).toBe(201);
  apiKey = key.body.key;
});
afterAll(async () => t?.close());

interface Activity {
  id: string;
  ticketId: string;
  type: string;
  actor: { type: string; id: string | null; name: string };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
  isInternal: boolean;
  createdAt: string;
}

/**
 * A ticket of customer@acme.test with a full history: created by the customer, claimed by Alex
 * Agent (internal) and opened, an internal note, a public reply, tags and metadata changed
 * (internal), priority and subject changed (public), a session, a chat linked (internal).
 */
async function ticketWithHistory(): Promise<string> {
  const created = await t.http().post('/api/tickets').set(authHeader(customer)).send({
    subject: 'Account locked',
    description: 'I cannot sign in since this morning, it says locked.',
  });
  expect(created.status).toBe(201);
  const id: string = created.body.id;
  await t.http().post(`/api/tickets/${id}/claim`).set(authHeader(agent)).expect(200);
  await t
    .http()
    .post(`/api/tickets/${id}/responses`)
    .set(authHeader(agent))
    .send({ content: 'SECRET: looks like a brute-force attempt', isInternal: true })
    .expect(201);
  await t
    .http()
    .post(`/api/tickets/${id}/responses`)
    .set(authHeader(agent))
    .send({ content: 'We are on it.' })
    .expect(201);
  await t
    .http()
    .patch(`/api/tickets/${id}`)
    .set(authHeader(agent))
    .send({ tags: ['security'], metadata: { riskScore: 97 }, reason: 'SECRET risk flag' })
    .expect(200);
  await t
    .http()
    .patch(`/api/tickets/${id}`)
    .set(authHeader(agent))
    .send({
      priority: 'HIGH',
      subject: 'Account locked after failed sign-ins',
      reason: 'Customer cannot work',
    })
    .expect(200);
  await t
    .http()
    .put(`/api/tickets/${id}/session`)
    .set(authHeader(agent))
    .send({ mode: 'video', scheduledAt: '2030-01-01T10:00:00Z' })
    .expect(200);
  const org = await t.prisma.organization.findUniqueOrThrow({ where: { slug: 'acme' } });
  const chat = await t.prisma.chat.create({
    data: {
      organizationId: org.id,
      customerName: 'Casey Customer',
      customerEmail: 'customer@acme.test',
    },
  });
  await t
    .http()
    .post(`/api/tickets/${id}/chats`)
    .set(authHeader(agent))
    .send({ chatId: chat.id })
    .expect(200);
  return id;
}

const activity = (id: string, token: string, query: Record<string, string | number> = {}) =>
  t.http().get(`/api/tickets/${id}/activity`).query(query).set(authHeader(token));

describe('GET /api/tickets/:id/activity — staff', () => {
  it('lists every row oldest first, with actor, before/after, reason and isInternal', async () => {
    const id = await ticketWithHistory();
    const res = await activity(id, agent, { limit: 100 });
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    const data = res.body.data as Activity[];
    expect(data.map((a) => a.type)).toEqual([
      'CREATED',
      'CLAIMED',
      'STATUS_CHANGED',
      'INTERNAL_NOTE_ADDED',
      'RESPONSE_ADDED',
      'FIELDS_CHANGED',
      'PRIORITY_CHANGED',
      'FIELDS_CHANGED',
      'SESSION_SCHEDULED',
      'CHAT_LINKED',
    ]);
    expect(data[0]).toEqual({
      id: expect.any(String),
      ticketId: id,
      type: 'CREATED',
      actor: { type: 'user', id: customerId, name: 'Casey Customer' },
      before: null,
      after: expect.objectContaining({ status: 'NEW', priority: 'MEDIUM', channel: 'portal' }),
      reason: null,
      isInternal: false,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(data[1]).toMatchObject({
      actor: { type: 'user', id: agentId, name: 'Alex Agent' },
      after: { assignee: { id: agentId, name: 'Alex Agent' } },
      isInternal: true,
    });
    expect(data[5]).toMatchObject({
      before: { tags: [], metadata: {} },
      after: { tags: ['security'], metadata: { riskScore: 97 } },
      reason: 'SECRET risk flag',
      isInternal: true,
    });
    expect(data[6]).toMatchObject({
      before: { priority: 'MEDIUM' },
      after: { priority: 'HIGH' },
      reason: 'Customer cannot work',
    });
    const times = data.map((a) => Date.parse(a.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Also by reference, for admins and API keys.
    const ticket = await t.prisma.ticket.findUniqueOrThrow({ where: { id } });
    const byReference = await activity(`TKT-${String(ticket.number).padStart(5, '0')}`, admin, {
      limit: 100,
    });
    expect(byReference.body.data).toHaveLength(10);
    const viaKey = await activity(id, apiKey, { limit: 100 });
    expect(viaKey.status).toBe(200);
    expect(viaKey.body.data).toHaveLength(10);
  });

  it('walks the pages with the cursor, each row once, in order', async () => {
    const id = await ticketWithHistory();
    const all = (await activity(id, agent, { limit: 100 })).body.data as Activity[];
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await activity(id, agent, { limit: 3, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.data.map((a: Activity) => a.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual(all.map((a) => a.id));
  });

  it('refuses a bad cursor or limit with the field named', async () => {
    const id = await ticketWithHistory();
    const cursor = await activity(id, agent, { cursor: 'garbage' });
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors[0].path).toBe('cursor');
    const limit = await activity(id, agent, { limit: 500 });
    expect(limit.status).toBe(400);
    expect(limit.body.errors[0].path).toBe('limit');
  });
});

describe('GET /api/tickets/:id/activity — customers', () => {
  it('never shows internal rows, internal values or staff names to the requester', async () => {
    const id = await ticketWithHistory();
    const res = await activity(id, customer, { limit: 100 });
    expect(res.status).toBe(200);
    const data = res.body.data as Activity[];
    expect(data.map((a) => a.type)).toEqual([
      'CREATED',
      'STATUS_CHANGED',
      'RESPONSE_ADDED',
      'PRIORITY_CHANGED',
      'FIELDS_CHANGED',
      'SESSION_SCHEDULED',
    ]);
    expect(data.every((a) => !a.isInternal)).toBe(true);
    const text = JSON.stringify(res.body);
    for (const secret of [
      'SECRET',
      'Alex Agent',
      agentId,
      'riskScore',
      'security',
      'CLAIMED',
      'CHAT_LINKED',
    ]) {
      expect(text).not.toContain(secret);
    }
    // Their own actions keep their name; staff are "Support team".
    expect(data[0]?.actor).toEqual({ type: 'user', id: customerId, name: 'Casey Customer' });
    expect(data[1]?.actor).toEqual({ type: 'user', id: null, name: 'Support team' });
    expect(data[1]).toMatchObject({ before: { status: 'NEW' }, after: { status: 'OPEN' } });
    expect(data[4]).toMatchObject({
      before: { subject: 'Account locked' },
      after: { subject: 'Account locked after failed sign-ins' },
      // The agent's reason is a note to colleagues: not shown to the requester.
      reason: null,
    });
    expect(data[5]?.after).toMatchObject({
      session: { mode: 'video', meetingLink: expect.stringMatching(/^https:/) },
    });
  });

  it('strips staff-only values from a public row, and hides staff-only kinds even if stored as public', async () => {
    const id = await ticketWithHistory();
    const org = await t.prisma.organization.findUniqueOrThrow({ where: { slug: 'acme' } });
    // Rows written elsewhere (seeds, integrations) that mix public and staff-only values, a
    // second apart so that their order is known.
    const later = (seconds: number) => new Date(Date.now() + seconds * 1000);
    await t.prisma.ticketActivity.createMany({
      data: [
        {
          organizationId: org.id,
          ticketId: id,
          type: 'FIELDS_CHANGED',
          actorType: 'api_key',
          createdAt: later(1),
          actorId: agentId,
          actorName: 'API key "CRM"',
          before: { category: null, metadata: { leak: 'SECRET' } },
          after: { category: 'Account', metadata: { leak: 'SECRET 2' } },
        },
        {
          organizationId: org.id,
          ticketId: id,
          type: 'ASSIGNED',
          actorType: 'user',
          createdAt: later(2),
          actorId: agentId,
          actorName: 'Alex Agent',
          after: { assignee: { id: agentId, name: 'Alex Agent' } },
        },
        {
          organizationId: org.id,
          ticketId: id,
          type: 'STATUS_CHANGED',
          actorType: 'system',
          createdAt: later(3),
          actorName: 'Docket',
          before: { status: 'OPEN' },
          after: { status: 'RESOLVED' },
          reason: 'Resolved automatically',
        },
      ],
    });
    const data = (await activity(id, customer, { limit: 100 })).body.data as Activity[];
    const text = JSON.stringify(data);
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('Alex Agent');
    expect(text).not.toContain('CRM');
    const fields = data.filter((a) => a.type === 'FIELDS_CHANGED').at(-1);
    expect(fields).toMatchObject({
      actor: { type: 'api_key', id: null, name: 'Support team' },
      before: { category: null },
      after: { category: 'Account' },
    });
    expect(data.filter((a) => a.type === 'ASSIGNED')).toHaveLength(0);
    expect(data.at(-1)).toMatchObject({
      type: 'STATUS_CHANGED',
      actor: { type: 'system', id: null, name: 'Docket' },
      reason: 'Resolved automatically',
    });
  });

  it("answers 404 for another customer's ticket and another organization's, 401 without credentials", async () => {
    const id = await ticketWithHistory();
    for (const [token, who] of [
      [customer2, 'other customer'],
      [globexAgent, 'other organization'],
    ] as const) {
      const res = await activity(id, token);
      expect(res.status, who).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    expect((await t.http().get(`/api/tickets/${id}/activity`)).status).toBe(401);
    expect((await activity('TKT-99999', agent)).status).toBe(404);
  });

  it('shows the seeded history of a customer ticket without internal rows', async () => {
    const seeded = await t.prisma.ticket.findFirstOrThrow({
      where: { requesterId: customerId, assigneeId: { not: null }, number: { lte: 200 } },
      orderBy: { number: 'asc' },
    });
    const staffView = (await activity(seeded.id, agent, { limit: 100 })).body.data as Activity[];
    expect(staffView.some((a) => a.isInternal)).toBe(true);
    const customerView = (await activity(seeded.id, customer, { limit: 100 })).body
      .data as Activity[];
    expect(customerView.length).toBe(staffView.filter((a) => !a.isInternal).length);
    expect(customerView.some((a) => a.type === 'CLAIMED' || a.type === 'ASSIGNED')).toBe(false);
    const assignee = await t.prisma.user.findUniqueOrThrow({ where: { id: seeded.assigneeId! } });
    expect(JSON.stringify(customerView)).not.toContain(assignee.name);
  });
});
