// Saved views of the ticket list (docs/product.md "Views"): personal views owner-only, shared views
// (organization, group) made by admins, org-scoped, filters validated by GET /api/tickets' own
// query schema; built-in views; capped counts equal to the list's own totals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createApiKey, createOrganizationWithUsers, createTicket } from './helpers/factories.js';
import { VIEW_COUNT_CAP } from '../src/modules/saved-views/saved-views.service.js';

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

type CountRow = { viewId: string; count: number; capped: boolean };
type ViewLike = { id: string; filters: Record<string, string> };

/** The counts of `token`'s views, by view id. */
async function countsOf(token: string): Promise<Map<string, CountRow>> {
  const res = await t.http().get('/api/saved-views/counts').set(authHeader(token));
  expect(res.status, res.text).toBe(200);
  return new Map((res.body.data as CountRow[]).map((row) => [row.viewId, row]));
}

/** Every view `token` sees: the built-in ones, then the saved ones. */
async function viewsOf(token: string): Promise<ViewLike[]> {
  const builtIn = await t.http().get('/api/saved-views/built-in').set(authHeader(token));
  const saved = await t.http().get('/api/saved-views').set(authHeader(token));
  expect(builtIn.status).toBe(200);
  expect(saved.status).toBe(200);
  return [...builtIn.body.data, ...saved.body.data];
}

/** How many tickets GET /api/tickets lists for `token` with `filters` (every page). */
async function listTotal(token: string, filters: Record<string, string>): Promise<number> {
  let total = 0;
  let cursor: string | null = null;
  do {
    const res = await t
      .http()
      .get('/api/tickets')
      .query({ ...filters, limit: '100', ...(cursor ? { cursor } : {}) })
      .set(authHeader(token));
    expect(res.status, res.text).toBe(200);
    const page = res.body as { data: unknown[]; nextCursor: string | null };
    total += page.data.length;
    cursor = page.nextCursor;
  } while (cursor);
  return total;
}

