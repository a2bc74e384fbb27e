import Fastify from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '../src/lib/db.js';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketStatus } from '../src/lib/domain.js';
import { statsRoutes } from '../src/modules/stats/stats.routes.js';
import { createStatsService } from '../src/modules/stats/stats.service.js';
import { ticketsRoutes } from '../src/modules/tickets/tickets.routes.js';
import { createTicketsService } from '../src/modules/tickets/tickets.service.js';
import authPlugin from '../src/plugins/auth.js';
import prismaPlugin from '../src/plugins/prisma.js';
import problemDetails from '../src/plugins/problem-details.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers, createTicket, createUser } from './helpers/factories.js';

let t: TestApp;
let agent: string;
let admin: string;
let customer: string;
let globexAgent: string;
let acmeId: string;
let globexId: string;

let customerId: string;
let agentId: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const acme = await createOrganizationWithUsers(t.prisma, {
    agent: { role: 'AGENT' },
    agent2: { role: 'AGENT' },
    admin: { role: 'ADMIN' },
    customer: { role: 'CUSTOMER' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { agent: { role: 'AGENT' } });
  ({ agent, admin, customer } = await signInAll(t, acme.users));
  globexAgent = await signIn(t, globex.users.agent);
  acmeId = acme.organization.id;
  globexId = globex.organization.id;
  customerId = acme.users.customer.id;
  agentId = acme.users.agent.id;
  // A backlog that makes the numbers non-trivial: every status and priority, open tickets with
  // each of two agents and unassigned ones; a smaller one in the other organization.
  const assignees = [acme.users.agent.id, acme.users.agent2.id, null];
  for (let i = 0; i < 28; i++)
    await createTicket(t.prisma, {
      organizationId: acmeId,
      requesterId: i % 4 === 0 ? customerId : null,
      status: TICKET_STATUSES[i % TICKET_STATUSES.length]!,
      priority: TICKET_PRIORITIES[i % TICKET_PRIORITIES.length]!,
      assigneeId: assignees[i % assignees.length]!,
    });
  for (const status of ['NEW', 'OPEN', 'CLOSED'] as const)
    await createTicket(t.prisma, {
      organizationId: globexId,
      status,
      assigneeId: status === 'OPEN' ? globex.users.agent.id : null,
    });
});
afterAll(async () => t?.close());

const paths = (body: { errors?: { path: string }[] }) =>
  (body.errors ?? []).map((e) => e.path).sort();
const SECOND = 1000;
const OPEN_STATUSES: TicketStatus[] = TICKET_STATUSES.filter(
  (s) => s !== 'RESOLVED' && s !== 'CLOSED',
);

/** PostgreSQL's percentile_cont: linear interpolation between the two nearest ranks. */
function percentileCont(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (at - lo) * (sorted[hi]! - sorted[lo]!);
}

let nextNumber = 500_000;
/** Inserts a ticket with the given history straight into the database (numbers far above the others'). */
async function insertTicket(
  organizationId: string,
  data: Partial<Prisma.TicketUncheckedCreateInput>,
) {
  return t.prisma.ticket.create({
    data: {
      organizationId,
      number: nextNumber++,
      subject: 'A ticket with a known history',
      description: 'Inserted by the statistics test with chosen timestamps.',
      requesterName: 'Test Requester',
      requesterEmail: 'requester@example.com',
      ...data,
    },
  });
}

