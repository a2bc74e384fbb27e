/**
 * What the customer portal needs from the tickets API beyond the list:
 * - `GET /api/tickets/counts`: counts by status over exactly the tickets the caller may see
 *   (customers their own, staff their organization's, never deleted ones);
 * - follow-ups (docs/product.md "Ticket": CLOSED is final; a follow-up is a new ticket linked to the old
 *   one): `followUpOf` on create links to a CLOSED ticket the caller may see, and the ticket shows
 *   it as `followUpOf: {id, reference}`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../src/generated/prisma/client.js';
import { TICKET_STATUSES } from '../src/lib/domain.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers, createTicket } from './helpers/factories.js';

let t: TestApp;
let agent: string;
let admin: string;
let customer: string;
let customer2: string;
let globexAdmin: string;

let customerUser: User;
let globexOrganizationId: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const acme = await createOrganizationWithUsers(t.prisma, {
    agent: { role: 'AGENT' },
    admin: { role: 'ADMIN' },
    customer: { role: 'CUSTOMER' },
    customer2: { role: 'CUSTOMER' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { admin: { role: 'ADMIN' } });
  ({ agent, admin, customer, customer2 } = await signInAll(t, acme.users));
  globexAdmin = await signIn(t, globex.users.admin);
  customerUser = acme.users.customer;
  globexOrganizationId = globex.organization.id;
  // Tickets in several statuses: some of the customer's, one deleted (never counted), one of
  // the other customer's, some of guests'; and a few of another organization's.
  const acmeId = acme.organization.id;
  for (const status of ['NEW', 'OPEN', 'RESOLVED', 'CLOSED'] as const)
    await createTicket(t.prisma, { requesterId: customerUser.id, status });
  await createTicket(t.prisma, { requesterId: customerUser.id, deletedAt: new Date() });
  await createTicket(t.prisma, {
    requesterId: acme.users.customer2.id,
    status: 'WAITING_ON_CUSTOMER',
  });
  for (const status of ['NEW', 'IN_PROGRESS', 'ON_HOLD', 'CLOSED'] as const)
    await createTicket(t.prisma, { organizationId: acmeId, status });
  for (const status of ['NEW', 'OPEN'] as const)
    await createTicket(t.prisma, { organizationId: globex.organization.id, status });
});
afterAll(async () => t?.close());

/** Counts by status straight from the database, for a where-clause. */
async function countsInDatabase(where: { organizationId: string; requesterId?: string }) {
  const byStatus = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0]));
  const rows = await t.prisma.ticket.groupBy({
    by: ['status'],
    where: { ...where, deletedAt: null },
    _count: { _all: true },
  });
  for (const row of rows) byStatus[row.status] = row._count._all;
  return { byStatus, total: rows.reduce((sum, row) => sum + row._count._all, 0) };
}

async function postTicket(token: string, body: object = {}) {
  const res = await t
    .http()
    .post('/api/tickets')
    .set(authHeader(token))
    .send({
      subject: 'Parcel never arrived',
      description: 'The tracking page has said "out for delivery" for a week now.',
      ...body,
    });
  return res;
}

async function closeTicket(token: string, id: string) {
  const res = await t
    .http()
    .patch(`/api/tickets/${id}`)
    .set(authHeader(token))
    .send({ status: 'CLOSED' });
  expect(res.status).toBe(200);
  return res.body;
}

describe('GET /api/tickets/counts', () => {
  it("counts a customer's own tickets only, every status present", async () => {
    const user = customerUser;
    const res = await t.http().get('/api/tickets/counts').set(authHeader(customer));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.byStatus).sort()).toEqual([...TICKET_STATUSES].sort());
    // `unread`: the requester's "New reply" count (test/me-notifications.test.ts).
    const { unread, ...counts } = res.body as Record<string, unknown>;
    expect(typeof unread).toBe('number');
    expect(counts).toEqual(
      await countsInDatabase({ organizationId: user.organizationId, requesterId: user.id }),
    );
    // The customer has some tickets, but far from all of the organization's.
    expect(res.body.total).toBeGreaterThan(0);
    const staff = await t.http().get('/api/tickets/counts').set(authHeader(agent));
    expect(staff.body.total).toBeGreaterThan(res.body.total);
  });

  it("counts the organization's tickets for staff, and no other organization's", async () => {
    const res = await t.http().get('/api/tickets/counts').set(authHeader(agent));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      await countsInDatabase({ organizationId: customerUser.organizationId }),
    );
    const other = await t.http().get('/api/tickets/counts').set(authHeader(globexAdmin));
    expect(other.body).toEqual(await countsInDatabase({ organizationId: globexOrganizationId }));
    expect(other.body.total).not.toBe(res.body.total);
  });

  it('follows new, closed and deleted tickets', async () => {
    const before = (await t.http().get('/api/tickets/counts').set(authHeader(customer2))).body;
    const created = await postTicket(customer2);
    expect(created.status).toBe(201);
    const afterCreate = (await t.http().get('/api/tickets/counts').set(authHeader(customer2))).body;
    expect(afterCreate.byStatus.NEW).toBe(before.byStatus.NEW + 1);
    expect(afterCreate.total).toBe(before.total + 1);

    await closeTicket(customer2, created.body.id);
    const afterClose = (await t.http().get('/api/tickets/counts').set(authHeader(customer2))).body;
    expect(afterClose.byStatus.NEW).toBe(before.byStatus.NEW);
    expect(afterClose.byStatus.CLOSED).toBe(before.byStatus.CLOSED + 1);

    const deleted = await t.http().delete(`/api/tickets/${created.body.id}`).set(authHeader(admin));
    expect(deleted.status).toBe(204);
    const afterDelete = (await t.http().get('/api/tickets/counts').set(authHeader(customer2))).body;
    expect(afterDelete).toEqual(before);
  });

  it('needs credentials', async () => {
    const res = await t.http().get('/api/tickets/counts');
    expect(res.status).toBe(401);
  });
});

