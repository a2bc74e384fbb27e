// Ticket categories: everyone in the organization lists them, admins manage them
// (docs/product.md "Ticket" and roles table "manage … categories").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import {
  createAdminAndAgentKeys,
  createCategory as insertCategory,
  createOrganizationWithUsers,
} from './helpers/factories.js';

let t: TestApp;
let admin: string;
let agent: string;
let customer: string;
let globexAdmin: string;
let globexCustomer: string;
let adminKey: string;
let agentKey: string;
let acmeId: string;
const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);
const names = (body: { data: { name: string }[] }) => body.data.map((c) => c.name);

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const acme = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT' },
    customer: { role: 'CUSTOMER' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    customer: { role: 'CUSTOMER' },
  });
  ({ admin, agent, customer } = await signInAll(t, acme.users));
  ({ admin: globexAdmin, customer: globexCustomer } = await signInAll(t, globex.users));
  acmeId = acme.organization.id;
  ({ adminKey, agentKey } = await createAdminAndAgentKeys(t.prisma, acmeId, acme.users.admin.id));
  // The organization's categories: several active ones (Refund among them) and a deactivated
  // one; the other organization has its own.
  for (const name of ['Account', 'Delivery', 'Invoice', 'Order', 'Payment', 'Refund'])
    await insertCategory(t.prisma, { organizationId: acmeId, name });
  await insertCategory(t.prisma, { organizationId: acmeId, name: 'Archived', isActive: false });
  for (const name of ['Account', 'Billing'])
    await insertCategory(t.prisma, { organizationId: globex.organization.id, name });
});
afterAll(async () => t?.close());

let counter = 0;
async function createCategory(body: Record<string, unknown> = {}, token = admin) {
  counter++;
  const res = await t
    .http()
    .post('/api/categories')
    .set(authHeader(token))
    .send({ name: `Topic ${counter}`, ...body });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; name: string; description: string | null; isActive: boolean };
}

const ticketWith = (category: string) => ({
  subject: 'Question about my order',
  description: 'I would like to know when my order will be shipped, please.',
  category,
});

describe('GET /api/categories', () => {
  it("lists the organization's active categories by name, for every role", async () => {
    const expected = (
      await t.prisma.category.findMany({
        where: { organizationId: acmeId, isActive: true },
        orderBy: { name: 'asc' },
      })
    ).map((c) => c.name);
    expect(expected.length).toBeGreaterThan(5);
    for (const token of [admin, agent, customer, adminKey, agentKey]) {
      const res = await t.http().get('/api/categories').set(authHeader(token));
      expect(res.status).toBe(200);
      expect(names(res.body)).toEqual(expected);
      expect(Object.keys(res.body.data[0]).sort()).toEqual([
        'createdAt',
        'description',
        'id',
        'isActive',
        'name',
        'updatedAt',
      ]);
    }
    expect((await t.http().get('/api/categories')).status).toBe(401);
  });

  it("never shows another organization's categories", async () => {
    const mine = await createCategory({ name: 'Acme secret project' });
    const res = await t.http().get('/api/categories').set(authHeader(globexCustomer));
    expect(res.status).toBe(200);
    const ids = res.body.data.map((c: { id: string }) => c.id);
    expect(ids).not.toContain(mine.id);
    const acmeIds = (await t.prisma.category.findMany({ where: { organizationId: acmeId } })).map(
      (c) => c.id,
    );
    expect(ids.filter((id: string) => acmeIds.includes(id))).toEqual([]);
  });

  it('adds deactivated categories with includeInactive=true, for staff only', async () => {
    const old = await createCategory({ name: 'Legacy' });
    await t.http().delete(`/api/categories/${old.id}`).set(authHeader(admin)).expect(204);
    expect(
      names((await t.http().get('/api/categories').set(authHeader(agent))).body),
    ).not.toContain('Legacy');
    for (const token of [admin, agent, agentKey]) {
      const res = await t.http().get('/api/categories?includeInactive=true').set(authHeader(token));
      expect(res.status).toBe(200);
      expect(res.body.data).toContainEqual(
        expect.objectContaining({ id: old.id, isActive: false }),
      );
    }
    const refused = await t
      .http()
      .get('/api/categories?includeInactive=true')
      .set(authHeader(customer));
    expect(refused.status).toBe(403);
    expect(paths(refused.body)).toEqual(['includeInactive']);
    const bad = await t.http().get('/api/categories?includeInactive=yes').set(authHeader(agent));
    expect(bad.status).toBe(400);
    expect(paths(bad.body)).toEqual(['includeInactive']);
  });
});