/** What the stats snapshot must say, computed with Prisma rather than SQL. */
async function expectedSnapshot(organizationId: string) {
  const rows = await t.prisma.ticket.groupBy({
    by: ['status', 'priority'],
    where: { organizationId, deletedAt: null },
    _count: { _all: true },
  });
  const byStatus = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<string, number>;
  const byPriority = Object.fromEntries(TICKET_PRIORITIES.map((p) => [p, 0])) as Record<
    string,
    number
  >;
  for (const row of rows) {
    byStatus[row.status]! += row._count._all;
    if (OPEN_STATUSES.includes(row.status)) byPriority[row.priority]! += row._count._all;
  }
  const unassigned = await t.prisma.ticket.count({
    where: { organizationId, deletedAt: null, status: { in: OPEN_STATUSES }, assigneeId: null },
  });
  const users = await t.prisma.user.findMany({
    where: { organizationId },
    include: {
      _count: {
        select: { assignedTickets: { where: { deletedAt: null, status: { in: OPEN_STATUSES } } } },
      },
    },
  });
  const workload = users
    .filter((u) => (u.isActive && u.role !== 'CUSTOMER') || u._count.assignedTickets > 0)
    .map((u) => ({ assignee: { id: u.id, name: u.name }, open: u._count.assignedTickets }))
    .sort((a, b) => b.open - a.open || a.assignee.name.localeCompare(b.assignee.name));
  return { byStatus, byPriority, unassigned, workload };
}

const stats = (token: string, query: Record<string, string> = {}) =>
  t.http().get('/api/tickets/stats').query(query).set(authHeader(token));

describe('GET /api/tickets/stats — access', () => {
  it('answers agents and admins, refuses customers with 403 and no token with 401', async () => {
    for (const token of [agent, admin]) {
      const res = await stats(token);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.byStatus).sort()).toEqual([...TICKET_STATUSES].sort());
    }
    const asCustomer = await stats(customer);
    expect(asCustomer.status).toBe(403);
    expect(asCustomer.body.code).toBe('forbidden');
    // The role is checked before the query: a customer learns nothing about the parameters.
    expect((await stats(customer, { from: 'garbage' })).status).toBe(403);
    const anonymous = await t.http().get('/api/tickets/stats');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('unauthorized');
  });

  it('wins over GET /api/tickets/:id, which still answers for tickets', async () => {
    const res = await stats(agent);
    expect(res.status).toBe(200);
    expect(res.body).toHaveProperty('workload');
    expect(res.body).not.toHaveProperty('reference');
    const ticket = await t.prisma.ticket.findFirstOrThrow({
      where: { organizationId: acmeId, number: 3 },
    });
    const byId = await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(agent));
    expect(byId.status).toBe(200);
    expect(byId.body.reference).toBe('TKT-00003');
  });

  it('wins over /api/tickets/:id whichever plugin is registered first', async () => {
    for (const statsFirst of [true, false]) {
      const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
      app.setValidatorCompiler(validatorCompiler);
      app.setSerializerCompiler(serializerCompiler);
      await app.register(problemDetails);
      await app.register(prismaPlugin, { prisma: t.prisma, disconnectOnClose: false });
      await app.register(authPlugin, { jwt: t.config.jwt });
      const deps = { prisma: t.prisma, config: t.config };
      const registerStats = () => app.register(statsRoutes, { stats: createStatsService(deps) });
      const registerTickets = () =>
        app.register(ticketsRoutes, { tickets: createTicketsService(deps) });
      if (statsFirst) {
        await registerStats();
        await registerTickets();
      } else {
        await registerTickets();
        await registerStats();
      }
      try {
        const res = await app.inject({
          method: 'GET',
          url: '/api/tickets/stats',
          headers: authHeader(agent),
        });
        expect(res.statusCode, `stats registered ${statsFirst ? 'first' : 'last'}`).toBe(200);
        expect(res.json()).toHaveProperty('byPriority');
        const ticket = await app.inject({
          method: 'GET',
          url: '/api/tickets/TKT-00003',
          headers: authHeader(agent),
        });
        expect(ticket.statusCode).toBe(200);
        expect(ticket.json().number).toBe(3);
      } finally {
        await app.close();
      }
    }
  });
});

