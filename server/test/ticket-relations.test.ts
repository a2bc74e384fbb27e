// Merge, links and the resolution note (docs/api.md "Merge and links", PATCH `resolutionNote`;
// docs/product.md "Merge and links", "Resolution note"), against the real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createApiKey, createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let admin: string;
let agent: string;
let customer: string;
let customer2: string;
let globexAgent: string;
let apiKey: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const { organization, users } = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT', name: 'Alex Agent' },
    customer: { role: 'CUSTOMER', name: 'Bob Smith' },
    customer2: { role: 'CUSTOMER', name: 'Dana Other' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { agent: { role: 'AGENT' } });
  ({ admin, agent, customer, customer2 } = await signInAll(t, users));
  globexAgent = await signIn(t, globex.users.agent);
  apiKey = (
    await createApiKey(t.prisma, {
      organizationId: organization.id,
      name: 'Integrator',
      role: 'AGENT',
      createdById: users.admin.id,
    })
  ).key;
});
afterAll(async () => t?.close());

interface Created {
  id: string;
  reference: string;
  version: number;
}

async function newTicket(token: string, subject = 'Charged twice this month'): Promise<Created> {
  const res = await t
    .http()
    .post('/api/tickets')
    .set(authHeader(token))
    .send({ subject, description: `${subject}: card ending 4242.` });
  expect(res.status).toBe(201);
  return res.body;
}

