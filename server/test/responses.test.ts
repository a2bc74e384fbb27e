import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let agent: string;
let customer: string;
let customer2: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const { users } = await createOrganizationWithUsers(t.prisma, {
    agent: { role: 'AGENT', name: 'Alex Agent' },
    customer: { role: 'CUSTOMER' },
    customer2: { role: 'CUSTOMER' },
  });
  ({ agent, customer, customer2 } = await signInAll(t, users));
});
afterAll(async () => t?.close());

/** A fresh ticket requested by `customer`, through the API. */
async function customerTicket(): Promise<{ id: string; reference: string }> {
  const res = await t.http().post('/api/tickets').set(authHeader(customer)).send({
    subject: 'My parcel never arrived',
    description: 'Order A-77 was due last week and has not arrived.',
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe('responses', () => {
  it('keeps internal notes from customers on every read path', async () => {
    const ticket = await customerTicket();
    const note = await t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(agent))
      .send({ content: 'SECRET: carrier lost it, refund quietly', isInternal: true });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({
      isInternal: true,
      authorType: 'AGENT',
      author: { name: 'Alex Agent' },
    });
    const reply = await t
      .http()
      .post(`/api/tickets/${ticket.reference}/responses`)
      .set(authHeader(agent))
      .send({ content: 'We are checking with the carrier.' });
    expect(reply.status).toBe(201);

    const asAgent = await t
      .http()
      .get(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(agent));
    expect(asAgent.body.data.map((r: { isInternal: boolean }) => r.isInternal)).toEqual([
      true,
      false,
    ]);

    const asCustomer = await t
      .http()
      .get(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(customer));
    expect(asCustomer.status).toBe(200);
    expect(asCustomer.body.data).toHaveLength(1);
    expect(JSON.stringify(asCustomer.body)).not.toContain('SECRET');
    expect(asCustomer.body.data[0].author).not.toHaveProperty('email');
    const ticketView = await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(customer));
    expect(JSON.stringify(ticketView.body)).not.toContain('SECRET');

    const otherCustomer = await t
      .http()
      .get(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(customer2));
    expect(otherCustomer.status).toBe(404);
  });

  it('refuses internal notes from customers and writes nothing', async () => {
    const ticket = await customerTicket();
    const res = await t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(customer))
      .send({ content: 'let me in', isInternal: true });
    expect(res.status).toBe(403);
    expect(res.body.errors[0].path).toBe('isInternal');
    expect(await t.prisma.ticketResponse.count({ where: { ticketId: ticket.id } })).toBe(0);
  });

  it('sets firstRespondedAt on the first public agent reply only', async () => {
    const ticket = await customerTicket();
    await t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(agent))
      .send({ content: 'note', isInternal: true });
    let row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row.firstRespondedAt).toBeNull();
    await t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(customer))
      .send({ content: 'hello?' });
    row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row.firstRespondedAt).toBeNull();
    const first = await t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(agent))
      .send({ content: 'On it.' });
    await t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(agent))
      .send({ content: 'Update.' });
    row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row.firstRespondedAt?.toISOString()).toBe(first.body.createdAt);
    expect(row.version).toBe(5);
    const types = await t.prisma.ticketActivity.findMany({
      where: { ticketId: ticket.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(types.map((a) => a.type)).toEqual([
      'CREATED',
      'INTERNAL_NOTE_ADDED',
      'RESPONSE_ADDED',
      'RESPONSE_ADDED',
      'RESPONSE_ADDED',
    ]);
  });

  it('reopens a RESOLVED or WAITING_ON_CUSTOMER ticket when the customer replies', async () => {
    for (const status of ['RESOLVED', 'WAITING_ON_CUSTOMER'] as const) {
      const ticket = await customerTicket();
      await t.prisma.ticket.update({
        where: { id: ticket.id },
        data: { status, resolvedAt: new Date() },
      });
      const res = await t
        .http()
        .post(`/api/tickets/${ticket.id}/responses`)
        .set(authHeader(customer))
        .send({ content: 'Still broken.' });
      expect(res.status).toBe(201);
      const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
      expect(row.status).toBe('OPEN');
      expect(row.resolvedAt).toBeNull();
      const change = await t.prisma.ticketActivity.findFirstOrThrow({
        where: { ticketId: ticket.id, type: 'STATUS_CHANGED' },
      });
      expect(change.before).toEqual({ status });
      expect(change.after).toEqual({ status: 'OPEN' });
    }
  });

  it('refuses replies to a CLOSED ticket, from anyone', async () => {
    const ticket = await customerTicket();
    await t.prisma.ticket.update({
      where: { id: ticket.id },
      data: { status: 'CLOSED', closedAt: new Date() },
    });
    for (const token of [customer, agent]) {
      const res = await t
        .http()
        .post(`/api/tickets/${ticket.id}/responses`)
        .set(authHeader(token))
        .send({ content: 'Hello?' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ticket_closed');
    }
    expect(await t.prisma.ticketResponse.count({ where: { ticketId: ticket.id } })).toBe(0);
  });

  it('validates the body', async () => {
    const ticket = await customerTicket();
    const res = await t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(agent))
      .send({ content: '   ', isInternal: 'yes' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'content',
      'isInternal',
    ]);
  });
});
