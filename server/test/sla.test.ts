/**
 * SLA through the API (docs/product.md "SLA", docs/api.md "SLA"), on the real database and the
 * real outbox: business hours and policies (checks, 404 across organizations, 409s), the `sla`
 * subscriber moving each ticket's clocks after its events, the timer worker warning and
 * breaching exactly once — with two app instances racing — and escalating with activity rows of
 * actor `system`, the list's `sla` filter and `slaDueAt` sort, the explanation route, an edit of
 * the schedule moving due dates, and customers never seeing any of it.
 * Policies here count 24/7 (the clock is the real one: business hours would make the outcome
 * depend on when the test runs); business-hours arithmetic is in sla-business-time.test.ts and
 * sla-clock.test.ts with an injected clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createApiKey, createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let tokens: Record<'admin' | 'agent' | 'customer' | 'otherAdmin', string>;
let adminKey: string;
let customerId: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const { organization, users } = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT' },
    customer: { role: 'CUSTOMER' },
  });
  const other = await createOrganizationWithUsers(t.prisma, { otherAdmin: { role: 'ADMIN' } });
  customerId = users.customer.id;
  tokens = await signInAll(t, {
    admin: users.admin,
    agent: users.agent,
    customer: users.customer,
    otherAdmin: other.users.otherAdmin,
  });
  adminKey = (await createApiKey(t.prisma, { organizationId: organization.id, role: 'ADMIN' })).key;
  await t.app.events.drain();
});
afterAll(async () => t?.close());

const as = (who: keyof typeof tokens) => authHeader(tokens[who]);
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000);

async function newTicket(body: Record<string, unknown> = {}, who: keyof typeof tokens = 'agent') {
  const res = await t
    .http()
    .post('/api/tickets')
    .set(as(who))
    .send({ subject: 'SLA test ticket', description: 'Something for the clocks.', ...body });
  expect(res.status).toBe(201);
  await t.app.events.drain();
  return res.body as { id: string; reference: string };
}

async function ticketOf(id: string, who: keyof typeof tokens = 'agent') {
  const res = await t.http().get(`/api/tickets/${id}`).set(as(who));
  expect(res.status).toBe(200);
  return res.body;
}

/**
 * Ticket `id`'s row version (`xmin`: it moves with every write of the row) and its SLA summary
 * columns, read from the table.
 */
async function slaRowOf(id: string) {
  const [row] = await t.prisma.$queryRaw<
    {
      xmin: string;
      slaDueAt: Date | null;
      slaMetric: string | null;
      slaWarnAt: Date | null;
      firstResponseDueAt: Date | null;
      resolutionDueAt: Date | null;
    }[]
  >`SELECT xmin::text AS xmin, "slaDueAt", "slaMetric"::text AS "slaMetric", "slaWarnAt",
      "firstResponseDueAt", "resolutionDueAt" FROM tickets WHERE id = ${id}::uuid`;
  return row!;
}