describe('follow-up tickets (POST /api/tickets followUpOf)', () => {
  it('links a follow-up to the CLOSED ticket it continues, for its requester and for staff', async () => {
    const original = (await postTicket(customer)).body;
    const closed = await closeTicket(customer, original.id);
    expect(closed.followUpOf).toBeNull();

    const res = await postTicket(customer, {
      subject: `Follow-up to ${original.reference}`,
      followUpOf: original.reference.toLowerCase(),
    });
    expect(res.status).toBe(201);
    expect(res.body.followUpOf).toEqual({ id: original.id, reference: original.reference });
    expect(res.body.status).toBe('NEW');

    const asCustomer = await t.http().get(`/api/tickets/${res.body.id}`).set(authHeader(customer));
    expect(asCustomer.body.followUpOf).toEqual({ id: original.id, reference: original.reference });
    const asAgent = await t.http().get(`/api/tickets/${res.body.id}`).set(authHeader(agent));
    expect(asAgent.body.followUpOf).toEqual({ id: original.id, reference: original.reference });

    // Staff read it in the CREATED activity too.
    const activity = await t
      .http()
      .get(`/api/tickets/${res.body.id}/activity`)
      .set(authHeader(agent));
    const createdRow = activity.body.data.find((a: { type: string }) => a.type === 'CREATED');
    expect(createdRow.after.followUpOf).toBe(original.reference);
  });

  it('refuses a ticket that is not CLOSED: the requester replies to it instead', async () => {
    const open = (await postTicket(customer)).body;
    const res = await postTicket(customer, { followUpOf: open.reference });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'followUpOf', message: `${open.reference} is not CLOSED: reply to it instead` },
    ]);
  });

  it("refuses another customer's ticket, another organization's and an unknown one alike", async () => {
    const theirs = (await postTicket(customer2)).body;
    await closeTicket(customer2, theirs.id);
    const globexTicket = (
      await postTicket(globexAdmin, {
        requesterName: 'Gil Globex',
        requesterEmail: 'gil@globex.example',
      })
    ).body;
    await closeTicket(globexAdmin, globexTicket.id);
    const countBefore = await t.prisma.ticket.count();

    for (const [token, followUpOf] of [
      [customer, theirs.reference],
      [customer, theirs.id],
      [agent, globexTicket.id],
      [customer, 'TKT-99999'],
      [customer, 'not a reference'],
    ] as const) {
      const res = await postTicket(token, { followUpOf });
      expect(res.status, followUpOf).toBe(400);
      expect(res.body.errors).toEqual([
        { path: 'followUpOf', message: `no ticket "${followUpOf}"` },
      ]);
    }
    // Nothing half-written.
    expect(await t.prisma.ticket.count()).toBe(countBefore);
  });

  it("shows a customer the link only to a ticket of theirs (staff may file someone else's)", async () => {
    const theirs = (await postTicket(customer2)).body;
    await closeTicket(customer2, theirs.id);
    const filed = await postTicket(agent, {
      requesterId: customerUser.id,
      followUpOf: theirs.reference,
    });
    expect(filed.status).toBe(201);
    expect(filed.body.followUpOf).toEqual({ id: theirs.id, reference: theirs.reference });

    const asCustomer = await t
      .http()
      .get(`/api/tickets/${filed.body.id}`)
      .set(authHeader(customer));
    expect(asCustomer.status).toBe(200);
    expect(asCustomer.body.followUpOf).toBeNull();
  });
});
