// Claim and unclaim (docs/api.md `POST /api/tickets/:id/claim|unclaim`; docs/product.md "Roles": "claim is
// atomic: two agents claiming at once, one wins, the other gets 409").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createApiKey, createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let admin: string;
let agent: string;
let agent2: string;
let customer: string;
let globexAgent: string;
let apiKey: string;
let agentId: string;
let agent2Id: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const { organization, users } = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT', name: 'Alex Agent' },
    agent2: { role: 'AGENT', name: 'Camille Tremblay' },
    customer: { role: 'CUSTOMER' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { agent: { role: 'AGENT' } });
  ({ admin, agent, agent2, customer } = await signInAll(t, users));
  globexAgent = await signIn(t, globex.users.agent);
  agentId = users.agent.id;
  agent2Id = users.agent2.id;
  apiKey = (
    await createApiKey(t.prisma, {
      organizationId: organization.id,
      name: 'CRM sync',
      role: 'AGENT',
      createdById: users.admin.id,
    })
  ).key;
});
afterAll(async () => t?.close());

/** A fresh, unassigned NEW ticket requested by `customer`, through the API. */
async function newTicket(): Promise<{ id: string; reference: string; version: number }> {
  const res = await t.http().post('/api/tickets').set(authHeader(customer)).send({
    subject: 'Wrong size delivered',
    description: 'I ordered a medium and got a small, order A-31.',
  });
  expect(res.status).toBe(201);
  return res.body;
}

const claim = (id: string, token: string) =>
  t.http().post(`/api/tickets/${id}/claim`).set(authHeader(token));
const unclaim = (id: string, token: string) =>
  t.http().post(`/api/tickets/${id}/unclaim`).set(authHeader(token));
const activityOf = (ticketId: string) =>
  t.prisma.ticketActivity.findMany({
    where: { ticketId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });

describe('POST /api/tickets/:id/claim', () => {
  it('assigns the caller, moves NEW to OPEN, bumps the version once and writes CLAIMED (internal) + STATUS_CHANGED', async () => {
    const ticket = await newTicket();
    const res = await claim(ticket.id, agent);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toMatchObject({
      status: 'OPEN',
      assignee: { id: agentId, name: 'Alex Agent' },
      version: 2,
    });
    const rows = await activityOf(ticket.id);
    expect(rows.map((r) => [r.type, r.isInternal])).toEqual([
      ['CREATED', false],
      ['CLAIMED', true],
      ['STATUS_CHANGED', false],
    ]);
    expect(rows[1]).toMatchObject({
      before: { assignee: null },
      after: { assignee: { id: agentId, name: 'Alex Agent' } },
    });
    expect(rows[2]).toMatchObject({ before: { status: 'NEW' }, after: { status: 'OPEN' } });

    // The requester sees that it is assigned, not to whom.
    const asCustomer = await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(customer));
    expect(asCustomer.body.assignee).toEqual({ assigned: true });
    expect(JSON.stringify(asCustomer.body)).not.toContain('Alex Agent');
  });

  it('is idempotent for the assignee: 200, same version, no new activity', async () => {
    const ticket = await newTicket();
    await claim(ticket.id, agent).expect(200);
    const again = await claim(ticket.reference, agent);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ version: 2, assignee: { id: agentId } });
    expect(await activityOf(ticket.id)).toHaveLength(3);
  });

  it("answers 409 already_claimed for another agent's ticket, changing nothing", async () => {
    const ticket = await newTicket();
    await claim(ticket.id, agent2).expect(200);
    for (const token of [agent, admin]) {
      const res = await claim(ticket.id, token);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'already_claimed', status: 409 });
      expect(res.body.detail).toContain('Camille Tremblay');
    }
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row).toMatchObject({ assigneeId: agent2Id, version: 2 });
  });

  it('keeps the status of a ticket that is not NEW', async () => {
    const ticket = await newTicket();
    await t
      .http()
      .patch(`/api/tickets/${ticket.id}`)
      .set(authHeader(admin))
      .send({ status: 'WAITING_ON_CUSTOMER' })
      .expect(200);
    const res = await claim(ticket.id, admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'WAITING_ON_CUSTOMER', version: 3 });
    expect((await activityOf(ticket.id)).map((r) => r.type)).toEqual([
      'CREATED',
      'STATUS_CHANGED',
      'CLAIMED',
    ]);
  });

  it('is for signed-in agents and admins: customer 403, API key 403, another organization 404, CLOSED 409', async () => {
    const ticket = await newTicket();
    const asCustomer = await claim(ticket.id, customer);
    expect(asCustomer.status).toBe(403);
    expect(asCustomer.body.code).toBe('forbidden');
    expect((await claim(ticket.id, apiKey)).status).toBe(403);
    expect((await claim(ticket.id, globexAgent)).status).toBe(404);
    expect((await t.http().post(`/api/tickets/${ticket.id}/claim`)).status).toBe(401);
    expect((await claim('00000000-0000-4000-8000-000000000000', agent)).status).toBe(404);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).version).toBe(1);

    await t
      .http()
      .patch(`/api/tickets/${ticket.id}`)
      .set(authHeader(agent))
      .send({ status: 'CLOSED' })
      .expect(200);
    const closed = await claim(ticket.id, agent);
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('ticket_closed');
  });

  it('lets exactly one of two agents win 10 parallel claims', async () => {
    const ticket = await newTicket();
    const callers = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? agent : agent2));
    const results = await Promise.all(callers.map((token) => claim(ticket.id, token)));
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    const winner = row.assigneeId === agentId ? agent : agent2;
    expect([agentId, agent2Id]).toContain(row.assigneeId);
    results.forEach((res, i) => {
      if (callers[i] === winner) {
        expect(res.status).toBe(200);
        expect(res.body.assignee.id).toBe(row.assigneeId);
      } else {
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('already_claimed');
      }
    });
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect(row).toMatchObject({ status: 'OPEN', version: 2 });
    const types = (await activityOf(ticket.id)).map((r) => r.type);
    expect(types).toEqual(['CREATED', 'CLAIMED', 'STATUS_CHANGED']);
  });

  it('lets exactly one of three different callers win, once each, at the same moment', async () => {
    for (let round = 0; round < 3; round++) {
      const ticket = await newTicket();
      const results = await Promise.all(
        [agent, agent2, admin].map((token) => claim(ticket.id, token)),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      expect(
        await t.prisma.ticketActivity.count({ where: { ticketId: ticket.id, type: 'CLAIMED' } }),
      ).toBe(1);
    }
  });
});

