// The ticket lifecycle over HTTP: PATCH (fields, statuses, If-Match, roles, activity), soft
// delete and restore, and sessions (docs/api.md "Tickets"; docs/product.md "Ticket", "Roles").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../src/generated/prisma/client.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import {
  createCategory,
  createOrganizationWithUsers,
  createSlaPolicies,
} from './helpers/factories.js';

let t: TestApp;
let admin: string;
let agent: string;
let agent2: string;
let customer: string;
let customer2: string;
let globexAdmin: string;
let globexAgent: string;

let acmeUsers: Record<'admin' | 'agent' | 'agent2' | 'customer' | 'customer2', User>;
let globexAgentId: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  // The people the activity rows name, the categories and SLA policies the changes use.
  const acme = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN', name: 'Ada Admin' },
    agent: { role: 'AGENT', name: 'Alex Agent' },
    agent2: { role: 'AGENT', name: 'Camille Tremblay' },
    customer: { role: 'CUSTOMER', name: 'Casey Customer' },
    customer2: { role: 'CUSTOMER' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT' },
  });
  acmeUsers = acme.users;
  globexAgentId = globex.users.agent.id;
  ({ admin, agent, agent2, customer, customer2 } = await signInAll(t, acme.users));
  ({ admin: globexAdmin, agent: globexAgent } = await signInAll(t, globex.users));
  await createSlaPolicies(t.prisma, acme.organization.id);
  for (const name of ['Order', 'Refund'])
    await createCategory(t.prisma, { organizationId: acme.organization.id, name });
  // The custom field the changes set (docs/product.md "Custom fields": values are checked).
  await t.prisma.customFieldDefinition.create({
    data: {
      organizationId: acme.organization.id,
      key: 'order_total',
      label: { en: 'Order total', fr: 'Total de la commande' },
      type: 'number',
    },
  });
});
afterAll(async () => t?.close());

interface TicketBody {
  id: string;
  reference: string;
  status: string;
  version: number;
  [key: string]: unknown;
}

/** A fresh NEW ticket requested by `customer` (created through the portal). */
async function customerTicket(): Promise<TicketBody> {
  const res = await t.http().post('/api/tickets').set(authHeader(customer)).send({
    subject: 'Refund not received',
    description: 'I returned order A-12 two weeks ago and no refund yet.',
  });
  expect(res.status).toBe(201);
  return res.body;
}

const patch = (id: string, token: string, body: object) =>
  t.http().patch(`/api/tickets/${id}`).set(authHeader(token)).send(body);

