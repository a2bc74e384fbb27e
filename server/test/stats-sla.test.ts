import { parse } from 'csv-parse/sync';
import Fastify from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '../src/lib/db.js';
import { statsRoutes } from '../src/modules/stats/stats.routes.js';
import {
  createStatsService,
  percentMet,
  slaCsvFileName,
  slaPeriodStart,
} from '../src/modules/stats/stats.service.js';
import { ticketsRoutes } from '../src/modules/tickets/tickets.routes.js';
import { createTicketsService } from '../src/modules/tickets/tickets.service.js';
import authPlugin from '../src/plugins/auth.js';
import prismaPlugin from '../src/plugins/prisma.js';
import problemDetails from '../src/plugins/problem-details.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers, createTicket } from './helpers/factories.js';

let t: TestApp;
let agent: string;
let admin: string;
let customer: string;
let globexAgent: string;
let aliceId: string;
let eveId: string;
let highTicketId: string;

/** Alice's name, and Eve's, which a spreadsheet would run as a formula. */
const ALICE = 'Alice Agent';
const EVE = '=SUM(1,2) Eve';

/** The window of most tests: three ISO weeks of March 2021, from Monday the 1st. */
const WINDOW = { from: '2021-03-01', to: '2021-03-22' };

type TargetData = Omit<
  Prisma.TicketSlaTargetUncheckedCreateInput,
  'organizationId' | 'ticketId' | 'targetSeconds' | 'armedAt'
>;

/** Inserts an SLA target on `ticket` straight into the database (a real row, chosen outcome). */
async function insertTarget(ticket: { id: string; organizationId: string }, data: TargetData) {
  return t.prisma.ticketSlaTarget.create({
    data: {
      organizationId: ticket.organizationId,
      targetSeconds: 3600,
      armedAt: new Date('2021-02-01T00:00:00Z'),
      ...data,
      ticketId: ticket.id,
    },
  });
}

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const acme = await createOrganizationWithUsers(t.prisma, {
    alice: { role: 'AGENT', name: ALICE },
    eve: { role: 'AGENT', name: EVE },
    admin: { role: 'ADMIN' },
    customer: { role: 'CUSTOMER' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { agent: { role: 'AGENT' } });
  ({ alice: agent, admin, customer } = await signInAll(t, acme.users));
  globexAgent = await signIn(t, globex.users.agent);
  aliceId = acme.users.alice.id;
  eveId = acme.users.eve.id;
  const organizationId = acme.organization.id;

  // Counted: first response of four HIGH tickets assigned to Alice, 3 met and 1 breached (then
  // fulfilled late: still breached, at breachedAt).
  const high = [];
  for (let i = 0; i < 4; i++)
    high.push(
      await createTicket(t.prisma, { organizationId, priority: 'HIGH', assigneeId: aliceId }),
    );
  highTicketId = high[0]!.id;
  const met = (
    ticket: { id: string; organizationId: string },
    metric: TargetData['metric'],
    when: string,
    cycle = 1,
  ) => insertTarget(ticket, { metric, cycle, state: 'fulfilled', fulfilledAt: at(when) });
  await met(high[0]!, 'first_response', '2021-03-01T10:00:00Z');
  await met(high[1]!, 'first_response', '2021-03-09T08:30:00Z');
  await met(high[2]!, 'first_response', '2021-03-21T23:59:59.999Z');
  await insertTarget(high[3]!, {
    metric: 'first_response',
    state: 'fulfilled',
    breachedAt: at('2021-03-10T12:00:00Z'),
    fulfilledAt: at('2021-03-11T12:00:00Z'),
  });
  // Counted: a breached resolution on an unassigned LOW ticket.
  const unassigned = await createTicket(t.prisma, { organizationId, priority: 'LOW' });
  await insertTarget(unassigned, {
    metric: 'resolution',
    state: 'breached',
    breachedAt: at('2021-03-15T09:00:00Z'),
  });
  // Counted: two next responses (cycles 1 and 2) met on Eve's URGENT ticket.
  const urgent = await createTicket(t.prisma, {
    organizationId,
    priority: 'URGENT',
    assigneeId: eveId,
  });
  await met(urgent, 'next_response', '2021-03-02T14:00:00Z', 1);
  await met(urgent, 'next_response', '2021-03-03T14:00:00Z', 2);

  // Not counted in WINDOW: met exactly at `to` (exclusive); breached before `from` though
  // fulfilled inside (counts at breachedAt: 28 February); still running; on a deleted ticket; in
  // another organization.
  await met(high[0]!, 'resolution', '2021-03-22T00:00:00Z');
  await insertTarget(high[1]!, {
    metric: 'resolution',
    state: 'fulfilled',
    breachedAt: at('2021-02-28T23:59:59.999Z'),
    fulfilledAt: at('2021-03-05T00:00:00Z'),
  });
  await insertTarget(high[2]!, {
    metric: 'resolution',
    state: 'active',
    runningSince: at('2021-03-02T00:00:00Z'),
    dueAt: at('2021-03-04T00:00:00Z'),
  });
  const deleted = await createTicket(t.prisma, {
    organizationId,
    priority: 'HIGH',
    assigneeId: aliceId,
    deletedAt: new Date(),
  });
  await insertTarget(deleted, {
    metric: 'first_response',
    state: 'breached',
    breachedAt: at('2021-03-03T00:00:00Z'),
  });
  const other = await createTicket(t.prisma, {
    organizationId: globex.organization.id,
    priority: 'HIGH',
    assigneeId: globex.users.agent.id,
  });
  await met(other, 'first_response', '2021-03-04T00:00:00Z');
});
afterAll(async () => t?.close());