async function createPolicy(body: Record<string, unknown>) {
  const res = await t.http().post('/api/sla-policies').set(as('admin')).send(body);
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

describe('business hours', () => {
  it('creates, reads and lists a schedule with several intervals a day and a holiday', async () => {
    const res = await t
      .http()
      .post('/api/business-hours')
      .set(as('admin'))
      .send({
        name: 'Toronto office',
        timeZone: 'America/Toronto',
        intervals: [
          { day: 'mon', start: '09:00', end: '12:00' },
          { day: 'mon', start: '13:00', end: '17:00' },
        ],
        holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
      });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/business-hours/${res.body.id}`);
    expect(res.body).toMatchObject({ name: 'Toronto office', timeZone: 'America/Toronto' });
    expect(res.body.intervals).toHaveLength(2);
    const list = await t.http().get('/api/business-hours').set(as('admin'));
    expect(list.body.data.map((b: { name: string }) => b.name)).toContain('Toronto office');
    const other = await t.http().get(`/api/business-hours/${res.body.id}`).set(as('otherAdmin'));
    expect(other.status).toBe(404);
  });

  it('refuses an unknown time zone, overlapping intervals and an impossible date, naming the field', async () => {
    const res = await t
      .http()
      .post('/api/business-hours')
      .set(as('admin'))
      .send({
        name: 'Broken',
        timeZone: 'Mars/Olympus_Mons',
        intervals: [
          { day: 'tue', start: '09:00', end: '12:00' },
          { day: 'tue', start: '11:00', end: '14:00' },
          { day: 'wed', start: '15:00', end: '10:00' },
        ],
      });
    expect(res.status).toBe(400);
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toContain('timeZone');
    expect(paths.some((p) => p.startsWith('intervals.1') || p.startsWith('intervals.0'))).toBe(
      true,
    );
    expect(paths.some((p) => p.startsWith('intervals.2'))).toBe(true);
    const date = await t
      .http()
      .post('/api/business-hours')
      .set(as('admin'))
      .send({
        name: 'Bad date',
        timeZone: 'UTC',
        intervals: [{ day: 'mon', start: '09:00', end: '17:00' }],
        holidays: [{ date: '2026-02-30', name: 'Nope' }],
      });
    expect(date.status).toBe(400);
    expect(date.body.errors[0].path).toMatch(/^holidays\.0/);
    const bad = await t
      .http()
      .post('/api/business-hours')
      .set(as('admin'))
      .send({
        name: 'x',
        timeZone: 'UTC',
        intervals: [{ day: 'mon', start: '9am', end: '17:00' }],
      });
    expect(bad.status).toBe(400);
  });

  it('answers 409 to a duplicate name and to deleting hours a policy counts in', async () => {
    const hours = await t
      .http()
      .post('/api/business-hours')
      .set(as('admin'))
      .send({
        name: 'In use',
        timeZone: 'UTC',
        intervals: [{ day: 'fri', start: '08:00', end: '16:00' }],
      });
    const dup = await t
      .http()
      .post('/api/business-hours')
      .set(as('admin'))
      .send({
        name: 'In use',
        timeZone: 'UTC',
        intervals: [{ day: 'fri', start: '08:00', end: '16:00' }],
      });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('business_hours_exists');
    const policy = await createPolicy({
      name: 'Uses the hours',
      active: false,
      businessHoursId: hours.body.id,
      targets: { firstResponseMinutes: 60 },
    });
    const del = await t.http().delete(`/api/business-hours/${hours.body.id}`).set(as('admin'));
    expect(del.status).toBe(409);
    expect(del.body.code).toBe('business_hours_in_use');
    await t.http().delete(`/api/sla-policies/${policy.id}`).set(as('admin')).expect(204);
    await t.http().delete(`/api/business-hours/${hours.body.id}`).set(as('admin')).expect(204);
  });

  it('is for signed-in admins only', async () => {
    expect((await t.http().get('/api/business-hours').set(as('agent'))).status).toBe(403);
    expect((await t.http().get('/api/sla-policies').set(authHeader(adminKey))).status).toBe(403);
    expect((await t.http().get('/api/sla-policies').set(as('customer'))).status).toBe(403);
  });
});

describe('SLA policies and the clocks of tickets', () => {
  let urgentPolicy: string;

  beforeAll(async () => {
    // Tried in order: URGENT/CRITICAL tickets first, then everything else.
    urgentPolicy = (
      await createPolicy({
        name: 'Urgent',
        position: 0,
        conditions: { priorities: ['URGENT', 'CRITICAL'] },
        targets: { firstResponseMinutes: 30, nextResponseMinutes: 20, resolutionMinutes: 240 },
        escalation: { raisePriority: 'one_step', addTag: 'sla-breached', notify: true },
      })
    ).id;
    await createPolicy({
      name: 'Standard',
      position: 10,
      targets: { firstResponseMinutes: 120, nextResponseMinutes: 60, resolutionMinutes: 1440 },
      escalation: { raisePriority: 'URGENT', addTag: 'sla-breached', notify: true },
    });
  });

  it('refuses a category or schedule of another organization, naming the field', async () => {
    const res = await t
      .http()
      .post('/api/sla-policies')
      .set(as('admin'))
      .send({
        name: 'Bad refs',
        businessHoursId: '00000000-0000-4000-8000-000000000000',
        conditions: { categories: ['00000000-0000-4000-8000-000000000001'] },
        targets: { firstResponseMinutes: 10 },
      });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('businessHoursId');
  });

  it('arms first response and resolution after the create, under the first matching policy', async () => {
    const created = await newTicket({ priority: 'URGENT' });
    const ticket = await ticketOf(created.id);
    expect(ticket.sla).toMatchObject({ policyId: urgentPolicy, policyName: 'Urgent' });
    expect(ticket.sla.targets.map((x: { metric: string }) => x.metric)).toEqual([
      'first_response',
      'resolution',
    ]);
    const first = ticket.sla.targets[0];
    expect(first).toMatchObject({ state: 'active', targetMinutes: 30, fulfilledAt: null });
    expect(Date.parse(first.dueAt) - Date.parse(ticket.createdAt)).toBe(30 * 60_000);
    expect(ticket.firstResponseDueAt).toBe(first.dueAt);
    expect(ticket.sla.state).toBe('on_track');
    expect(ticket.sla.nextMetric).toBe('first_response');
  });

  it('is fulfilled by a public staff reply, never by an internal note; a customer reply arms the next response', async () => {
    const created = await newTicket({ requesterId: customerId });
    const note = await t
      .http()
      .post(`/api/tickets/${created.id}/responses`)
      .set(as('agent'))
      .send({ content: 'Looking into it internally.', isInternal: true });
    expect(note.status).toBe(201);
    await t.app.events.drain();
    expect((await ticketOf(created.id)).sla.targets[0].state).toBe('active');

    await t
      .http()
      .post(`/api/tickets/${created.id}/responses`)
      .set(as('agent'))
      .send({ content: 'Hello! We are on it.' })
      .expect(201);
    await t.app.events.drain();
    let ticket = await ticketOf(created.id);
    expect(ticket.sla.targets[0]).toMatchObject({ metric: 'first_response', state: 'fulfilled' });
    expect(ticket.sla.nextMetric).toBe('resolution');

    await t
      .http()
      .post(`/api/tickets/${created.id}/responses`)
      .set(as('customer'))
      .send({ content: 'Thanks, any news?' })
      .expect(201);
    await t.app.events.drain();
    ticket = await ticketOf(created.id);
    const next = ticket.sla.targets.find((x: { metric: string }) => x.metric === 'next_response');
    expect(next).toMatchObject({ cycle: 1, state: 'active', targetMinutes: 60 });
    expect(ticket.sla.nextMetric).toBe('next_response');
  });

  it('writes the SLA summary of a public staff reply in the reply itself; the subscriber then leaves the ticket as it is', async () => {
    const created = await newTicket({ requesterId: customerId });
    const row = () => slaRowOf(created.id);
    const reply = async (who: 'agent' | 'customer', content: string) => {
      await t
        .http()
        .post(`/api/tickets/${created.id}/responses`)
        .set(as(who))
        .send({ content })
        .expect(201);
    };
    const armed = await row();
    expect(armed.slaMetric).toBe('first_response');

    // The first response: the reply's statement already holds what the subscriber computes.
    await reply('agent', 'Hello! We are on it.');
    const replied = await row();
    expect(replied.slaMetric).toBe('resolution');
    expect(replied.slaDueAt).toEqual(armed.resolutionDueAt);
    expect(replied.firstResponseDueAt).toEqual(armed.firstResponseDueAt);
    await t.app.events.drain();
    const settled = await row();
    expect((await ticketOf(created.id)).sla.targets[0]).toMatchObject({
      metric: 'first_response',
      state: 'fulfilled',
    });
    expect(settled).toEqual(replied);

    // A next response: armed by the customer's reply (the subscriber writes the ticket), then
    // fulfilled by the staff's, whose statement again leaves nothing for the subscriber to write.
    await reply('customer', 'Thanks, any news?');
    await t.app.events.drain();
    expect((await row()).slaMetric).toBe('next_response');
    await reply('agent', 'Yes: it ships tomorrow.');
    const second = await row();
    expect(second.slaMetric).toBe('resolution');
    await t.app.events.drain();
    const next = (await ticketOf(created.id)).sla.targets.find(
      (x: { metric: string }) => x.metric === 'next_response',
    );
    expect(next).toMatchObject({ cycle: 1, state: 'fulfilled' });
    expect(await row()).toEqual(second);
  });

  it('pauses every clock while waiting on the customer and resumes with the time used', async () => {
    const created = await newTicket();
    await t
      .http()
      .patch(`/api/tickets/${created.id}`)
      .set(as('agent'))
      .send({ status: 'WAITING_ON_CUSTOMER' })
      .expect(200);
    await t.app.events.drain();
    let ticket = await ticketOf(created.id);
    expect(ticket.sla.state).toBe('paused');
    expect(
      ticket.sla.targets.every(
        (x: { state: string; dueAt: null }) => x.state === 'paused' && x.dueAt === null,
      ),
    ).toBe(true);
    expect(ticket.firstResponseDueAt).toBeNull();
    await t
      .http()
      .patch(`/api/tickets/${created.id}`)
      .set(as('agent'))
      .send({ status: 'IN_PROGRESS' })
      .expect(200);
    await t.app.events.drain();
    ticket = await ticketOf(created.id);
    expect(ticket.sla.targets[0].state).toBe('active');
    expect(ticket.sla.targets[0].businessSecondsLeft).toBeLessThanOrEqual(120 * 60);
    expect(ticket.sla.targets[0].businessSecondsLeft).toBeGreaterThan(110 * 60);
  });

  it('chooses the policy again when the priority changes, keeping the time used', async () => {
    const created = await newTicket({ priority: 'LOW' });
    expect((await ticketOf(created.id)).sla.policyName).toBe('Standard');
    await t
      .http()
      .patch(`/api/tickets/${created.id}`)
      .set(as('agent'))
      .send({ priority: 'CRITICAL' })
      .expect(200);
    await t.app.events.drain();
    const ticket = await ticketOf(created.id);
    expect(ticket.sla.policyName).toBe('Urgent');
    const first = ticket.sla.targets[0];
    expect(first.targetMinutes).toBe(30);
    // Not pushed into the past: 30 minutes less the few seconds already used.
    expect(Date.parse(first.dueAt)).toBeGreaterThan(Date.now() + 25 * 60_000);
  });

  it('drops the targets the new policy does not set, and keeps the others', async () => {
    const responseOnly = await createPolicy({
      name: 'Response only',
      position: 0,
      conditions: { tags: ['response-only'] },
      targets: { firstResponseMinutes: 45 },
    });
    const created = await newTicket({ priority: 'LOW' });
    expect((await ticketOf(created.id)).sla.targets).toHaveLength(2);
    await t
      .http()
      .patch(`/api/tickets/${created.id}`)
      .set(as('agent'))
      .send({ tags: ['response-only'] })
      .expect(200);
    await t.app.events.drain();
    const ticket = await ticketOf(created.id);
    expect(ticket.sla.policyId).toBe(responseOnly.id);
    expect(ticket.sla.targets).toMatchObject([{ metric: 'first_response', targetMinutes: 45 }]);
    expect(ticket.resolutionDueAt).toBeNull();
    const rows = await t.prisma.ticketSlaTarget.findMany({ where: { ticketId: created.id } });
    expect(rows.map((row) => [row.metric, row.policyId])).toEqual([
      ['first_response', responseOnly.id],
    ]);
  });

  it('warns then breaches exactly once with two instances racing, and escalates as the system', async () => {
    const created = await newTicket({ priority: 'HIGH', tags: ['billing'] });
    const second = await buildApp(t.config, { prisma: t.prisma, ownsPrisma: false, logger: false });
    await second.ready();
    try {
      // 100 of 120 minutes later: at risk (warned at 80%).
      const atRisk = inMinutes(100);
      await Promise.all([
        t.app.events.runDeliveriesOnce({ now: atRisk }),
        second.events.runDeliveriesOnce({ now: atRisk }),
      ]);
      // Past due: breached.
      const late = inMinutes(130);
      await Promise.all([
        t.app.events.runDeliveriesOnce({ now: late }),
        second.events.runDeliveriesOnce({ now: late }),
        t.app.events.runDeliveriesOnce({ now: late }),
      ]);
      await t.app.events.runDeliveriesOnce({ now: inMinutes(200) });
    } finally {
      await second.close();
    }
    const events = await t.prisma.outboxMessage.findMany({
      where: { kind: 'EVENT', aggregateId: created.id, topic: { startsWith: 'ticket.sla_' } },
      orderBy: { sequence: 'asc' },
    });
    const firstResponse = events.filter(
      (e) =>
        (e.payload as { data: { target: { metric: string } } }).data.target.metric ===
        'first_response',
    );
    expect(firstResponse.map((e) => e.topic)).toEqual([
      'ticket.sla_warning',
      'ticket.sla_breached',
    ]);
    const breach = firstResponse[1]!.payload as {
      data: { escalation: unknown; actor: { type: string }; ticket: { priority: string } };
    };
    expect(breach.data.escalation).toEqual({
      priority: { before: 'HIGH', after: 'URGENT' },
      addedTag: 'sla-breached',
    });
    expect(breach.data.actor.type).toBe('system');

    const rows = await t.prisma.ticketActivity.findMany({
      where: { ticketId: created.id, actorType: 'system' },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((r) => [r.type, r.reason])).toEqual([
      ['PRIORITY_CHANGED', 'SLA breached: first response'],
      ['FIELDS_CHANGED', 'SLA breached: first response'],
    ]);
    // The priority change chose the Urgent policy; the breached target stays breached.
    await t.app.events.drain();
    const ticket = await ticketOf(created.id);
    expect(ticket.priority).toBe('URGENT');
    expect(ticket.tags).toEqual(['billing', 'sla-breached']);
    expect(ticket.sla.policyName).toBe('Urgent');
    expect(ticket.sla.targets[0]).toMatchObject({ metric: 'first_response', state: 'breached' });
  });

  it('records a warning in the target without writing the ticket when its SLA columns stay', async () => {
    const created = await newTicket({ priority: 'HIGH' });
    await t.app.events.drain();
    const before = await slaRowOf(created.id);
    expect(before.slaWarnAt).not.toBeNull();
    // 100 of 120 minutes later: at risk (warned at 80%); the summary columns do not move.
    await t.app.events.runDeliveriesOnce({ now: inMinutes(100) });
    const targets = await t.prisma.ticketSlaTarget.findMany({ where: { ticketId: created.id } });
    expect(targets.find((target) => target.metric === 'first_response')?.warnedAt).not.toBeNull();
    const after = await slaRowOf(created.id);
    expect(after.slaWarnAt).toEqual(before.slaWarnAt);
    expect(after.xmin).toBe(before.xmin);
  });

  it('lists breached tickets (sla=breached) sorted by SLA due, and explains the clocks', async () => {
    const overdue = await newTicket({ subject: 'SLA overdue ticket' });
    // Make it overdue now: the worker breaches it at a time past its due date.
    await t.prisma.ticketSlaTarget.updateMany({
      where: { ticketId: overdue.id },
      data: { dueAt: new Date(Date.now() - 60_000) },
    });
    await t.prisma.ticket.update({
      where: { id: overdue.id },
      data: { slaDueAt: new Date(Date.now() - 60_000) },
    });
    const breached = await t
      .http()
      .get('/api/tickets')
      .query({ sla: 'breached', sortBy: 'slaDueAt', sortOrder: 'asc' })
      .set(as('agent'));
    expect(breached.status).toBe(200);
    const ids = breached.body.data.map((x: { id: string }) => x.id);
    expect(ids).toContain(overdue.id);
    for (const x of breached.body.data) expect(x.sla.state).toBe('breached');
    const due = breached.body.data.map((x: { sla: { nextDueAt: string } }) => x.sla.nextDueAt);
    expect(due).toEqual([...due].sort());

    const sorted = await t
      .http()
      .get('/api/tickets')
      .query({ sortBy: 'slaDueAt', sortOrder: 'asc', limit: 2 })
      .set(as('agent'));
    expect(sorted.status).toBe(200);
    // Paging through the SLA order reaches the tickets without a running target, last.
    let cursor = sorted.body.nextCursor as string | null;
    const seen = [...sorted.body.data];
    while (cursor) {
      const page = await t
        .http()
        .get('/api/tickets')
        .query({ sortBy: 'slaDueAt', sortOrder: 'asc', limit: 2, cursor })
        .set(as('agent'));
      expect(page.status).toBe(200);
      seen.push(...page.body.data);
      cursor = page.body.nextCursor;
    }
    const all = await t.prisma.ticket.count({ where: { deletedAt: null } });
    expect(new Set(seen.map((x) => x.id)).size).toBe(all);
    const firstNull = seen.findIndex((x) => x.sla?.nextDueAt == null);
    if (firstNull >= 0)
      expect(seen.slice(firstNull).every((x) => x.sla?.nextDueAt == null)).toBe(true);

    const explained = await t.http().get(`/api/tickets/${overdue.id}/sla`).set(as('agent'));
    expect(explained.status).toBe(200);
    expect(explained.body.policy).toMatchObject({ name: 'Standard', businessHours: null });
    const first = explained.body.targets[0];
    expect(first.metric).toBe('first_response');
    expect(first.intervals[0]).toMatchObject({ counted: true, reason: 'armed: ticket created' });
  });

  it('moves due dates when an admin edits the schedule of the policy', async () => {
    const hours = await t
      .http()
      .post('/api/business-hours')
      .set(as('admin'))
      .send({
        name: 'Every day',
        timeZone: 'UTC',
        intervals: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({
          day,
          start: '00:00',
          end: '24:00',
        })),
      });
    const policy = await createPolicy({
      name: 'Tagged vip',
      position: 5,
      conditions: { tags: ['vip'] },
      businessHoursId: hours.body.id,
      targets: { firstResponseMinutes: 600 },
    });
    const created = await newTicket({ tags: ['vip'] });
    const before = await ticketOf(created.id);
    expect(before.sla.policyId).toBe(policy.id);
    // Open only on one weekday other than today: the due date moves at least a day away.
    const today = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][new Date().getUTCDay()];
    const otherDay = today === 'mon' ? 'tue' : 'mon';
    const patch = await t
      .http()
      .patch(`/api/business-hours/${hours.body.id}`)
      .set(as('admin'))
      .send({ intervals: [{ day: otherDay, start: '09:00', end: '17:00' }] });
    expect(patch.status).toBe(200);
    const after = await ticketOf(created.id);
    expect(Date.parse(after.sla.targets[0].dueAt)).toBeGreaterThan(
      Date.parse(before.sla.targets[0].dueAt) + 12 * 3600_000,
    );
    expect(after.sla.targets[0].businessSecondsLeft).toBeLessThanOrEqual(600 * 60);
  });

  it('shows customers none of it', async () => {
    const created = await newTicket({ requesterId: customerId, priority: 'URGENT' });
    const mine = await ticketOf(created.id, 'customer');
    expect(mine).not.toHaveProperty('sla');
    expect(mine).not.toHaveProperty('firstResponseDueAt');
    expect((await t.http().get(`/api/tickets/${created.id}/sla`).set(as('customer'))).status).toBe(
      403,
    );
    const list = await t.http().get('/api/tickets').set(as('customer'));
    for (const x of list.body.data) expect(x).not.toHaveProperty('sla');
  });
});