const activityOf = (ticketId: string) =>
  t.prisma.ticketActivity.findMany({
    where: { ticketId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });

describe('PATCH /api/tickets/:id — fields and activity', () => {
  it('applies racing status changes one after the other: each version once, one row and one event each', async () => {
    const ticket = await customerTicket();
    const targets = [
      'OPEN',
      'IN_PROGRESS',
      'ON_HOLD',
      'IN_PROGRESS',
      'WAITING_ON_CUSTOMER',
      'OPEN',
    ];
    const results = await Promise.all(
      targets.map((status, i) =>
        t
          .http()
          .patch(`/api/tickets/${ticket.id}`)
          .set(authHeader(i % 2 ? agent : agent2))
          .send({ status }),
      ),
    );
    // Each answer is a transition from the status it found, a no-op (already there), or 409
    // when that transition was not allowed; none is lost or applied twice.
    for (const [i, r] of results.entries()) {
      expect([200, 409]).toContain(r.status);
      if (r.status === 200) expect(r.body.status).toBe(targets[i]);
    }
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    const changes = row.version - ticket.version;
    expect(changes).toBeGreaterThan(0);
    const statusRows = await t.prisma.ticketActivity.count({
      where: { ticketId: ticket.id, type: 'STATUS_CHANGED' },
    });
    expect(statusRows).toBe(changes);
    const events = await t.prisma.outboxMessage.count({
      where: { aggregateId: ticket.id, kind: 'EVENT', topic: 'ticket.status_changed' },
    });
    expect(events).toBe(changes);
    const last = await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(agent));
    expect(last.body.version).toBe(row.version);
  });

  it('changes several fields at once, bumps the version once, sends the ETag and writes one row per kind', async () => {
    const ticket = await customerTicket();
    const agent2Id = acmeUsers.agent2.id;
    const res = await patch(ticket.id, agent, {
      subject: 'Refund for order A-12 not received',
      status: 'IN_PROGRESS',
      priority: 'URGENT',
      category: 'refund',
      tags: ['Refund', 'refund', 'vip'],
      assigneeId: agent2Id,
      customFields: { order_total: 42 },
      metadata: { crmId: 'C-9' },
      externalRefs: { orderId: 'A-12' },
      reason: 'Customer called',
    });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toMatchObject({
      subject: 'Refund for order A-12 not received',
      status: 'IN_PROGRESS',
      priority: 'URGENT',
      category: 'Refund',
      tags: ['refund', 'vip'],
      assignee: { id: agent2Id, name: 'Camille Tremblay' },
      customFields: { order_total: 42 },
      metadata: { crmId: 'C-9' },
      externalRefs: { orderId: 'A-12' },
      version: 2,
    });
    // The `sla` subscriber applies URGENT's policy (1 hour first response, 8 hours resolution,
    // 24/7) from the change on: the ticket had no SLA clock before it.
    await t.app.events.drain();
    const after = (await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(agent))).body;
    // (counted from the change's event, written within the same request as updatedAt)
    const fromChange = (due: string) => Date.parse(due) - Date.parse(after.updatedAt);
    expect(Math.abs(fromChange(after.firstResponseDueAt) - 3600_000)).toBeLessThan(1000);
    expect(Math.abs(fromChange(after.resolutionDueAt) - 8 * 3600_000)).toBeLessThan(1000);
    expect(after.sla.policyName).toBe('URGENT priority');

    const rows = await activityOf(ticket.id);
    expect(rows.map((r) => [r.type, r.isInternal, r.reason])).toEqual([
      ['CREATED', false, null],
      ['STATUS_CHANGED', false, 'Customer called'],
      ['PRIORITY_CHANGED', false, 'Customer called'],
      ['ASSIGNED', true, 'Customer called'],
      ['FIELDS_CHANGED', true, 'Customer called'],
    ]);
    const [, status, priority, assigned, fields] = rows;
    expect(status).toMatchObject({
      before: { status: 'NEW' },
      after: { status: 'IN_PROGRESS' },
      actorName: 'Alex Agent',
    });
    expect(priority).toMatchObject({
      before: { priority: 'MEDIUM' },
      after: { priority: 'URGENT' },
    });
    expect(assigned).toMatchObject({
      before: { assignee: null },
      after: { assignee: { id: agent2Id, name: 'Camille Tremblay' } },
    });
    expect(fields?.before).toEqual({
      subject: 'Refund not received',
      category: null,
      tags: [],
      customFields: {},
      metadata: {},
      externalRefs: {},
    });
    expect(fields?.after).toEqual({
      subject: 'Refund for order A-12 not received',
      category: 'Refund',
      tags: ['refund', 'vip'],
      customFields: { order_total: 42 },
      metadata: { crmId: 'C-9' },
      externalRefs: { orderId: 'A-12' },
    });
  });

  it('records only the fields that changed, and a public FIELDS_CHANGED for customer-visible fields', async () => {
    const ticket = await customerTicket();
    const res = await patch(ticket.id, agent, {
      subject: 'Refund not received',
      category: 'Order',
      tags: [],
    });
    expect(res.status).toBe(200);
    const fields = (await activityOf(ticket.id)).filter((r) => r.type === 'FIELDS_CHANGED');
    expect(fields).toHaveLength(1);
    expect(fields[0]).toMatchObject({
      before: { category: null },
      after: { category: 'Order' },
      isInternal: false,
    });
  });

  it('changes nothing, writes nothing and keeps the version when the values are the same', async () => {
    const ticket = await customerTicket();
    await patch(ticket.id, agent, { tags: ['a', 'b'], metadata: { x: 1, y: [1, 2] } }).expect(200);
    const before = await activityOf(ticket.id);
    const res = await patch(ticket.id, agent, {
      subject: 'Refund not received',
      status: 'NEW',
      priority: 'MEDIUM',
      tags: ['b', 'a', 'a'],
      metadata: { y: [1, 2], x: 1 },
      reason: 'nothing really',
    });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(2);
    expect(res.headers.etag).toBe('"2"');
    expect(await activityOf(ticket.id)).toHaveLength(before.length);
    const empty = await patch(ticket.id, agent, {});
    expect(empty.status).toBe(200);
    expect(empty.body.version).toBe(2);
  });

  it('clears the category and unassigns with null, with UNASSIGNED (internal)', async () => {
    const ticket = await customerTicket();
    const agentId = acmeUsers.agent.id;
    await patch(ticket.id, agent, { category: 'Refund', assigneeId: agentId }).expect(200);
    const res = await patch(ticket.id, agent, { category: null, assigneeId: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ category: null, assignee: null, version: 3 });
    const rows = await activityOf(ticket.id);
    expect(rows.at(-2)).toMatchObject({
      type: 'UNASSIGNED',
      isInternal: true,
      before: { assignee: { id: agentId, name: 'Alex Agent' } },
      after: { assignee: null },
    });
    expect(rows.at(-1)).toMatchObject({
      type: 'FIELDS_CHANGED',
      before: { category: 'Refund' },
      after: { category: null },
    });
  });

  it('names an unknown category and an assignee who is not an active agent of the organization (400), writing nothing', async () => {
    const ticket = await customerTicket();
    const cases: [string, string][] = [
      [globexAgentId, 'another organization'],
      [acmeUsers.customer2.id, 'a customer'],
      ['00000000-0000-4000-8000-000000000000', 'nobody'],
    ];
    for (const [assigneeId, what] of cases) {
      const res = await patch(ticket.id, agent, {
        category: 'Astrology',
        assigneeId,
        priority: 'LOW',
      });
      expect(res.status, what).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        'assigneeId',
        'category',
      ]);
    }
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row).toMatchObject({ priority: 'MEDIUM', version: 1 });
    expect(await activityOf(ticket.id)).toHaveLength(1);
  });

  it('refuses unknown fields and invalid values with each field named', async () => {
    const ticket = await customerTicket();
    const res = await patch(ticket.id, agent, {
      subject: 'Hey',
      status: 'DONE',
      priority: 'SEVERE',
      assigneeId: 'bob',
      tags: 'x',
      version: 9,
      organizationId: 'x',
      deletedAt: null,
    });
    expect(res.status).toBe(400);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    for (const field of [
      'subject',
      'status',
      'priority',
      'assigneeId',
      'tags',
      'version',
      'organizationId',
      'deletedAt',
    ]) {
      expect(paths).toContain(field);
    }
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).version).toBe(1);
  });

  it('finds the ticket by reference and number too', async () => {
    const ticket = await customerTicket();
    const byReference = await patch(ticket.reference, agent, { priority: 'HIGH' });
    expect(byReference.status).toBe(200);
    expect(byReference.body.id).toBe(ticket.id);
    const number = String(byReference.body.number);
    expect((await patch(number, agent, { priority: 'LOW' })).body.priority).toBe('LOW');
  });
});