describe('POST /api/tickets/:id/unclaim', () => {
  it('releases the ticket for its assignee, keeps the status, and writes UNCLAIMED (internal)', async () => {
    const ticket = await newTicket();
    await claim(ticket.id, agent).expect(200);
    const res = await unclaim(ticket.id, agent);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"3"');
    expect(res.body).toMatchObject({ assignee: null, status: 'OPEN', version: 3 });
    const last = (await activityOf(ticket.id)).at(-1);
    expect(last).toMatchObject({
      type: 'UNCLAIMED',
      isInternal: true,
      before: { assignee: { id: agentId, name: 'Alex Agent' } },
      after: { assignee: null },
    });
    // Now free for anyone.
    expect((await claim(ticket.id, agent2)).status).toBe(200);
  });

  it('answers 409 not_assignee to anyone but the assignee, and when nobody has it', async () => {
    const ticket = await newTicket();
    const unassigned = await unclaim(ticket.id, agent);
    expect(unassigned.status).toBe(409);
    expect(unassigned.body.code).toBe('not_assignee');
    await claim(ticket.id, agent).expect(200);
    for (const token of [agent2, admin]) {
      const res = await unclaim(ticket.id, token);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('not_assignee');
      expect(res.body.detail).toContain('Alex Agent');
    }
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row).toMatchObject({ assigneeId: agentId, version: 2 });
  });

  it('is for signed-in agents and admins: customer 403, API key 403, another organization 404', async () => {
    const ticket = await newTicket();
    await claim(ticket.id, agent).expect(200);
    expect((await unclaim(ticket.id, customer)).status).toBe(403);
    expect((await unclaim(ticket.id, apiKey)).status).toBe(403);
    expect((await unclaim(ticket.id, globexAgent)).status).toBe(404);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).assigneeId).toBe(
      agentId,
    );
  });

  it('lets only one of parallel unclaim calls release the ticket', async () => {
    const ticket = await newTicket();
    await claim(ticket.id, agent).expect(200);
    const results = await Promise.all(Array.from({ length: 5 }, () => unclaim(ticket.id, agent)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect(
      await t.prisma.ticketActivity.count({ where: { ticketId: ticket.id, type: 'UNCLAIMED' } }),
    ).toBe(1);
  });
});