describe('GET /api/tickets/stats — window', () => {
  it('defaults to the last 30 days up to now', async () => {
    const before = Date.now();
    const res = await stats(agent);
    const after = Date.now();
    const to = Date.parse(res.body.to);
    expect(to).toBeGreaterThanOrEqual(before);
    expect(to).toBeLessThanOrEqual(after);
    expect(to - Date.parse(res.body.from)).toBe(30 * 24 * 3600 * SECOND);
    const onlyTo = await stats(agent, { to: '2026-03-01' });
    expect(onlyTo.body).toMatchObject({
      from: '2026-01-30T00:00:00.000Z',
      to: '2026-03-01T00:00:00.000Z',
    });
  });

  it('accepts dates and date-times with offsets, and up to 366 days', async () => {
    const res = await stats(agent, { from: '2024-01-01', to: '2025-01-01T00:00:00+00:00' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from: '2024-01-01T00:00:00.000Z',
      to: '2025-01-01T00:00:00.000Z',
    });
    const offset = await stats(agent, {
      from: '2024-01-01T00:00:00-05:00',
      to: '2024-01-02T00:00:00Z',
    });
    expect(offset.body.from).toBe('2024-01-01T05:00:00.000Z');
  });

  it('names the field at fault: unparsable, out of order, too long', async () => {
    const cases: [Record<string, string>, string[]][] = [
      [{ from: 'yesterday' }, ['from']],
      [{ to: '2026-02-30' }, ['to']],
      [{ from: '2026-01-01', to: 'soon' }, ['to']],
      [{ from: '2026-02-01', to: '2026-01-01' }, ['from', 'to']],
      [{ from: '2026-01-01', to: '2026-01-01' }, ['from', 'to']],
      [{ from: '2024-01-01', to: '2025-01-02T00:00:00.001Z' }, ['from', 'to']],
      [{ from: new Date(Date.now() + 3600 * SECOND).toISOString() }, ['from']],
      [{ from: '2000-01-01' }, ['from']],
    ];
    for (const [query, fields] of cases) {
      const res = await stats(agent, query);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(paths(res.body), JSON.stringify(query)).toEqual(fields);
    }
  });
});