describe('PATCH /api/tickets/:id — statuses', () => {
  it('walks the lifecycle, setting resolvedAt and closedAt, clearing resolvedAt on reopening', async () => {
    const ticket = await customerTicket();
    for (const status of [
      'OPEN',
      'IN_PROGRESS',
      'WAITING_ON_CUSTOMER',
      'IN_PROGRESS',
      'ON_HOLD',
      'RESOLVED',
    ]) {
      const res = await patch(ticket.id, agent, { status });
      expect(res.status, status).toBe(200);
      expect(res.body.status).toBe(status);
    }
    let row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row.resolvedAt).not.toBeNull();
    expect(row.closedAt).toBeNull();

    const reopened = await patch(ticket.id, agent, {
      status: 'OPEN',
      reason: 'Not fixed after all',
    });
    expect(reopened.body).toMatchObject({ status: 'OPEN', resolvedAt: null });

    await patch(ticket.id, agent, { status: 'RESOLVED' }).expect(200);
    const closed = await patch(ticket.id, admin, { status: 'CLOSED' });
    expect(closed.status).toBe(200);
    row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row.status).toBe('CLOSED');
    expect(row.resolvedAt).not.toBeNull();
    expect(row.closedAt).not.toBeNull();
    expect(row.version).toBe(10);
    const changes = (await activityOf(ticket.id)).filter((r) => r.type === 'STATUS_CHANGED');
    expect(
      changes.map((r) => [
        (r.before as { status: string }).status,
        (r.after as { status: string }).status,
      ]),
    ).toEqual([
      ['NEW', 'OPEN'],
      ['OPEN', 'IN_PROGRESS'],
      ['IN_PROGRESS', 'WAITING_ON_CUSTOMER'],
      ['WAITING_ON_CUSTOMER', 'IN_PROGRESS'],
      ['IN_PROGRESS', 'ON_HOLD'],
      ['ON_HOLD', 'RESOLVED'],
      ['RESOLVED', 'OPEN'],
      ['OPEN', 'RESOLVED'],
      ['RESOLVED', 'CLOSED'],
    ]);
    expect(changes.find((r) => r.reason)?.reason).toBe('Not fixed after all');
  });

  it('refuses a forbidden transition with 409 invalid_transition naming from and to, and writes nothing', async () => {
    const ticket = await customerTicket();
    await patch(ticket.id, agent, { status: 'RESOLVED' }).expect(200);
    const parked = await patch(ticket.id, agent, { status: 'ON_HOLD', priority: 'HIGH' });
    expect(parked.status).toBe(409);
    expect(parked.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(parked.body).toMatchObject({ status: 409, code: 'invalid_transition' });
    expect(parked.body.detail).toContain('from RESOLVED to ON_HOLD');
    const back = await patch(ticket.id, agent, { status: 'NEW' });
    expect(back.status).toBe(409);
    expect(back.body.detail).toContain('from RESOLVED to NEW');
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row).toMatchObject({ status: 'RESOLVED', priority: 'MEDIUM', version: 2 });
  });

  it('keeps CLOSED final for everyone: no reopening (409 invalid_transition), no other change (409 ticket_closed)', async () => {
    const ticket = await customerTicket();
    await patch(ticket.id, agent, { status: 'CLOSED' }).expect(200);
    for (const token of [agent, admin, customer]) {
      const reopen = await patch(ticket.id, token, { status: 'OPEN' });
      expect(reopen.status).toBe(409);
      expect(reopen.body.code).toBe('invalid_transition');
      expect(reopen.body.detail).toContain('from CLOSED to OPEN');
    }
    const edit = await patch(ticket.id, admin, { tags: ['late'] });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('ticket_closed');
    // Closing again changes nothing.
    const again = await patch(ticket.id, customer, { status: 'CLOSED' });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(2);
  });
});