const slaStats = (token: string, query: Record<string, string> = {}) =>
  t.http().get('/api/tickets/stats/sla').query(query).set(authHeader(token));
const slaCsv = (token: string, query: Record<string, string> = {}) =>
  t.http().get('/api/tickets/stats/sla.csv').query(query).set(authHeader(token));
const paths = (body: { errors?: { path: string }[] }) =>
  (body.errors ?? []).map((e) => e.path).sort();

describe('GET /api/tickets/stats/sla — access and query', () => {
  it('answers agents and admins, refuses customers with 403 and no token with 401', async () => {
    for (const token of [agent, admin]) expect((await slaStats(token, WINDOW)).status).toBe(200);
    for (const url of ['/api/tickets/stats/sla', '/api/tickets/stats/sla.csv']) {
      const anonymous = await t.http().get(url);
      expect(anonymous.status, url).toBe(401);
      expect(anonymous.body.code).toBe('unauthorized');
      const asCustomer = await t.http().get(url).set(authHeader(customer));
      expect(asCustomer.status, url).toBe(403);
      expect(asCustomer.body.code).toBe('forbidden');
    }
  });

  it('refuses a bad period or window with 400 naming the field, defaults to weeks over 30 days', async () => {
    for (const send of [slaStats, slaCsv]) {
      const badPeriod = await send(agent, { ...WINDOW, period: 'year' });
      expect(badPeriod.status).toBe(400);
      expect(badPeriod.body.code).toBe('validation_failed');
      expect(paths(badPeriod.body)).toEqual(['period']);
      const reversed = await send(agent, { from: '2021-03-22', to: '2021-03-01' });
      expect(reversed.status).toBe(400);
      expect(paths(reversed.body)).toEqual(['from', 'to']);
      const tooLong = await send(agent, { from: '2020-01-01', to: '2021-03-01' });
      expect(paths(tooLong.body)).toEqual(['from', 'to']);
      expect((await send(agent, { ...WINDOW, extra: '1' })).status).toBe(400);
    }
    const defaults = await slaStats(agent);
    expect(defaults.status).toBe(200);
    expect(defaults.body.period).toBe('week');
    expect(Date.parse(defaults.body.to) - Date.parse(defaults.body.from)).toBe(30 * 86_400_000);
    // 30 days touch 5 or 6 ISO weeks; nothing was measured in them.
    expect([15, 18]).toContain(defaults.body.byPeriod.length);
    expect(defaults.body.byMetric).toEqual([
      { metric: 'first_response', met: 0, breached: 0, percentMet: null },
      { metric: 'next_response', met: 0, breached: 0, percentMet: null },
      { metric: 'resolution', met: 0, breached: 0, percentMet: null },
    ]);
    expect(defaults.body.byAgent).toEqual([]);
  });

  it('wins over /api/tickets/:id/… routes whichever plugin is registered first', async () => {
    for (const statsFirst of [true, false]) {
      const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
      app.setValidatorCompiler(validatorCompiler);
      app.setSerializerCompiler(serializerCompiler);
      await app.register(problemDetails);
      await app.register(prismaPlugin, { prisma: t.prisma, disconnectOnClose: false });
      await app.register(authPlugin, { jwt: t.config.jwt });
      const deps = { prisma: t.prisma, config: t.config };
      const registerStats = () => app.register(statsRoutes, { stats: createStatsService(deps) });
      const registerTickets = async () => {
        await app.register(ticketsRoutes, { tickets: createTicketsService(deps) });
        // A ticket's own SLA, as a parametric route of the same shape would be.
        await app.register(async (scope) => {
          scope.get('/api/tickets/:id/sla', async (request) => ({
            ticketSla: (request.params as { id: string }).id,
          }));
        });
      };
      if (statsFirst) {
        await registerStats();
        await registerTickets();
      } else {
        await registerTickets();
        await registerStats();
      }
      try {
        const label = `stats registered ${statsFirst ? 'first' : 'last'}`;
        const stats = await app.inject({
          method: 'GET',
          url: '/api/tickets/stats/sla?from=2021-03-01&to=2021-03-22',
          headers: authHeader(agent),
        });
        expect(stats.statusCode, label).toBe(200);
        expect(stats.json()).toHaveProperty('byMetric');
        const csv = await app.inject({
          method: 'GET',
          url: '/api/tickets/stats/sla.csv?from=2021-03-01&to=2021-03-22',
          headers: authHeader(agent),
        });
        expect(csv.statusCode, label).toBe(200);
        expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
        const own = await app.inject({
          method: 'GET',
          url: `/api/tickets/${highTicketId}/sla`,
          headers: authHeader(agent),
        });
        expect(own.json()).toEqual({ ticketSla: highTicketId });
      } finally {
        await app.close();
      }
    }
  });
});