describe('GET /api/tickets/stats — numbers', () => {
  it('counts the current backlog by status and priority, and the workload, per organization', async () => {
    for (const [token, organizationId] of [
      [agent, acmeId],
      [globexAgent, globexId],
    ] as const) {
      const res = await stats(token);
      expect(res.status).toBe(200);
      const expected = await expectedSnapshot(organizationId);
      expect(res.body.byStatus).toEqual(expected.byStatus);
      expect(res.body.byPriority).toEqual(expected.byPriority);
      expect(res.body.unassigned).toBe(expected.unassigned);
      expect(res.body.workload).toEqual(expected.workload);
      const total = Object.values(res.body.byStatus as Record<string, number>).reduce(
        (a, b) => a + b,
        0,
      );
      expect(total).toBe(
        await t.prisma.ticket.count({ where: { organizationId, deletedAt: null } }),
      );
    }
    // The backlog makes these non-trivial: open tickets with several assignees, closed ones.
    const acme = await stats(agent);
    expect(acme.body.workload.filter((w: { open: number }) => w.open > 0).length).toBeGreaterThan(
      1,
    );
    expect(acme.body.byStatus.CLOSED).toBeGreaterThan(0);
  });

  it('moves with a new ticket, leaves deleted ones out, and lists agents without open tickets', async () => {
    const before = (await stats(agent)).body;
    const created = await t.http().post('/api/tickets').set(authHeader(agent)).send({
      subject: 'Stats should count me',
      description: 'A brand new ticket for the statistics.',
      priority: 'CRITICAL',
    });
    expect(created.status).toBe(201);
    const idle = await createUser(t.prisma, {
      organizationId: acmeId,
      name: 'Idle Agent',
      role: 'AGENT',
    });
    const gone = await createUser(t.prisma, {
      organizationId: acmeId,
      name: 'Gone Agent',
      role: 'AGENT',
      isActive: false,
    });
    const goneWithWork = await createUser(t.prisma, {
      organizationId: acmeId,
      name: 'Left Agent',
      role: 'AGENT',
      isActive: false,
    });
    await insertTicket(acmeId, {
      status: 'IN_PROGRESS',
      priority: 'LOW',
      assigneeId: goneWithWork.id,
    });
    await insertTicket(acmeId, {
      status: 'OPEN',
      priority: 'LOW',
      assigneeId: idle.id,
      deletedAt: new Date(),
    });

    const after = (await stats(agent)).body;
    expect(after.byStatus.NEW).toBe(before.byStatus.NEW + 1);
    expect(after.byStatus.IN_PROGRESS).toBe(before.byStatus.IN_PROGRESS + 1);
    expect(after.byStatus.OPEN).toBe(before.byStatus.OPEN);
    expect(after.byPriority.CRITICAL).toBe(before.byPriority.CRITICAL + 1);
    expect(after.byPriority.LOW).toBe(before.byPriority.LOW + 1);
    expect(after.unassigned).toBe(before.unassigned + 1);
    const load = (id: string) =>
      after.workload.find((w: { assignee: { id: string } }) => w.assignee.id === id);
    expect(load(idle.id)).toEqual({ assignee: { id: idle.id, name: 'Idle Agent' }, open: 0 });
    expect(load(goneWithWork.id)).toEqual({
      assignee: { id: goneWithWork.id, name: 'Left Agent' },
      open: 1,
    });
    expect(load(gone.id)).toBeUndefined();
    expect(load(customerId)).toBeUndefined();
    const counts = after.workload.map((w: { open: number }) => w.open);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(after).toMatchObject(await expectedSnapshot(acmeId));
  });

  it('computes first response and resolution times (median, p90) over the tickets created in [from, to)', async () => {
    // January 2020: far from the other tickets (created now), so the window holds only these rows.
    const from = Date.parse('2020-01-01T00:00:00.000Z');
    const to = Date.parse('2020-02-01T00:00:00.000Z');
    const hour = 3600 * SECOND;
    const inWindow = [
      // [created after `from` (ms), first response after creation (s), resolution after creation (s), status]
      { at: 0, first: 60, resolved: 7200, status: 'RESOLVED' },
      { at: 5 * hour, first: 90.5, resolved: 86_400, status: 'CLOSED' },
      { at: 30 * hour, first: 3600, resolved: null, status: 'IN_PROGRESS' },
      { at: 100 * hour, first: 45.25, resolved: 172_800.5, status: 'RESOLVED' },
      { at: 200 * hour, first: 600, resolved: 3_600, status: 'CLOSED', closedOnly: true },
      { at: 300 * hour, first: null, resolved: null, status: 'NEW' },
      { at: 400 * hour, first: 7_200, resolved: 20_000, status: 'OPEN', reopened: true },
      { at: to - from - 1, first: 1, resolved: 2, status: 'RESOLVED' },
    ] as const;
    for (const row of inWindow) {
      const createdAt = new Date(from + row.at);
      const resolvedAt =
        row.resolved === null ? null : new Date(createdAt.getTime() + row.resolved * SECOND);
      await insertTicket(acmeId, {
        status: row.status,
        assigneeId: agentId,
        createdAt,
        updatedAt: createdAt,
        firstRespondedAt:
          row.first === null ? null : new Date(createdAt.getTime() + row.first * SECOND),
        // A reopened ticket lost its resolvedAt (responses.service.ts); a CLOSED one may have only closedAt.
        resolvedAt: 'reopened' in row || 'closedOnly' in row ? null : resolvedAt,
        closedAt: row.status === 'CLOSED' ? resolvedAt : null,
      });
    }
    // Outside the window, deleted, or in another organization: not counted.
    await insertTicket(acmeId, {
      createdAt: new Date(from - 1),
      firstRespondedAt: new Date(from + hour),
      status: 'RESOLVED',
      resolvedAt: new Date(from + 2 * hour),
    });
    await insertTicket(acmeId, {
      createdAt: new Date(to),
      firstRespondedAt: new Date(to + 5),
      status: 'RESOLVED',
      resolvedAt: new Date(to + 10),
    });
    await insertTicket(acmeId, {
      createdAt: new Date(from + hour),
      firstRespondedAt: new Date(from + 9 * hour),
      status: 'RESOLVED',
      resolvedAt: new Date(from + 99 * hour),
      deletedAt: new Date(),
    });
    const globexRows = [
      { first: 10, resolved: 1000 },
      { first: 30, resolved: null },
    ];
    for (const [i, row] of globexRows.entries()) {
      const createdAt = new Date(from + (i + 1) * hour);
      await insertTicket(globexId, {
        createdAt,
        firstRespondedAt: new Date(createdAt.getTime() + row.first * SECOND),
        status: row.resolved ? 'RESOLVED' : 'OPEN',
        resolvedAt: row.resolved ? new Date(createdAt.getTime() + row.resolved * SECOND) : null,
      });
    }

    const firstTimes = inWindow.flatMap((r) => (r.first === null ? [] : [r.first]));
    const resolutionTimes = inWindow.flatMap((r) =>
      r.resolved !== null && (r.status === 'RESOLVED' || r.status === 'CLOSED') ? [r.resolved] : [],
    );
    expect(firstTimes).toHaveLength(7);
    expect(resolutionTimes).toHaveLength(5);

    const query = { from: '2020-01-01', to: '2020-02-01' };
    const res = await stats(agent, query);
    expect(res.status).toBe(200);
    expect(res.body.ticketsCreated).toBe(inWindow.length);
    expect(res.body.firstResponseTime.count).toBe(firstTimes.length);
    expect(res.body.firstResponseTime.median).toBeCloseTo(percentileCont(firstTimes, 0.5)!, 3);
    expect(res.body.firstResponseTime.p90).toBeCloseTo(percentileCont(firstTimes, 0.9)!, 3);
    expect(res.body.resolutionTime.count).toBe(resolutionTimes.length);
    expect(res.body.resolutionTime.median).toBeCloseTo(percentileCont(resolutionTimes, 0.5)!, 3);
    expect(res.body.resolutionTime.p90).toBeCloseTo(percentileCont(resolutionTimes, 0.9)!, 3);
    // Known values, so that a wrong percentile helper cannot hide a wrong query: sorted first
    // responses are 1, 45.25, 60, 90.5, 600, 3600, 7200; resolutions 2, 3600, 7200, 86400, 172800.5.
    expect(res.body.firstResponseTime.median).toBe(90.5);
    expect(res.body.firstResponseTime.p90).toBeCloseTo(3600 + 0.4 * 3600, 3);
    expect(res.body.resolutionTime.median).toBe(7200);
    expect(res.body.resolutionTime.p90).toBeCloseTo(86_400 + 0.6 * (172_800.5 - 86_400), 3);

    const globex = await stats(globexAgent, query);
    expect(globex.body.ticketsCreated).toBe(2);
    expect(globex.body.firstResponseTime).toEqual({ count: 2, median: 20, p90: 28 });
    expect(globex.body.resolutionTime).toEqual({ count: 1, median: 1000, p90: 1000 });
  });

  it('gives count 0 and null times for a window without tickets', async () => {
    const res = await stats(admin, { from: '2010-01-01', to: '2010-06-01' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ticketsCreated: 0,
      firstResponseTime: { count: 0, median: null, p90: null },
      resolutionTime: { count: 0, median: null, p90: null },
    });
  });
});

describe('OpenAPI', () => {
  it('documents the stats route with its query and answer', async () => {
    const res = await t.http().get('/api/openapi.json');
    expect(res.status).toBe(200);
    const op = res.body.paths['/api/tickets/stats'].get;
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['from', 'to']);
    expect(op.description).toContain('percentile_cont');
    expect(JSON.stringify(res.body.components.schemas.TicketStats)).toContain('firstResponseTime');
  });
});