describe('PATCH /api/tickets/:id — If-Match', () => {
  it('applies with a fresh version in any accepted form and refuses a stale one with 412', async () => {
    const ticket = await customerTicket();
    for (const [header, priority, version] of [
      ['"1"', 'HIGH', 2],
      ['2', 'LOW', 3],
      ['W/"3"', 'URGENT', 4],
    ] as const) {
      const res = await t
        .http()
        .patch(`/api/tickets/${ticket.id}`)
        .set(authHeader(agent))
        .set('If-Match', header)
        .send({ priority });
      expect(res.status, header).toBe(200);
      expect(res.headers.etag).toBe(`"${version}"`);
    }
    const stale = await t
      .http()
      .patch(`/api/tickets/${ticket.id}`)
      .set(authHeader(agent))
      .set('If-Match', '"1"')
      .send({ priority: 'CRITICAL' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('precondition_failed');
    // Even a change that would change nothing is refused on a stale version.
    const staleNoop = await t
      .http()
      .patch(`/api/tickets/${ticket.id}`)
      .set(authHeader(agent))
      .set('If-Match', '"3"')
      .send({});
    expect(staleNoop.status).toBe(412);
    const malformed = await t
      .http()
      .patch(`/api/tickets/${ticket.id}`)
      .set(authHeader(agent))
      .set('If-Match', 'banana')
      .send({ priority: 'CRITICAL' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].path).toBe('If-Match');
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row).toMatchObject({ priority: 'URGENT', version: 4 });
  });

  it('lets exactly one of two writers based on the same version win', async () => {
    const ticket = await customerTicket();
    const results = await Promise.all(
      ['HIGH', 'LOW'].map((priority) =>
        t
          .http()
          .patch(`/api/tickets/${ticket.id}`)
          .set(authHeader(agent))
          .set('If-Match', '"1"')
          .send({ priority }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row.version).toBe(2);
  });

  it('applies without If-Match, one version per PATCH, under concurrency', async () => {
    const ticket = await customerTicket();
    const tags = Array.from({ length: 8 }, (_, i) => [`t${i}`]);
    const results = await Promise.all(tags.map((tag) => patch(ticket.id, agent, { tags: tag })));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(results.map((r) => r.body.version).sort((a, b) => a - b)).toEqual([
      2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });
});

describe('PATCH /api/tickets/:id — roles', () => {
  it('lets the requester close their own ticket with a reason', async () => {
    const ticket = await customerTicket();
    const res = await patch(ticket.id, customer, { status: 'CLOSED', reason: 'Refund arrived' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'CLOSED', assignee: { assigned: false } });
    expect(res.body.closedAt).not.toBeNull();
    expect(res.body).not.toHaveProperty('metadata');
    const change = (await activityOf(ticket.id)).at(-1);
    expect(change).toMatchObject({
      type: 'STATUS_CHANGED',
      reason: 'Refund arrived',
      actorName: 'Casey Customer',
    });
  });

  it('refuses the requester any other field or status with 403 naming each field', async () => {
    const ticket = await customerTicket();
    const res = await patch(ticket.id, customer, {
      priority: 'CRITICAL',
      tags: ['x'],
      subject: 'Please hurry up',
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'priority',
      'subject',
      'tags',
    ]);
    const resolve = await patch(ticket.id, customer, { status: 'RESOLVED' });
    expect(resolve.status).toBe(403);
    expect(resolve.body.errors).toEqual([{ path: 'status', message: expect.any(String) }]);
    const assign = await patch(ticket.id, customer, { status: 'CLOSED', assigneeId: null });
    expect(assign.status).toBe(403);
    expect(assign.body.errors.map((e: { path: string }) => e.path)).toEqual(['assigneeId']);
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row).toMatchObject({ status: 'NEW', priority: 'MEDIUM', version: 1 });
  });

  it("answers 404 for another customer's ticket and another organization's", async () => {
    const ticket = await customerTicket();
    for (const [token, who] of [
      [customer2, 'other customer'],
      [globexAgent, 'other organization agent'],
      [globexAdmin, 'other organization admin'],
    ] as const) {
      const res = await patch(ticket.id, token, { status: 'CLOSED' });
      expect(res.status, who).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe(
      'NEW',
    );
  });

  it('lets agents and admins change any field, and needs authentication', async () => {
    const ticket = await customerTicket();
    expect((await patch(ticket.id, agent2, { priority: 'HIGH' })).status).toBe(200);
    expect((await patch(ticket.id, admin, { priority: 'LOW' })).status).toBe(200);
    expect(
      (await t.http().patch(`/api/tickets/${ticket.id}`).send({ priority: 'LOW' })).status,
    ).toBe(401);
  });
});

describe('DELETE /api/tickets/:id and POST /api/tickets/:id/restore', () => {
  it('lets only admins soft-delete: agents and customers get 403, another organization 404', async () => {
    const ticket = await customerTicket();
    for (const token of [agent, customer]) {
      const res = await t.http().delete(`/api/tickets/${ticket.id}`).set(authHeader(token));
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
    expect(
      (await t.http().delete(`/api/tickets/${ticket.id}`).set(authHeader(globexAdmin))).status,
    ).toBe(404);
    expect(
      (await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).deletedAt,
    ).toBeNull();
  });

  it('hides a deleted ticket from lists and reads, keeps its rows, and restores it', async () => {
    const ticket = await customerTicket();
    const res = await t.http().delete(`/api/tickets/${ticket.id}`).set(authHeader(admin));
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row.deletedAt).not.toBeNull();
    expect(row.version).toBe(2);

    for (const token of [admin, agent, customer]) {
      expect((await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(token))).status).toBe(
        404,
      );
      const list = await t
        .http()
        .get('/api/tickets')
        .query({ limit: 100, sortBy: 'createdAt' })
        .set(authHeader(token));
      expect(list.body.data.map((x: { id: string }) => x.id)).not.toContain(ticket.id);
    }
    expect((await patch(ticket.id, admin, { priority: 'HIGH' })).status).toBe(404);
    expect((await t.http().delete(`/api/tickets/${ticket.id}`).set(authHeader(admin))).status).toBe(
      404,
    );
    expect(
      (await t.http().get(`/api/tickets/${ticket.id}/activity`).set(authHeader(admin))).status,
    ).toBe(404);

    // Restore: admins only, and only in their organization.
    expect(
      (await t.http().post(`/api/tickets/${ticket.id}/restore`).set(authHeader(agent))).status,
    ).toBe(403);
    expect(
      (await t.http().post(`/api/tickets/${ticket.id}/restore`).set(authHeader(customer))).status,
    ).toBe(403);
    expect(
      (await t.http().post(`/api/tickets/${ticket.id}/restore`).set(authHeader(globexAdmin)))
        .status,
    ).toBe(404);
    const restored = await t
      .http()
      .post(`/api/tickets/${ticket.reference}/restore`)
      .set(authHeader(admin));
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: ticket.id, version: 3 });
    expect(restored.headers.etag).toBe('"3"');
    expect((await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(customer))).status).toBe(
      200,
    );
    // Restoring a ticket that is not deleted changes nothing.
    const again = await t.http().post(`/api/tickets/${ticket.id}/restore`).set(authHeader(admin));
    expect(again.body.version).toBe(3);

    const rows = await activityOf(ticket.id);
    expect(rows.map((r) => [r.type, r.isInternal, r.actorName])).toEqual([
      ['CREATED', false, 'Casey Customer'],
      ['DELETED', true, 'Ada Admin'],
      ['RESTORED', true, 'Ada Admin'],
    ]);
  });

  it('answers 404 for an unknown ticket', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await t.http().delete(`/api/tickets/${unknown}`).set(authHeader(admin))).status).toBe(
      404,
    );
    expect(
      (await t.http().post(`/api/tickets/${unknown}/restore`).set(authHeader(admin))).status,
    ).toBe(404);
    expect(
      (await t.http().post('/api/tickets/TKT-99999/restore').set(authHeader(admin))).status,
    ).toBe(404);
  });
});

