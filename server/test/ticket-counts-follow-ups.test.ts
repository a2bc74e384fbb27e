/**
 * What the customer portal needs from the tickets API beyond the list:
 * - `GET /api/tickets/counts`: counts by status over exactly the tickets the caller may see
 *   (customers their own, staff their organization's, never deleted ones);
 * - follow-ups (docs/product.md "Ticket": CLOSED is final; a follow-up is a new ticket linked to the old
 *   one): `followUpOf` on create links to a CLOSED ticket the caller may see, and the ticket shows
 *   it as `followUpOf: {id, reference}`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TICKET_STATUSES } from '../src/lib/domain.js';
import { createTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
let agent: string;
let admin: string;
let customer: string;
let customer2: string;
let globexAdmin: string;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  t = await createTestApp();
  [agent, admin, customer, customer2, globexAdmin] = (await Promise.all(
    [
      'agent@acme.test',
      'admin@acme.test',
      'customer@acme.test',
      'customer2@acme.test',
      'admin@globex.test',
    ].map((e) => t.login(e)),
  )) as [string, string, string, string, string];
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

async function createTicket(token: string, body: object = {}) {
  const res = await t
    .http()
    .post('/api/tickets')
    .set(auth(token))
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
    .set(auth(token))
    .send({ status: 'CLOSED' });
  expect(res.status).toBe(200);
  return res.body;
}

describe('GET /api/tickets/counts', () => {
  it("counts a customer's own tickets only, every status present", async () => {
    const user = await t.prisma.user.findFirstOrThrow({ where: { email: 'customer@acme.test' } });
    const res = await t.http().get('/api/tickets/counts').set(auth(customer));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.byStatus).sort()).toEqual([...TICKET_STATUSES].sort());
    expect(res.body).toEqual(
      await countsInDatabase({ organizationId: user.organizationId, requesterId: user.id }),
    );
    // The demo customer has some tickets, but far from all of the organization's.
    expect(res.body.total).toBeGreaterThan(0);
    const staff = await t.http().get('/api/tickets/counts').set(auth(agent));
    expect(staff.body.total).toBeGreaterThan(res.body.total);
  });

  it("counts the organization's tickets for staff, and no other organization's", async () => {
    const acme = await t.prisma.organization.findUniqueOrThrow({ where: { slug: 'acme' } });
    const globex = await t.prisma.organization.findUniqueOrThrow({ where: { slug: 'globex' } });
    const res = await t.http().get('/api/tickets/counts').set(auth(agent));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(await countsInDatabase({ organizationId: acme.id }));
    const other = await t.http().get('/api/tickets/counts').set(auth(globexAdmin));
    expect(other.body).toEqual(await countsInDatabase({ organizationId: globex.id }));
    expect(other.body.total).not.toBe(res.body.total);
  });

  it('follows new, closed and deleted tickets', async () => {
    const before = (await t.http().get('/api/tickets/counts').set(auth(customer2))).body;
    const created = await createTicket(customer2);
    expect(created.status).toBe(201);
    const afterCreate = (await t.http().get('/api/tickets/counts').set(auth(customer2))).body;
    expect(afterCreate.byStatus.NEW).toBe(before.byStatus.NEW + 1);
    expect(afterCreate.total).toBe(before.total + 1);

    await closeTicket(customer2, created.body.id);
    const afterClose = (await t.http().get('/api/tickets/counts').set(auth(customer2))).body;
    expect(afterClose.byStatus.NEW).toBe(before.byStatus.NEW);
    expect(afterClose.byStatus.CLOSED).toBe(before.byStatus.CLOSED + 1);

    const deleted = await t.http().delete(`/api/tickets/${created.body.id}`).set(auth(admin));
    expect(deleted.status).toBe(204);
    const afterDelete = (await t.http().get('/api/tickets/counts').set(auth(customer2))).body;
    expect(afterDelete).toEqual(before);
  });

  it('needs credentials', async () => {
    const res = await t.http().get('/api/tickets/counts');
    expect(res.status).toBe(401);
  });
});

describe('follow-up tickets (POST /api/tickets followUpOf)', () => {
  it('links a follow-up to the CLOSED ticket it continues, for its requester and for staff', async () => {
    const original = (await createTicket(customer)).body;
    const closed = await closeTicket(customer, original.id);
    expect(closed.followUpOf).toBeNull();

    const res = await createTicket(customer, {
      subject: `Follow-up to ${original.reference}`,
      followUpOf: original.reference.toLowerCase(),
    });
    expect(res.status).toBe(201);
    expect(res.body.followUpOf).toEqual({ id: original.id, reference: original.reference });
    expect(res.body.status).toBe('NEW');

    const asCustomer = await t.http().get(`/api/tickets/${res.body.id}`).set(auth(customer));
    expect(asCustomer.body.followUpOf).toEqual({ id: original.id, reference: original.reference });
    const asAgent = await t.http().get(`/api/tickets/${res.body.id}`).set(auth(agent));
    expect(asAgent.body.followUpOf).toEqual({ id: original.id, reference: original.reference });

    // Staff read it in the CREATED activity too.
    const activity = await t.http().get(`/api/tickets/${res.body.id}/activity`).set(auth(agent));
    const createdRow = activity.body.data.find((a: { type: string }) => a.type === 'CREATED');
    expect(createdRow.after.followUpOf).toBe(original.reference);
  });

  it('refuses a ticket that is not CLOSED: the requester replies to it instead', async () => {
    const open = (await createTicket(customer)).body;
    const res = await createTicket(customer, { followUpOf: open.reference });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'followUpOf', message: `${open.reference} is not CLOSED: reply to it instead` },
    ]);
  });

  it("refuses another customer's ticket, another organization's and an unknown one alike", async () => {
    const theirs = (await createTicket(customer2)).body;
    await closeTicket(customer2, theirs.id);
    const globexTicket = (
      await createTicket(globexAdmin, {
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
      const res = await createTicket(token, { followUpOf });
      expect(res.status, followUpOf).toBe(400);
      expect(res.body.errors).toEqual([
        { path: 'followUpOf', message: `no ticket "${followUpOf}"` },
      ]);
    }
    // Nothing half-written.
    expect(await t.prisma.ticket.count()).toBe(countBefore);
  });

  it("shows a customer the link only to a ticket of theirs (staff may file someone else's)", async () => {
    const theirs = (await createTicket(customer2)).body;
    await closeTicket(customer2, theirs.id);
    const customerUser = await t.prisma.user.findFirstOrThrow({
      where: { email: 'customer@acme.test' },
    });
    const filed = await createTicket(agent, {
      requesterId: customerUser.id,
      followUpOf: theirs.reference,
    });
    expect(filed.status).toBe(201);
    expect(filed.body.followUpOf).toEqual({ id: theirs.id, reference: theirs.reference });

    const asCustomer = await t.http().get(`/api/tickets/${filed.body.id}`).set(auth(customer));
    expect(asCustomer.status).toBe(200);
    expect(asCustomer.body.followUpOf).toBeNull();
  });
});