describe('GET /api/tickets/stats/sla — numbers', () => {
  it('counts met and breached targets per metric, priority and agent, in the organization only', async () => {
    const res = await slaStats(agent, WINDOW);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from: '2021-03-01T00:00:00.000Z',
      to: '2021-03-22T00:00:00.000Z',
      period: 'week',
    });
    expect(res.body.byMetric).toEqual([
      { metric: 'first_response', met: 3, breached: 1, percentMet: 75 },
      { metric: 'next_response', met: 2, breached: 0, percentMet: 100 },
      { metric: 'resolution', met: 0, breached: 1, percentMet: 0 },
    ]);
    expect(res.body.byPriority).toEqual([
      { priority: 'LOW', metric: 'resolution', met: 0, breached: 1, percentMet: 0 },
      { priority: 'HIGH', metric: 'first_response', met: 3, breached: 1, percentMet: 75 },
      { priority: 'URGENT', metric: 'next_response', met: 2, breached: 0, percentMet: 100 },
    ]);
    const alice = { id: aliceId, name: ALICE };
    const eve = { id: eveId, name: EVE };
    // By name (the service's localeCompare), the unassigned tickets last.
    const named = [
      { agent: alice, metric: 'first_response', met: 3, breached: 1, percentMet: 75 },
      { agent: eve, metric: 'next_response', met: 2, breached: 0, percentMet: 100 },
    ].sort((a, b) => a.agent.name.localeCompare(b.agent.name));
    expect(res.body.byAgent).toEqual([
      ...named,
      { agent: null, metric: 'resolution', met: 0, breached: 1, percentMet: 0 },
    ]);

    const globex = await slaStats(globexAgent, WINDOW);
    expect(globex.body.byMetric[0]).toEqual({
      metric: 'first_response',
      met: 1,
      breached: 0,
      percentMet: 100,
    });
    expect(globex.body.byMetric.slice(1).every((m: { met: number }) => m.met === 0)).toBe(true);
  });

  it('buckets outcomes by UTC week, day and month, every period of the window listed', async () => {
    const weeks = (await slaStats(agent, WINDOW)).body.byPeriod;
    expect(weeks).toEqual([
      {
        periodStart: '2021-03-01T00:00:00.000Z',
        metric: 'first_response',
        met: 1,
        breached: 0,
        percentMet: 100,
      },
      {
        periodStart: '2021-03-01T00:00:00.000Z',
        metric: 'next_response',
        met: 2,
        breached: 0,
        percentMet: 100,
      },
      {
        periodStart: '2021-03-01T00:00:00.000Z',
        metric: 'resolution',
        met: 0,
        breached: 0,
        percentMet: null,
      },
      {
        periodStart: '2021-03-08T00:00:00.000Z',
        metric: 'first_response',
        met: 1,
        breached: 1,
        percentMet: 50,
      },
      {
        periodStart: '2021-03-08T00:00:00.000Z',
        metric: 'next_response',
        met: 0,
        breached: 0,
        percentMet: null,
      },
      {
        periodStart: '2021-03-08T00:00:00.000Z',
        metric: 'resolution',
        met: 0,
        breached: 0,
        percentMet: null,
      },
      {
        periodStart: '2021-03-15T00:00:00.000Z',
        metric: 'first_response',
        met: 1,
        breached: 0,
        percentMet: 100,
      },
      {
        periodStart: '2021-03-15T00:00:00.000Z',
        metric: 'next_response',
        met: 0,
        breached: 0,
        percentMet: null,
      },
      {
        periodStart: '2021-03-15T00:00:00.000Z',
        metric: 'resolution',
        met: 0,
        breached: 1,
        percentMet: 0,
      },
    ]);

    const days = (await slaStats(agent, { ...WINDOW, period: 'day' })).body.byPeriod;
    expect(days).toHaveLength(21 * 3);
    const day = (date: string, metric: string) =>
      days.find(
        (d: { periodStart: string; metric: string }) =>
          d.periodStart === `${date}T00:00:00.000Z` && d.metric === metric,
      );
    expect(day('2021-03-21', 'first_response')).toMatchObject({ met: 1, breached: 0 });
    expect(day('2021-03-10', 'first_response')).toMatchObject({ met: 0, breached: 1 });
    expect(day('2021-03-11', 'first_response')).toMatchObject({ met: 0, breached: 0 });
    const total = days.reduce(
      (sum: number, d: { met: number; breached: number }) => sum + d.met + d.breached,
      0,
    );
    expect(total).toBe(7);

    // From mid-February (a Monday): the late-fulfilled resolution breached on 28 February now counts.
    const months = await slaStats(agent, { from: '2021-02-15', to: '2021-03-22', period: 'month' });
    expect(months.body.byPeriod.map((p: { periodStart: string }) => p.periodStart)).toEqual([
      ...Array(3).fill('2021-02-01T00:00:00.000Z'),
      ...Array(3).fill('2021-03-01T00:00:00.000Z'),
    ]);
    expect(months.body.byPeriod[2]).toMatchObject({ metric: 'resolution', met: 0, breached: 1 });
    expect(months.body.byPeriod[3]).toMatchObject({
      metric: 'first_response',
      met: 3,
      breached: 1,
    });
    expect(months.body.byMetric[2]).toEqual({
      metric: 'resolution',
      met: 0,
      breached: 2,
      percentMet: 0,
    });
  });

  it('rounds percentMet to one decimal, and starts periods as date_trunc does in UTC', () => {
    expect(percentMet(2, 1)).toBe(66.7);
    expect(percentMet(1, 2)).toBe(33.3);
    expect(percentMet(999, 1)).toBe(99.9);
    expect(percentMet(0, 0)).toBeNull();
    // Sunday 23:59 UTC belongs to the week of the Monday before; a new year's week to December.
    expect(slaPeriodStart(at('2021-03-21T23:59:59.999Z'), 'week').toISOString()).toBe(
      '2021-03-15T00:00:00.000Z',
    );
    expect(slaPeriodStart(at('2021-01-01T12:00:00Z'), 'week').toISOString()).toBe(
      '2020-12-28T00:00:00.000Z',
    );
    expect(slaPeriodStart(at('2024-02-29T23:00:00-05:00'), 'month').toISOString()).toBe(
      '2024-03-01T00:00:00.000Z',
    );
    expect(
      slaCsvFileName({ from: '2021-03-01T09:30:00.000Z', to: '2021-03-22T00:00:00.000Z' }),
    ).toBe('sla-2021-03-01T093000Z-2021-03-22.csv');
  });
});