async function reply(ticket: Created, token: string, content: string, isInternal = false) {
  const res = await t
    .http()
    .post(`/api/tickets/${ticket.id}/responses`)
    .set(authHeader(token))
    .send({ content, isInternal });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

const merge = (source: string, body: object, token = agent) =>
  t.http().post(`/api/tickets/${source}/merge`).set(authHeader(token)).send(body);

const responsesOf = (ticketId: string) =>
  t.prisma.ticketResponse.findMany({
    where: { ticketId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });

describe('POST /api/tickets/:id/merge', () => {
  it('moves replies and notes in order, closes the source with mergedInto, and tells both sides', async () => {
    const target = await newTicket(customer, 'Double charge on my card');
    const source = await newTicket(customer, 'Charged twice this month');
    await reply(source, customer, 'Here is my bank statement.');
    await reply(source, agent, 'Checking with billing.', true);

    const res = await merge(source.reference, {
      targetId: target.reference,
      comment: 'Same charge as your other request.',
    });
    expect(res.status).toBe(200);
    expect(res.body.source.status).toBe('CLOSED');
    expect(res.body.source.mergedInto).toEqual({ id: target.id, reference: target.reference });
    expect(res.body.target.id).toBe(target.id);
    expect(res.body.target.version).toBe(target.version + 1);

    // The target now holds the source's description, reply and note, in their order; the
    // comment stayed on the source, posted before it closed.
    const moved = await responsesOf(target.id);
    expect(moved.map((r) => r.content)).toEqual([
      `${source.reference}: Charged twice this month\n\nCharged twice this month: card ending 4242.`,
      'Here is my bank statement.',
      'Checking with billing.',
    ]);
    // Same requester: what was public stays public.
    expect(moved.map((r) => r.isInternal)).toEqual([false, false, true]);
    const left = await responsesOf(source.id);
    expect(left.map((r) => [r.content, r.isInternal])).toEqual([
      ['Same charge as your other request.', false],
    ]);

    // The requester sees where it went, on the ticket and through the API.
    const mine = await t.http().get(`/api/tickets/${source.id}`).set(authHeader(customer));
    expect(mine.body.mergedInto.reference).toBe(target.reference);
    const activity = await t.prisma.ticketActivity.findMany({
      where: { ticketId: { in: [source.id, target.id] }, type: 'MERGED' },
    });
    expect(activity).toHaveLength(2);
    const event = await t.prisma.outboxMessage.findFirst({
      where: { topic: 'ticket.merged', aggregateId: source.id },
    });
    expect(event).not.toBeNull();
    // The staff search finds the moved note's words on the target.
    const search = await t
      .http()
      .get('/api/tickets')
      .query({ q: 'billing' })
      .set(authHeader(agent));
    expect(search.body.data.map((x: { id: string }) => x.id)).toContain(target.id);
  });

  it("makes another requester's words internal on the target", async () => {
    const target = await newTicket(customer2, 'Cannot log in to my account');
    const source = await newTicket(customer, 'Locked out after password change');
    await reply(source, customer, 'My phone number is 555-0100.');
    expect((await merge(source.id, { targetId: target.id })).status).toBe(200);

    const moved = await responsesOf(target.id);
    expect(moved.every((r) => r.isInternal)).toBe(true);
    const seen = await t
      .http()
      .get(`/api/tickets/${target.id}/responses`)
      .set(authHeader(customer2));
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.body)).not.toContain('555-0100');
    // The source's requester is a participant of the target from now on.
    const ccs = await t.prisma.ticketCc.findMany({ where: { ticketId: target.id } });
    expect(ccs.map((c) => c.email)).toHaveLength(1);
  });

  it('refuses itself, a CLOSED target, a CLOSED source, another organization and customers', async () => {
    const a = await newTicket(customer);
    const b = await newTicket(customer);
    expect((await merge(a.id, { targetId: a.reference })).body.code).toBe('merge_into_self');
    const closed = await t
      .http()
      .patch(`/api/tickets/${b.id}`)
      .set(authHeader(agent))
      .send({ status: 'CLOSED' });
    expect(closed.status).toBe(200);
    const intoClosed = await merge(a.id, { targetId: b.id });
    expect([intoClosed.status, intoClosed.body.code]).toEqual([409, 'target_closed']);
    const fromClosed = await merge(b.id, { targetId: a.id });
    expect([fromClosed.status, fromClosed.body.code]).toEqual([409, 'ticket_closed']);
    expect((await merge(a.id, { targetId: b.id }, globexAgent)).status).toBe(404);
    expect((await merge(a.id, { targetId: b.id }, customer)).status).toBe(403);
    const bad = await merge(a.id, { targetId: '' });
    expect(bad.status).toBe(400);
    // Nothing moved on the refusals.
    expect(await responsesOf(a.id)).toHaveLength(0);
  });

  it('is open to API keys with tickets:write', async () => {
    const target = await newTicket(customer);
    const source = await newTicket(customer);
    const res = await t
      .http()
      .post(`/api/tickets/${source.id}/merge`)
      .set('Authorization', `Bearer ${apiKey}`)
      .send({ targetId: target.id });
    expect(res.status).toBe(200);
  });
});

