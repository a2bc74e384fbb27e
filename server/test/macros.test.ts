/**
 * Macros and canned replies (docs/product.md "Macros") through the API on the real database:
 * placeholders checked at save and rendered as text, personal and shared macros and who may see
 * or change them, a preview that writes nothing, and an apply that is one change (reply first,
 * then the fields, activity naming the macro) honouring If-Match.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createApiKey, createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let tokens: Record<'admin' | 'agent' | 'agent2' | 'customer', string>;
let agentId: string;
let adminKey: string;
let customerId: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const { organization, users } = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT', name: 'Alex Agent' },
    agent2: { role: 'AGENT' },
    customer: { role: 'CUSTOMER', name: '{{ agent.name }} <b>Maya</b> Patel' },
  });
  agentId = users.agent.id;
  customerId = users.customer.id;
  tokens = await signInAll(t, users);
  adminKey = (await createApiKey(t.prisma, { organizationId: organization.id, role: 'ADMIN' })).key;
});
afterAll(async () => t?.close());

const as = (who: keyof typeof tokens) => authHeader(tokens[who]);

const refundApproved = {
  name: 'Refund approved',
  actions: [
    {
      type: 'reply',
      content:
        'Hello {{ requester.firstName }}, the refund for {{ ticket.reference }} is on its way. {{ agent.firstName }}',
    },
    { type: 'set_status', value: 'RESOLVED' },
    { type: 'add_tags', value: ['refund'] },
    { type: 'assign', value: 'me' },
  ],
};

async function newTicket() {
  const res = await t.http().post('/api/tickets').set(as('agent')).send({
    subject: 'Refund for order A-1',
    description: 'Charged twice.',
    requesterId: customerId,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; reference: string; version: number };
}

async function createMacro(who: keyof typeof tokens, body: object) {
  const res = await t.http().post('/api/macros').set(as(who)).send(body);
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

describe('macros', () => {
  it('refuses an unknown placeholder or a broken template at save, naming the action', async () => {
    const unknown = await t
      .http()
      .post('/api/macros')
      .set(as('agent'))
      .send({ name: 'Bad', actions: [{ type: 'reply', content: 'Hi {{ requester.nickname }}' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { path: 'actions.0.content', message: 'unknown placeholder {{requester.nickname}}' },
    ]);
    const broken = await t
      .http()
      .post('/api/macros')
      .set(as('agent'))
      .send({
        name: 'Broken',
        actions: [
          { type: 'set_priority', value: 'HIGH' },
          { type: 'reply', content: 'Hi {{ x' },
        ],
      });
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].path).toBe('actions.1.content');
    const twoReplies = await t
      .http()
      .post('/api/macros')
      .set(as('agent'))
      .send({
        name: 'Two',
        actions: [
          { type: 'reply', content: 'a' },
          { type: 'reply', content: 'b' },
        ],
      });
    expect(twoReplies.status).toBe(400);
  });

  it('keeps personal macros to their owner and lets only admins make or change shared ones', async () => {
    const personal = await createMacro('agent', {
      name: 'Mine',
      actions: [{ type: 'set_priority', value: 'LOW' }],
    });
    expect((await t.http().get(`/api/macros/${personal.id}`).set(as('agent2'))).status).toBe(404);
    const sharedByAgent = await t
      .http()
      .post('/api/macros')
      .set(as('agent'))
      .send({ name: 'Team', shared: true, actions: [{ type: 'set_priority', value: 'LOW' }] });
    expect(sharedByAgent.status).toBe(403);
    const shared = await createMacro('admin', {
      name: 'Team',
      shared: true,
      actions: [{ type: 'add_tags', value: ['team'] }],
    });
    const list = await t.http().get('/api/macros').set(as('agent2'));
    expect(list.body.data.map((m: { name: string }) => m.name)).toEqual(['Team']);
    const patch = await t
      .http()
      .patch(`/api/macros/${shared.id}`)
      .set(as('agent'))
      .send({ name: 'Renamed' });
    expect(patch.status).toBe(403);
    expect((await t.http().get('/api/macros').set(as('customer'))).status).toBe(403);
    expect((await t.http().get('/api/macros').set(authHeader(adminKey))).status).toBe(403);
  });

  it('previews the changes and the rendered reply, writing nothing; names are text', async () => {
    const ticket = await newTicket();
    const macro = await createMacro('agent', refundApproved);
    const count = async () => ({
      responses: await t.prisma.ticketResponse.count(),
      activities: await t.prisma.ticketActivity.count(),
      outbox: await t.prisma.outboxMessage.count(),
    });
    const before = await count();
    const res = await t
      .http()
      .post(`/api/tickets/${ticket.id}/macros/${macro.id}/preview`)
      .set(as('agent'));
    expect(res.status).toBe(200);
    expect(res.body.reply).toEqual({
      content: `Hello {{, the refund for ${ticket.reference} is on its way. Alex`,
      isInternal: false,
    });
    expect(res.body.changes).toEqual({
      status: { before: 'NEW', after: 'RESOLVED' },
      tags: { before: [], after: ['refund'] },
      assigneeId: { before: null, after: agentId },
    });
    expect(await count()).toEqual(before);
  });

  it('applies as one change: the reply, then the fields, with activity naming the macro', async () => {
    const ticket = await newTicket();
    const macro = await createMacro('agent', { ...refundApproved, name: 'Refund approved 2' });
    const stale = await t
      .http()
      .post(`/api/tickets/${ticket.id}/macros/${macro.id}/apply`)
      .set(as('agent'))
      .set('If-Match', `"${ticket.version + 5}"`);
    expect(stale.status).toBe(412);
    expect(await t.prisma.ticketResponse.count({ where: { ticketId: ticket.id } })).toBe(0);

    const res = await t
      .http()
      .post(`/api/tickets/${ticket.id}/macros/${macro.id}/apply`)
      .set(as('agent'))
      .set('If-Match', `"${ticket.version}"`);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe(`"${res.body.version}"`);
    expect(res.body).toMatchObject({
      status: 'RESOLVED',
      tags: ['refund'],
      assignee: { id: agentId, name: 'Alex Agent' },
    });
    const responses = await t.prisma.ticketResponse.findMany({ where: { ticketId: ticket.id } });
    expect(responses.map((r) => [r.authorType, r.isInternal, r.content])).toEqual([
      ['AGENT', false, `Hello {{, the refund for ${ticket.reference} is on its way. Alex`],
    ]);
    const activity = await t.prisma.ticketActivity.findMany({
      where: { ticketId: ticket.id, type: { not: 'CREATED' } },
      orderBy: { createdAt: 'asc' },
    });
    expect(activity.map((a) => [a.type, a.reason])).toEqual([
      ['RESPONSE_ADDED', null],
      ['STATUS_CHANGED', 'Macro: Refund approved 2'],
      ['ASSIGNED', 'Macro: Refund approved 2'],
      ['FIELDS_CHANGED', 'Macro: Refund approved 2'],
    ]);
    // On a CLOSED ticket nothing is written.
    await t
      .http()
      .patch(`/api/tickets/${ticket.id}`)
      .set(as('agent'))
      .send({ status: 'CLOSED' })
      .expect(200);
    const closed = await t
      .http()
      .post(`/api/tickets/${ticket.id}/macros/${macro.id}/apply`)
      .set(as('agent'));
    expect(closed.status).toBe(409);
    expect(await t.prisma.ticketResponse.count({ where: { ticketId: ticket.id } })).toBe(1);
  });
});

describe('macros in bulk', () => {
  it('applies a macro to 50 tickets, one result each, refusing the CLOSED ones with 409', async () => {
    const macro = await createMacro('agent', {
      name: 'Bulk triage',
      actions: [
        { type: 'reply', content: 'We are looking into {{ ticket.reference }}.', isInternal: true },
        { type: 'set_priority', value: 'HIGH' },
      ],
    });
    const tickets = [];
    for (let i = 0; i < 50; i++) tickets.push(await newTicket());
    for (const closed of tickets.slice(0, 5)) {
      await t
        .http()
        .patch(`/api/tickets/${closed.id}`)
        .set(as('agent'))
        .send({ status: 'CLOSED' })
        .expect(200);
    }
    const res = await t
      .http()
      .post('/api/tickets/bulk')
      .set(as('agent'))
      .send({ ids: tickets.map((x) => x.reference), action: { macro: macro.id } });
    expect(res.status).toBe(200);
    expect(res.body.succeeded).toBe(45);
    expect(
      res.body.results.map((r: { ok: boolean; problem?: { status: number; code: string } }) =>
        r.ok ? 'ok' : `${r.problem!.status} ${r.problem!.code}`,
      ),
    ).toEqual([...Array(5).fill('409 ticket_closed'), ...Array(45).fill('ok')]);
    const notes = await t.prisma.ticketResponse.findMany({
      where: { ticketId: { in: tickets.map((x) => x.id) }, isInternal: true },
    });
    expect(notes.map((n) => n.content).sort()).toEqual(
      tickets
        .slice(5)
        .map((x) => `We are looking into ${x.reference}.`)
        .sort(),
    );
    // Another agent's personal macro is not theirs to apply: 404 for each ticket.
    const other = await t
      .http()
      .post('/api/tickets/bulk')
      .set(as('agent2'))
      .send({ ids: [tickets[5]!.reference], action: { macro: macro.id } });
    expect(other.body.results[0].problem.status).toBe(404);
  });
});