describe('GET /api/tickets/stats/sla.csv', () => {
  it('sends the same figures as CSV, one row per grouping, key and metric, formulas neutralised', async () => {
    const res = await slaCsv(agent, WINDOW);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="sla-2021-03-01-2021-03-22.csv"',
    );
    expect(res.text.startsWith('\uFEFFgrouping,key,metric,met,breached,percent_met\r\n')).toBe(
      true,
    );
    const rows: Record<string, string>[] = parse(res.text, { bom: true, columns: true });
    const json = (await slaStats(agent, WINDOW)).body;
    expect(rows).toHaveLength(
      json.byMetric.length + json.byPriority.length + json.byAgent.length + json.byPeriod.length,
    );
    expect(rows).toHaveLength(3 + 3 + 3 + 9);
    expect(rows.slice(0, 3)).toEqual([
      {
        grouping: 'metric',
        key: 'all',
        metric: 'first_response',
        met: '3',
        breached: '1',
        percent_met: '75',
      },
      {
        grouping: 'metric',
        key: 'all',
        metric: 'next_response',
        met: '2',
        breached: '0',
        percent_met: '100',
      },
      {
        grouping: 'metric',
        key: 'all',
        metric: 'resolution',
        met: '0',
        breached: '1',
        percent_met: '0',
      },
    ]);
    expect(rows).toContainEqual({
      grouping: 'priority',
      key: 'HIGH',
      metric: 'first_response',
      met: '3',
      breached: '1',
      percent_met: '75',
    });
    const agents = rows.filter((r) => r.grouping === 'agent');
    expect(agents.map((r) => r.key).sort()).toEqual([`'${EVE}`, ALICE, 'Unassigned'].sort());
    expect(agents.some((r) => r.key?.startsWith('='))).toBe(false);
    expect(rows).toContainEqual({
      grouping: 'period',
      key: '2021-03-08T00:00:00.000Z',
      metric: 'next_response',
      met: '0',
      breached: '0',
      percent_met: '',
    });
  });

  it('is in the OpenAPI document with the JSON route', async () => {
    const res = await t.http().get('/api/openapi.json');
    const json = res.body.paths['/api/tickets/stats/sla'].get;
    expect(json.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'from',
      'period',
      'to',
    ]);
    expect(JSON.stringify(res.body.components.schemas.SlaStats)).toContain('percentMet');
    expect(res.body.paths['/api/tickets/stats/sla.csv'].get.operationId).toBe('getSlaStatsCsv');
  });
});