describe('shared views', () => {
  let acme: Awaited<ReturnType<typeof createOrganizationWithUsers<'admin' | 'agent' | 'outsider'>>>;
  let tokens: Record<'admin' | 'agent' | 'outsider', string>;
  let memberGroupId: string;
  let otherGroupId: string;

  beforeAll(async () => {
    acme = await createOrganizationWithUsers(t.prisma, {
      admin: { role: 'ADMIN' },
      agent: { role: 'AGENT' },
      outsider: { role: 'AGENT' },
    });
    tokens = await signInAll(t, acme.users);
    memberGroupId = (
      await t.prisma.group.create({
        data: {
          organizationId: acme.organization.id,
          name: 'Billing team',
          members: { create: [{ userId: acme.users.agent.id }] },
        },
      })
    ).id;
    otherGroupId = (
      await t.prisma.group.create({
        data: { organizationId: acme.organization.id, name: 'Hardware team' },
      })
    ).id;
  });

  it('shows organization views to every agent, group views to members, personal views to their owner', async () => {
    const org = await createView(tokens.admin, {
      name: 'Everyone: urgent',
      filters: { priority: 'URGENT,CRITICAL' },
      visibility: 'organization',
      columns: ['reference', 'subject', 'priority'],
    });
    expect(org.status, org.text).toBe(201);
    expect(org.body).toMatchObject({
      visibility: 'organization',
      groupId: null,
      group: null,
      columns: ['reference', 'subject', 'priority'],
      editable: true,
    });
    const billing = await createView(tokens.admin, {
      name: 'Billing queue',
      filters: { groupId: memberGroupId },
      visibility: 'group',
      groupId: memberGroupId,
    });
    expect(billing.status, billing.text).toBe(201);
    expect(billing.body.group).toEqual({ id: memberGroupId, name: 'Billing team' });
    const hardware = await createView(tokens.admin, {
      name: 'Hardware queue',
      filters: {},
      visibility: 'group',
      groupId: otherGroupId,
    });
    expect(hardware.status).toBe(201);
    const outsiderOwn = await createView(tokens.outsider, { name: 'Mine only', filters: {} });
    expect(outsiderOwn.status).toBe(201);
    expect(outsiderOwn.body).toMatchObject({ visibility: 'personal', columns: [], editable: true });

    const seen = await t.http().get('/api/saved-views').set(authHeader(tokens.agent));
    const byId = new Map(
      (seen.body.data as { id: string; editable: boolean }[]).map((v) => [v.id, v]),
    );
    expect(byId.get(org.body.id)?.editable).toBe(false);
    expect(byId.get(billing.body.id)?.editable).toBe(false);
    expect(byId.has(hardware.body.id)).toBe(false);
    expect(byId.has(outsiderOwn.body.id)).toBe(false);

    const outsiderSees = await t.http().get('/api/saved-views').set(authHeader(tokens.outsider));
    const outsiderIds = outsiderSees.body.data.map((v: { id: string }) => v.id);
    expect(outsiderIds).toContain(org.body.id);
    expect(outsiderIds).not.toContain(billing.body.id);

    const adminSees = await t.http().get('/api/saved-views').set(authHeader(tokens.admin));
    const adminIds = adminSees.body.data.map((v: { id: string }) => v.id);
    expect(adminIds).toEqual(
      expect.arrayContaining([org.body.id, billing.body.id, hardware.body.id]),
    );
    expect(adminIds).not.toContain(outsiderOwn.body.id);

    // Another organization sees none of them.
    const globexSees = await t.http().get('/api/saved-views').set(authHeader(globexAdmin));
    const globexIds = globexSees.body.data.map((v: { id: string }) => v.id);
    expect(globexIds).not.toContain(org.body.id);
    expect(globexIds).not.toContain(billing.body.id);
  });

  it('lets only admins create, change and delete shared views (403 for agents, 404 unseen)', async () => {
    expect(
      (await createView(tokens.agent, { name: 'Share', filters: {}, visibility: 'organization' }))
        .status,
    ).toBe(403);
    const asGroup = await createView(tokens.agent, {
      name: 'Share g',
      filters: {},
      visibility: 'group',
      groupId: memberGroupId,
    });
    expect(asGroup.status).toBe(403);
    const shared = await createView(tokens.admin, {
      name: 'Shared to change',
      filters: {},
      visibility: 'organization',
    });
    expect(shared.status).toBe(201);
    const patch = await t
      .http()
      .patch(`/api/saved-views/${shared.body.id}`)
      .set(authHeader(tokens.agent))
      .send({ name: 'Hijacked' });
    expect(patch.status).toBe(403);
    const del = await t
      .http()
      .delete(`/api/saved-views/${shared.body.id}`)
      .set(authHeader(tokens.agent));
    expect(del.status).toBe(403);

    const hidden = await createView(tokens.admin, {
      name: 'Hardware only',
      filters: {},
      visibility: 'group',
      groupId: otherGroupId,
    });
    const hiddenPatch = await t
      .http()
      .patch(`/api/saved-views/${hidden.body.id}`)
      .set(authHeader(tokens.agent))
      .send({ name: 'Seen?' });
    expect(hiddenPatch.status).toBe(404);

    // An agent cannot share their own view either.
    const own = await createView(tokens.agent, { name: 'My own', filters: {} });
    const share = await t
      .http()
      .patch(`/api/saved-views/${own.body.id}`)
      .set(authHeader(tokens.agent))
      .send({ visibility: 'organization' });
    expect(share.status).toBe(403);

    // An admin changes columns and moves the view to a group.
    const moved = await t
      .http()
      .patch(`/api/saved-views/${shared.body.id}`)
      .set(authHeader(tokens.admin))
      .send({ visibility: 'group', groupId: memberGroupId, columns: ['subject', 'status'] });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({
      visibility: 'group',
      groupId: memberGroupId,
      columns: ['subject', 'status'],
    });
    expect(
      (await t.http().delete(`/api/saved-views/${shared.body.id}`).set(authHeader(tokens.admin)))
        .status,
    ).toBe(204);
  });

  it('validates visibility, group and columns, naming the field', async () => {
    const noGroup = await createView(tokens.admin, { name: 'G', filters: {}, visibility: 'group' });
    expect(noGroup.status).toBe(400);
    expect(paths(noGroup.body)).toContain('groupId');
    const foreignGroup = await t.prisma.group.create({
      data: {
        organizationId: (
          await t.prisma.user.findFirstOrThrow({
            where: { role: 'ADMIN', organizationId: { not: acme.organization.id } },
          })
        ).organizationId,
        name: 'Foreign',
      },
    });
    const foreign = await createView(tokens.admin, {
      name: 'Foreign',
      filters: {},
      visibility: 'group',
      groupId: foreignGroup.id,
    });
    expect(foreign.status).toBe(400);
    expect(paths(foreign.body)).toContain('groupId');
    const badColumn = await createView(tokens.admin, {
      name: 'Cols',
      filters: {},
      columns: ['subject', 'secret'],
    });
    expect(badColumn.status).toBe(400);
    expect(paths(badColumn.body).some((p) => p.startsWith('columns'))).toBe(true);
    const twice = await createView(tokens.admin, {
      name: 'Cols',
      filters: {},
      columns: ['subject', 'subject'],
    });
    expect(twice.status).toBe(400);
  });
});