describe('POST /api/categories', () => {
  it('creates an active category that tickets can use at once', async () => {
    const res = await t
      .http()
      .post('/api/categories')
      .set(authHeader(admin))
      .send({ name: '  Warranty  ', description: 'Repairs and replacements under warranty' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/categories/${res.body.id}`);
    expect(res.body).toMatchObject({
      name: 'Warranty',
      description: 'Repairs and replacements under warranty',
      isActive: true,
    });
    expect(
      (await t.prisma.category.findUniqueOrThrow({ where: { id: res.body.id } })).organizationId,
    ).toBe(acmeId);
    const ticket = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(customer))
      .send(ticketWith('warranty'));
    expect(ticket.status).toBe(201);
    expect(ticket.body.category).toBe('Warranty');
  });

  it('answers 409 category_exists for a name in use in any case, even deactivated; other organizations are separate', async () => {
    const before = await t.prisma.category.count();
    for (const name of ['refund', 'REFUND', ' Refund ']) {
      const res = await t.http().post('/api/categories').set(authHeader(admin)).send({ name });
      expect(res.status, name).toBe(409);
      expect(res.body.code).toBe('category_exists');
    }
    const retired = await createCategory({ name: 'Retired' });
    await t.http().delete(`/api/categories/${retired.id}`).set(authHeader(admin)).expect(204);
    expect(
      (await t.http().post('/api/categories').set(authHeader(admin)).send({ name: 'retired' }))
        .status,
    ).toBe(409);
    expect(await t.prisma.category.count()).toBe(before + 1);
    // LIKE wildcards are not wildcards here.
    await createCategory({ name: 'Refun_' });
    await createCategory({ name: 'Refu%' });
    // The same name in another organization is another category.
    await createCategory({ name: 'Retired' }, globexAdmin);
  });

  it('lets one of two concurrent creates of the same name (different case) win', async () => {
    const results = await Promise.all(
      ['Loyalty program', 'loyalty PROGRAM', 'LOYALTY program'].map((name) =>
        t.http().post('/api/categories').set(authHeader(admin)).send({ name }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const rows = await t.prisma.category.findMany({
      where: { organizationId: acmeId, name: { equals: 'loyalty program', mode: 'insensitive' } },
    });
    expect(rows).toHaveLength(1);
  });

  it('names each invalid field and writes nothing', async () => {
    const before = await t.prisma.category.count();
    const res = await t
      .http()
      .post('/api/categories')
      .set(authHeader(admin))
      .send({ name: '   ', description: 'x'.repeat(501), organizationId: acmeId, isActive: false });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(paths(res.body)).toEqual(
      expect.arrayContaining(['name', 'description', 'organizationId', 'isActive']),
    );
    const long = await t
      .http()
      .post('/api/categories')
      .set(authHeader(admin))
      .send({ name: 'x'.repeat(101) });
    expect(paths(long.body)).toEqual(['name']);
    expect(await t.prisma.category.count()).toBe(before);
  });

  it('is for signed-in admins only: agents, customers and API keys get 403', async () => {
    const before = await t.prisma.category.count();
    for (const token of [agent, customer, adminKey, agentKey]) {
      const res = await t
        .http()
        .post('/api/categories')
        .set(authHeader(token))
        .send({ name: 'Sneaky' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
    expect((await t.http().post('/api/categories').send({ name: 'Sneaky' })).status).toBe(401);
    expect(await t.prisma.category.count()).toBe(before);
  });
});

describe('PATCH /api/categories/:id', () => {
  it('renames (shown on its tickets), describes and clears the description', async () => {
    const category = await createCategory({ name: 'Shipping delays', description: 'Late parcels' });
    const ticket = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(agent))
      .send({
        ...ticketWith('Shipping delays'),
        requesterName: 'Maya Patel',
        requesterEmail: 'maya.patel@example.com',
      });
    expect(ticket.status).toBe(201);
    const res = await t
      .http()
      .patch(`/api/categories/${category.id}`)
      .set(authHeader(admin))
      .send({ name: 'Late deliveries', description: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: category.id, name: 'Late deliveries', description: null });
    const after = await t.http().get(`/api/tickets/${ticket.body.id}`).set(authHeader(agent));
    expect(after.body.category).toBe('Late deliveries');
    // A change of case of its own name is not a conflict.
    const recased = await t
      .http()
      .patch(`/api/categories/${category.id}`)
      .set(authHeader(admin))
      .send({ name: 'LATE deliveries' });
    expect(recased.status).toBe(200);
    expect(recased.body.name).toBe('LATE deliveries');
  });

  it("refuses another category's name (any case) with 409, and writes nothing", async () => {
    const category = await createCategory({ name: 'Gift cards' });
    const res = await t
      .http()
      .patch(`/api/categories/${category.id}`)
      .set(authHeader(admin))
      .send({ name: 'order', isActive: false });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('category_exists');
    const row = await t.prisma.category.findUniqueOrThrow({ where: { id: category.id } });
    expect(row).toMatchObject({ name: 'Gift cards', isActive: true });
  });

  it('names invalid fields and refuses an empty body', async () => {
    const category = await createCategory();
    const res = await t
      .http()
      .patch(`/api/categories/${category.id}`)
      .set(authHeader(admin))
      .send({ name: '', isActive: 'no', organizationId: 'x' });
    expect(res.status).toBe(400);
    expect(paths(res.body)).toEqual(expect.arrayContaining(['name', 'isActive', 'organizationId']));
    expect(
      (await t.http().patch(`/api/categories/${category.id}`).set(authHeader(admin)).send({}))
        .status,
    ).toBe(400);
  });

  it("answers 404 for another organization's category or an unknown id, and 403 to other roles", async () => {
    const category = await createCategory({ name: 'Acme only' });
    const other = await t
      .http()
      .patch(`/api/categories/${category.id}`)
      .set(authHeader(globexAdmin))
      .send({ name: 'Hijacked' });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('not_found');
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      expect(
        (await t.http().patch(`/api/categories/${id}`).set(authHeader(admin)).send({ name: 'X' }))
          .status,
      ).toBe(404);
    }
    for (const token of [agent, customer, adminKey, agentKey]) {
      const res = await t
        .http()
        .patch(`/api/categories/${category.id}`)
        .set(authHeader(token))
        .send({ name: 'Changed' });
      expect(res.status).toBe(403);
    }
    expect((await t.prisma.category.findUniqueOrThrow({ where: { id: category.id } })).name).toBe(
      'Acme only',
    );
  });
});

describe('DELETE /api/categories/:id', () => {
  it('deactivates: 204, it leaves the list, new tickets cannot use it, old tickets keep it; PATCH reactivates', async () => {
    const category = await createCategory({ name: 'Seasonal sale' });
    const ticket = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(customer))
      .send(ticketWith('Seasonal sale'));
    expect(ticket.status).toBe(201);

    const res = await t.http().delete(`/api/categories/${category.id}`).set(authHeader(admin));
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(
      names((await t.http().get('/api/categories').set(authHeader(customer))).body),
    ).not.toContain('Seasonal sale');
    const kept = await t.http().get(`/api/tickets/${ticket.body.id}`).set(authHeader(customer));
    expect(kept.body.category).toBe('Seasonal sale');
    const refused = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(customer))
      .send(ticketWith('Seasonal sale'));
    expect(refused.status).toBe(400);
    expect(paths(refused.body)).toEqual(['category']);
    // Idempotent.
    await t.http().delete(`/api/categories/${category.id}`).set(authHeader(admin)).expect(204);

    const back = await t
      .http()
      .patch(`/api/categories/${category.id}`)
      .set(authHeader(admin))
      .send({ isActive: true });
    expect(back.status).toBe(200);
    expect(back.body.isActive).toBe(true);
    expect(names((await t.http().get('/api/categories').set(authHeader(customer))).body)).toContain(
      'Seasonal sale',
    );
  });

  it("answers 404 for another organization's category and 403 to other roles", async () => {
    const category = await createCategory({ name: 'Keep me' });
    expect(
      (await t.http().delete(`/api/categories/${category.id}`).set(authHeader(globexAdmin))).status,
    ).toBe(404);
    for (const token of [agent, customer, adminKey, agentKey]) {
      expect(
        (await t.http().delete(`/api/categories/${category.id}`).set(authHeader(token))).status,
      ).toBe(403);
    }
    expect((await t.http().delete(`/api/categories/${category.id}`)).status).toBe(401);
    expect(
      (await t.prisma.category.findUniqueOrThrow({ where: { id: category.id } })).isActive,
    ).toBe(true);
  });
});