describe('/api/tickets/:id/links', () => {
  const link = (id: string, body: object, token = agent) =>
    t.http().post(`/api/tickets/${id}/links`).set(authHeader(token)).send(body);

  it('links related, parent and child tickets, shown from both sides', async () => {
    const parent = await newTicket(customer, 'Outage of the payment page');
    const child = await newTicket(customer, 'Payment page shows an error');
    const other = await newTicket(customer, 'Receipt never arrived by mail');
    const created = await link(child.id, { ticketId: parent.reference, relation: 'parent' });
    expect(created.status).toBe(201);
    expect(created.body.relation).toBe('parent');
    expect(created.body.ticket.reference).toBe(parent.reference);
    expect((await link(parent.id, { ticketId: other.id, relation: 'related' })).status).toBe(201);

    const fromParent = await t.http().get(`/api/tickets/${parent.id}/links`).set(authHeader(agent));
    expect(fromParent.body.data.map((l: { relation: string }) => l.relation)).toEqual([
      'child',
      'related',
    ]);
    const activity = await t.prisma.ticketActivity.findMany({
      where: { ticketId: child.id, type: 'LINKED' },
    });
    expect(activity.map((a) => a.isInternal)).toEqual([true]);
  });

  it('refuses self links, duplicates, a second parent and cycles', async () => {
    const a = await newTicket(customer);
    const b = await newTicket(customer);
    const c = await newTicket(customer);
    expect((await link(a.id, { ticketId: a.id, relation: 'related' })).body.code).toBe(
      'link_to_self',
    );
    expect((await link(a.id, { ticketId: b.id, relation: 'child' })).status).toBe(201);
    expect((await link(b.id, { ticketId: a.id, relation: 'related' })).body.code).toBe(
      'already_linked',
    );
    expect((await link(b.id, { ticketId: c.id, relation: 'parent' })).body.code).toBe('has_parent');
    expect((await link(b.id, { ticketId: c.id, relation: 'child' })).status).toBe(201);
    // c is b's child, b is a's: a as c's child closes a cycle.
    expect((await link(c.id, { ticketId: a.id, relation: 'child' })).body.code).toBe('link_cycle');
    expect((await link(a.id, { ticketId: b.id, relation: 'related' }, customer)).status).toBe(403);
    expect((await link(a.id, { ticketId: b.id, relation: 'related' }, globexAgent)).status).toBe(
      404,
    );
  });

  it('holds a parent open while a child is, unless forced with a reason', async () => {
    const parent = await newTicket(customer);
    const child = await newTicket(customer);
    expect((await link(parent.id, { ticketId: child.id, relation: 'child' })).status).toBe(201);
    const resolve = (body: object) =>
      t.http().patch(`/api/tickets/${parent.id}`).set(authHeader(agent)).send(body);
    const held = await resolve({ status: 'RESOLVED' });
    expect([held.status, held.body.code]).toEqual([409, 'open_children']);
    expect(held.body.detail).toContain(child.reference);
    expect((await resolve({ status: 'RESOLVED', force: true })).status).toBe(400);
    const forced = await resolve({ status: 'RESOLVED', force: true, reason: 'Fixed upstream' });
    expect([forced.status, forced.body.status]).toEqual([200, 'RESOLVED']);
  });

  it('removes a link from either side', async () => {
    const a = await newTicket(customer);
    const b = await newTicket(customer);
    const created = await link(a.id, { ticketId: b.id, relation: 'related' });
    const removed = await t
      .http()
      .delete(`/api/tickets/${b.id}/links/${created.body.id}`)
      .set(authHeader(admin));
    expect(removed.status).toBe(204);
    const again = await t
      .http()
      .delete(`/api/tickets/${b.id}/links/${created.body.id}`)
      .set(authHeader(admin));
    expect(again.status).toBe(404);
    const list = await t.http().get(`/api/tickets/${a.id}/links`).set(authHeader(agent));
    expect(list.body.data).toEqual([]);
  });
});

describe('PATCH resolutionNote', () => {
  it('is shown to the requester and in the resolved event, editable until CLOSED', async () => {
    const ticket = await newTicket(customer);
    const patch = (body: object, token = agent) =>
      t.http().patch(`/api/tickets/${ticket.id}`).set(authHeader(token)).send(body);
    const resolved = await patch({
      status: 'RESOLVED',
      resolutionNote: 'Refunded the second charge.',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.resolutionNote).toBe('Refunded the second charge.');
    const mine = await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(customer));
    expect(mine.body.resolutionNote).toBe('Refunded the second charge.');
    expect((await patch({ resolutionNote: 'x' }, customer)).status).toBe(403);
    expect((await patch({ resolutionNote: 'y'.repeat(2001) })).status).toBe(400);
    const cleared = await patch({ resolutionNote: '' });
    expect(cleared.body.resolutionNote).toBeNull();
    const rows = await t.prisma.ticketActivity.findMany({
      where: { ticketId: ticket.id, type: 'RESOLUTION_NOTE_CHANGED' },
    });
    expect(rows.map((r) => r.isInternal)).toEqual([false, false]);
    expect((await patch({ status: 'CLOSED' })).status).toBe(200);
    expect((await patch({ resolutionNote: 'Too late' })).body.code).toBe('ticket_closed');
  });
});
