// Saved views of the ticket list (docs/product.md "Dashboard": saved views): owner-only, org-scoped,
// filters validated by GET /api/tickets' own query schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createApiKey, createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let agent: string;
let agent2: string;
let admin: string;
let customer: string;
let globexAdmin: string;
let agentKey: string;
const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const { organization, users } = await createOrganizationWithUsers(t.prisma, {
    agent: { role: 'AGENT' },
    agent2: { role: 'AGENT' },
    admin: { role: 'ADMIN' },
    customer: { role: 'CUSTOMER' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { admin: { role: 'ADMIN' } });
  ({ agent, agent2, admin, customer } = await signInAll(t, users));
  globexAdmin = await signIn(t, globex.users.admin);
  agentKey = (
    await createApiKey(t.prisma, {
      organizationId: organization.id,
      name: 'views key',
      role: 'AGENT',
      createdById: users.admin.id,
    })
  ).key;
});
afterAll(async () => t?.close());

async function createView(token: string, body: object) {
  return t.http().post('/api/saved-views').set(authHeader(token)).send(body);
}

describe('saved views', () => {
  it('creates, lists, renames, changes and deletes a view of its owner', async () => {
    const created = await createView(agent, {
      name: 'My open',
      filters: { status: 'NEW,OPEN,IN_PROGRESS', assigneeId: 'me', sortBy: 'updatedAt' },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.location).toBe(`/api/saved-views/${created.body.id}`);
    expect(created.body).toMatchObject({
      name: 'My open',
      filters: { status: 'NEW,OPEN,IN_PROGRESS', assigneeId: 'me', sortBy: 'updatedAt' },
    });

    await createView(agent, {
      name: 'Unassigned critical',
      filters: { priority: 'CRITICAL', assigneeId: 'none' },
    });
    const list = await t.http().get('/api/saved-views').set(authHeader(agent));
    expect(list.status).toBe(200);
    expect(list.body.data.map((v: { name: string }) => v.name)).toEqual([
      'My open',
      'Unassigned critical',
    ]);

    const renamed = await t
      .http()
      .patch(`/api/saved-views/${created.body.id}`)
      .set(authHeader(agent))
      .send({ name: 'Mine, open' });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.name).toBe('Mine, open');
    expect(renamed.body.filters.assigneeId).toBe('me');

    const refiltered = await t
      .http()
      .patch(`/api/saved-views/${created.body.id}`)
      .set(authHeader(agent))
      .send({ filters: { q: 'refund' } });
    expect(refiltered.status).toBe(200);
    expect(refiltered.body.filters).toEqual({ q: 'refund' });

    const removed = await t
      .http()
      .delete(`/api/saved-views/${created.body.id}`)
      .set(authHeader(agent));
    expect(removed.status).toBe(204);
    const after = await t.http().get('/api/saved-views').set(authHeader(agent));
    expect(after.body.data.map((v: { name: string }) => v.name)).toEqual(['Unassigned critical']);
  });

  it('keeps views to their owner: another user, admin or organization gets 404 and sees none', async () => {
    const view = await createView(agent, { name: 'Private view', filters: {} });
    expect(view.status).toBe(201);
    for (const token of [agent2, admin, globexAdmin]) {
      const list = await t.http().get('/api/saved-views').set(authHeader(token));
      expect(list.status).toBe(200);
      expect(list.body.data.map((v: { id: string }) => v.id)).not.toContain(view.body.id);
      const patch = await t
        .http()
        .patch(`/api/saved-views/${view.body.id}`)
        .set(authHeader(token))
        .send({ name: 'Taken over' });
      expect(patch.status).toBe(404);
      expect(patch.body.code).toBe('not_found');
      const del = await t.http().delete(`/api/saved-views/${view.body.id}`).set(authHeader(token));
      expect(del.status).toBe(404);
    }
    const mine = await t.http().get('/api/saved-views').set(authHeader(agent));
    expect(mine.body.data.map((v: { name: string }) => v.name)).toContain('Private view');
  });

  it('refuses customers and API keys (403) and anonymous callers (401)', async () => {
    expect((await t.http().get('/api/saved-views').set(authHeader(customer))).status).toBe(403);
    expect((await t.http().get('/api/saved-views').set(authHeader(agentKey))).status).toBe(403);
    expect((await createView(customer, { name: 'x', filters: {} })).status).toBe(403);
    expect((await t.http().get('/api/saved-views')).status).toBe(401);
  });

  it('validates filters with the ticket list schema, naming the field', async () => {
    const badStatus = await createView(agent, { name: 'Bad', filters: { status: 'OPEN,LOST' } });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.code).toBe('validation_failed');
    expect(paths(badStatus.body)).toContain('filters.status');

    const badDate = await createView(agent, { name: 'Bad', filters: { createdFrom: 'yesterday' } });
    expect(badDate.status).toBe(400);
    expect(paths(badDate.body)).toContain('filters.createdFrom');

    const unknown = await createView(agent, { name: 'Bad', filters: { limit: '10' } });
    expect(unknown.status).toBe(400);
    expect(paths(unknown.body)).toContain('filters.limit');

    const noName = await createView(agent, { name: '  ', filters: {} });
    expect(noName.status).toBe(400);
    expect(paths(noName.body)).toContain('name');

    const emptyPatch = await t
      .http()
      .patch('/api/saved-views/00000000-0000-4000-8000-000000000000')
      .set(authHeader(agent))
      .send({});
    expect(emptyPatch.status).toBe(400);
  });

  it('answers 409 saved_view_exists for a name the owner already uses, in any case', async () => {
    expect(
      (await createView(agent2, { name: 'Billing', filters: { category: 'Billing' } })).status,
    ).toBe(201);
    const same = await createView(agent2, { name: 'billing', filters: {} });
    expect(same.status).toBe(409);
    expect(same.body.code).toBe('saved_view_exists');
    // Another user may use the same name.
    expect((await createView(admin, { name: 'Billing', filters: {} })).status).toBe(201);
    const other = await createView(agent2, { name: 'Other', filters: {} });
    const rename = await t
      .http()
      .patch(`/api/saved-views/${other.body.id}`)
      .set(authHeader(agent2))
      .send({ name: 'BILLING' });
    expect(rename.status).toBe(409);
  });

  it('saves filters that GET /api/tickets accepts as they are', async () => {
    const view = await createView(agent, {
      name: 'Round trip',
      filters: {
        status: 'OPEN',
        priority: 'HIGH,CRITICAL',
        tags: 'vip',
        sortBy: 'priority',
        sortOrder: 'asc',
      },
    });
    expect(view.status).toBe(201);
    const list = await t.http().get('/api/tickets').query(view.body.filters).set(authHeader(agent));
    expect(list.status, list.text).toBe(200);
  });
});