describe('PUT and DELETE /api/tickets/:id/session', () => {
  const at = '2030-05-04T15:30:00Z';

  it('generates an unguessable https link for video and audio, keeps it on reschedule, and records SESSION_SCHEDULED (public)', async () => {
    const ticket = await customerTicket();
    const res = await t
      .http()
      .put(`/api/tickets/${ticket.id}/session`)
      .set(authHeader(agent))
      .send({ mode: 'video', scheduledAt: at, durationMinutes: 45 });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    const session = res.body.session;
    expect(session).toMatchObject({
      mode: 'video',
      scheduledAt: '2030-05-04T15:30:00.000Z',
      durationMinutes: 45,
    });
    expect(session.meetingLink).toMatch(/^https:\/\/meet\.jit\.si\/docket-[A-Za-z0-9_-]{22}$/);

    const other = await customerTicket();
    const otherRes = await t
      .http()
      .put(`/api/tickets/${other.id}/session`)
      .set(authHeader(agent))
      .send({ mode: 'audio', scheduledAt: at });
    expect(otherRes.body.session.meetingLink).toMatch(/^https:\/\/meet\.jit\.si\/docket-/);
    expect(otherRes.body.session.meetingLink).not.toBe(session.meetingLink);
    expect(otherRes.body.session.durationMinutes).toBeNull();

    const moved = await t
      .http()
      .put(`/api/tickets/${ticket.id}/session`)
      .set(authHeader(admin))
      .send({ mode: 'video', scheduledAt: '2030-05-05T09:00:00+02:00', durationMinutes: 45 });
    expect(moved.body.session).toEqual({ ...session, scheduledAt: '2030-05-05T07:00:00.000Z' });
    expect(moved.body.version).toBe(3);

    // The same session again changes nothing.
    const same = await t
      .http()
      .put(`/api/tickets/${ticket.id}/session`)
      .set(authHeader(admin))
      .send({ mode: 'video', scheduledAt: '2030-05-05T07:00:00Z', durationMinutes: 45 });
    expect(same.body.version).toBe(3);

    const rows = (await activityOf(ticket.id)).filter((r) => r.type === 'SESSION_SCHEDULED');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      isInternal: false,
      before: { session: null },
      after: { session },
    });

    // The requester sees the session: time, mode and link.
    const asCustomer = await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(customer));
    expect(asCustomer.body.session).toEqual(moved.body.session);
    const timeline = await t
      .http()
      .get(`/api/tickets/${ticket.id}/activity`)
      .set(authHeader(customer));
    const scheduled = timeline.body.data.filter(
      (a: { type: string }) => a.type === 'SESSION_SCHEDULED',
    );
    expect(scheduled[0].after.session.meetingLink).toBe(session.meetingLink);
  });

  it('keeps a given link, has none for chat and in-person sessions, and cancels', async () => {
    const ticket = await customerTicket();
    const given = await t
      .http()
      .put(`/api/tickets/${ticket.id}/session`)
      .set(authHeader(agent))
      .send({ mode: 'video', scheduledAt: at, meetingLink: 'https://zoom.example.com/j/123' });
    expect(given.body.session.meetingLink).toBe('https://zoom.example.com/j/123');
    const inPerson = await t
      .http()
      .put(`/api/tickets/${ticket.id}/session`)
      .set(authHeader(agent))
      .send({ mode: 'in_person', scheduledAt: at });
    expect(inPerson.body.session).toMatchObject({ mode: 'in_person', meetingLink: null });

    const cancelled = await t
      .http()
      .delete(`/api/tickets/${ticket.id}/session`)
      .set(authHeader(agent));
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ session: null, version: 4 });
    const last = (await activityOf(ticket.id)).at(-1);
    expect(last).toMatchObject({
      type: 'SESSION_SCHEDULED',
      after: { session: null },
      isInternal: false,
    });
    expect((last?.before as { session: { mode: string } }).session.mode).toBe('in_person');
    // Nothing to cancel: unchanged.
    const again = await t.http().delete(`/api/tickets/${ticket.id}/session`).set(authHeader(agent));
    expect(again.body.version).toBe(4);
  });

  it('validates the body: mode, ISO time, duration 1–480, https link; unknown fields refused', async () => {
    const ticket = await customerTicket();
    const res = await t
      .http()
      .put(`/api/tickets/${ticket.id}/session`)
      .set(authHeader(agent))
      .send({
        mode: 'telepathy',
        scheduledAt: 'tomorrow',
        durationMinutes: 481,
        meetingLink: 'http://meet.example.com/x',
        room: 1,
      });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'durationMinutes',
      'meetingLink',
      'mode',
      'room',
      'scheduledAt',
    ]);
    for (const meetingLink of ['javascript:alert(1)', 'https://', 'not a url']) {
      const bad = await t
        .http()
        .put(`/api/tickets/${ticket.id}/session`)
        .set(authHeader(agent))
        .send({ mode: 'video', scheduledAt: at, meetingLink });
      expect(bad.status, meetingLink).toBe(400);
    }
    expect(
      (
        await t
          .http()
          .put(`/api/tickets/${ticket.id}/session`)
          .set(authHeader(agent))
          .send({ mode: 'chat', scheduledAt: at, durationMinutes: 0 })
      ).status,
    ).toBe(400);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).version).toBe(1);
  });

  it('is for agents and admins: customers 403, another organization 404, CLOSED 409', async () => {
    const ticket = await customerTicket();
    const body = { mode: 'video', scheduledAt: at };
    const asCustomer = await t
      .http()
      .put(`/api/tickets/${ticket.id}/session`)
      .set(authHeader(customer))
      .send(body);
    expect(asCustomer.status).toBe(403);
    expect(
      (await t.http().delete(`/api/tickets/${ticket.id}/session`).set(authHeader(customer))).status,
    ).toBe(403);
    expect(
      (
        await t
          .http()
          .put(`/api/tickets/${ticket.id}/session`)
          .set(authHeader(globexAgent))
          .send(body)
      ).status,
    ).toBe(404);
    expect(
      (await t.http().put(`/api/tickets/${ticket.id}/session`).set(authHeader(admin)).send(body))
        .status,
    ).toBe(200);
    await patch(ticket.id, agent, { status: 'CLOSED' }).expect(200);
    const closed = await t
      .http()
      .put(`/api/tickets/${ticket.id}/session`)
      .set(authHeader(agent))
      .send({ ...body, mode: 'audio' });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('ticket_closed');
  });
});

describe('OpenAPI', () => {
  it('documents the lifecycle routes from their zod schemas', async () => {
    const res = await t.http().get('/api/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/tickets/{id}'] ?? {})).toEqual(
      expect.arrayContaining(['get', 'patch', 'delete']),
    );
    for (const path of [
      '/api/tickets/{id}/restore',
      '/api/tickets/{id}/claim',
      '/api/tickets/{id}/unclaim',
      '/api/tickets/{id}/chats',
      '/api/tickets/from-chat/{chatId}',
    ]) {
      expect(paths[path], path).toHaveProperty('post');
    }
    expect(Object.keys(paths['/api/tickets/{id}/session'] ?? {})).toEqual(
      expect.arrayContaining(['put', 'delete']),
    );
    expect(paths['/api/tickets/{id}/activity']).toHaveProperty('get');
    // The header in its usual spelling (HTTP header names are case-insensitive).
    expect(JSON.stringify(paths['/api/tickets/{id}']?.patch)).toContain('"name":"If-Match"');
  });
});