describe('built-in views and counts', () => {
  let org: Awaited<
    ReturnType<typeof createOrganizationWithUsers<'admin' | 'agent' | 'restricted' | 'customer'>>
  >;
  let tokens: Record<'admin' | 'agent' | 'restricted' | 'customer', string>;
  let teamId: string;

  beforeAll(async () => {
    org = await createOrganizationWithUsers(t.prisma, {
      admin: { role: 'ADMIN' },
      agent: { role: 'AGENT' },
      restricted: { role: 'AGENT', groupRestricted: true },
      customer: { role: 'CUSTOMER' },
    });
    tokens = await signInAll(t, org.users);
    teamId = (
      await t.prisma.group.create({
        data: {
          organizationId: org.organization.id,
          name: 'Team',
          members: { create: [{ userId: org.users.restricted.id }] },
        },
      })
    ).id;
    const organizationId = org.organization.id;
    const agentId = org.users.agent.id;
    const restrictedId = org.users.restricted.id;
    const customerId = org.users.customer.id;
    const specs = [
      { status: 'NEW' as const },
      { status: 'OPEN' as const, assigneeId: agentId },
      { status: 'IN_PROGRESS' as const, assigneeId: agentId, groupId: teamId },
      { status: 'WAITING_ON_CUSTOMER' as const, groupId: teamId },
      { status: 'WAITING_ON_CUSTOMER' as const, assigneeId: restrictedId, groupId: teamId },
      { status: 'ON_HOLD' as const, priority: 'URGENT' as const },
      { status: 'RESOLVED' as const, assigneeId: agentId },
      { status: 'CLOSED' as const, groupId: teamId },
      { status: 'CLOSED' as const, updatedAt: new Date(Date.now() - 30 * 24 * 3600 * 1000) },
    ];
    for (const spec of specs) {
      await createTicket(t.prisma, { organizationId, requesterId: customerId, ...spec });
    }
    // A deleted ticket and another organization's tickets are never counted.
    await createTicket(t.prisma, { organizationId, status: 'NEW', deletedAt: new Date() });
    const other = await createOrganizationWithUsers(t.prisma, { agent: { role: 'AGENT' } });
    for (let i = 0; i < 3; i++) {
      await createTicket(t.prisma, { organizationId: other.organization.id, status: 'NEW' });
    }
    await createView(tokens.admin, {
      name: 'Urgent for all',
      filters: { priority: 'URGENT,CRITICAL' },
      visibility: 'organization',
    });
    await createView(tokens.admin, {
      name: 'Team queue',
      filters: { groupId: teamId, status: 'NEW,OPEN,IN_PROGRESS,WAITING_ON_CUSTOMER,ON_HOLD' },
      visibility: 'group',
      groupId: teamId,
    });
    await createView(tokens.agent, { name: 'Mine, all', filters: { assigneeId: 'me' } });
  });

  it('lists the five built-in views, whose filters GET /api/tickets accepts', async () => {
    const res = await t.http().get('/api/saved-views/built-in').set(authHeader(tokens.agent));
    expect(res.status).toBe(200);
    expect(res.body.data.map((v: { id: string }) => v.id)).toEqual([
      'builtin:my-open',
      'builtin:unassigned',
      'builtin:all-unsolved',
      'builtin:waiting-on-customer',
      'builtin:recently-solved',
    ]);
    for (const view of res.body.data as ViewLike[]) {
      const list = await t
        .http()
        .get('/api/tickets')
        .query(view.filters)
        .set(authHeader(tokens.agent));
      expect(list.status, `${view.id}: ${list.text}`).toBe(200);
    }
    expect(
      (await t.http().get('/api/saved-views/built-in').set(authHeader(tokens.customer))).status,
    ).toBe(403);
    expect((await t.http().get('/api/saved-views/counts').set(authHeader(agentKey))).status).toBe(
      403,
    );
  });

  it('counts each view exactly as the list totals it, for an agent and a restricted agent', async () => {
    for (const who of ['agent', 'restricted', 'admin'] as const) {
      const counts = await countsOf(tokens[who]);
      const views = await viewsOf(tokens[who]);
      expect(counts.size).toBe(views.length);
      for (const view of views) {
        const row = counts.get(view.id);
        expect(row, `${who} ${view.id}`).toBeDefined();
        expect(row?.capped).toBe(false);
        expect(row?.count, `${who} ${view.id}`).toBe(await listTotal(tokens[who], view.filters));
      }
    }
    // Known figures: the organization's 9 live tickets, 6 of them unsolved.
    const agent = await countsOf(tokens.agent);
    expect(agent.get('builtin:all-unsolved')?.count).toBe(6);
    expect(agent.get('builtin:my-open')?.count).toBe(2);
    expect(agent.get('builtin:unassigned')?.count).toBe(3);
    expect(agent.get('builtin:waiting-on-customer')?.count).toBe(2);
    expect(agent.get('builtin:recently-solved')?.count).toBe(2);
    // The restricted agent sees the team's tickets only, and the team view (a member).
    const restricted = await countsOf(tokens.restricted);
    expect(restricted.get('builtin:all-unsolved')?.count).toBe(3);
    expect(restricted.get('builtin:my-open')?.count).toBe(1);
    expect(restricted.get('builtin:recently-solved')?.count).toBe(1);
    const restrictedViews = await viewsOf(tokens.restricted);
    const teamView = restrictedViews.find((v) => v.filters.groupId === teamId);
    expect(teamView).toBeDefined();
    expect(restricted.get(teamView?.id ?? '')?.count).toBe(3);
    // The agent, not a member, does not get the team view's count.
    expect(agent.has(teamView?.id ?? '')).toBe(false);
  });

  it('caps a count above the cap, and counts a new ticket at once', async () => {
    const big = await createOrganizationWithUsers(t.prisma, { agent: { role: 'AGENT' } });
    const token = await signIn(t, big.users.agent);
    const rows = Array.from({ length: VIEW_COUNT_CAP + 1 }, (_, i) => ({
      organizationId: big.organization.id,
      number: i + 1,
      subject: `Bulk ticket ${i}`,
      description: 'Bulk ticket for the view cap.',
      requesterName: 'Bulk',
      requesterEmail: 'bulk@factory.test',
      status: 'OPEN' as const,
    }));
    await t.prisma.ticket.createMany({ data: rows });
    await t.prisma.organization.update({
      where: { id: big.organization.id },
      data: { ticketCounter: rows.length },
    });
    const counts = await countsOf(token);
    expect(counts.get('builtin:all-unsolved')).toEqual({
      viewId: 'builtin:all-unsolved',
      count: VIEW_COUNT_CAP,
      capped: true,
    });
    expect(counts.get('builtin:waiting-on-customer')).toMatchObject({ count: 0, capped: false });

    const before = (await countsOf(tokens.agent)).get('builtin:unassigned')?.count ?? 0;
    await createTicket(t.prisma, { organizationId: org.organization.id, status: 'NEW' });
    expect((await countsOf(tokens.agent)).get('builtin:unassigned')?.count).toBe(before + 1);
  });
});
