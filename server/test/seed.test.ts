import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../src/seed/demo-data.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('demo data', () => {
  it('is idempotent: seeding again creates nothing', async () => {
    const counts = async () => ({
      organizations: await t.prisma.organization.count(),
      users: await t.prisma.user.count(),
      tickets: await t.prisma.ticket.count(),
      responses: await t.prisma.ticketResponse.count(),
      activities: await t.prisma.ticketActivity.count(),
      chats: await t.prisma.chat.count(),
      categories: await t.prisma.category.count(),
    });
    const before = await counts();
    const again = await seedDemoData(t.prisma, { repoRoot: t.config.repoRoot });
    expect(again).toEqual({ createdUsers: 0, createdTickets: 0 });
    expect(await counts()).toEqual(before);
    expect(before.organizations).toBe(2);
    expect(before.users).toBe(8);
  });

  it('gives Acme about 200 realistic tickets with a consistent history', async () => {
    const acme = await t.prisma.organization.findUniqueOrThrow({ where: { slug: 'acme' } });
    const tickets = await t.prisma.ticket.findMany({
      where: { organizationId: acme.id },
      include: { responses: true, activities: true },
      orderBy: { number: 'asc' },
    });
    expect(tickets).toHaveLength(200);
    expect(acme.ticketCounter).toBe(200);
    expect(tickets.map((x) => x.number)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const statuses = new Set(tickets.map((x) => x.status));
    for (const s of ['NEW', 'OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'])
      expect(statuses).toContain(s);
    expect(tickets.filter((x) => x.priority === 'CRITICAL').length).toBeGreaterThanOrEqual(3);
    const ninetyDaysAgo = Date.now() - 91 * 24 * 3600_000;
    for (const ticket of tickets) {
      expect(ticket.createdAt.getTime()).toBeGreaterThan(ninetyDaysAgo);
      expect(ticket.subject.length).toBeGreaterThanOrEqual(5);
      expect(ticket.description.length).toBeGreaterThanOrEqual(10);
      expect(ticket.activities.some((a) => a.type === 'CREATED')).toBe(true);
      if (ticket.status === 'CLOSED') expect(ticket.closedAt).not.toBeNull();
      if (ticket.status === 'RESOLVED') expect(ticket.resolvedAt).not.toBeNull();
      if (ticket.status === 'NEW') {
        expect(ticket.assigneeId).toBeNull();
        expect(ticket.responses).toHaveLength(0);
      }
      const publicAgentReplies = ticket.responses
        .filter((r) => r.authorType === 'AGENT' && !r.isInternal)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      expect(ticket.firstRespondedAt?.getTime() ?? null).toBe(
        publicAgentReplies[0]?.createdAt.getTime() ?? null,
      );
      const last = ticket.activities.reduce((max, a) => Math.max(max, a.createdAt.getTime()), 0);
      expect(ticket.updatedAt.getTime()).toBeGreaterThanOrEqual(last);
      // Each status change continues from the status before it.
      const changes = ticket.activities
        .filter((a) => a.type === 'STATUS_CHANGED')
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      let status = 'NEW';
      for (const change of changes) {
        expect((change.before as { status: string }).status).toBe(status);
        status = (change.after as { status: string }).status;
      }
      expect(status).toBe(ticket.status);
    }
    const internal = await t.prisma.ticketResponse.count({
      where: { organizationId: acme.id, isInternal: true },
    });
    expect(internal).toBeGreaterThan(5);
    const customers = tickets.filter((x) => x.requesterEmail === 'customer@acme.test');
    expect(customers.length).toBeGreaterThan(5);
  });

  it('creates chats, one escalated, with messages', async () => {
    const chats = await t.prisma.chat.findMany({ include: { messages: true } });
    expect(chats.length).toBeGreaterThanOrEqual(3);
    expect(chats.filter((c) => c.escalated)).toHaveLength(1);
    for (const chat of chats) expect(chat.messages.length).toBeGreaterThanOrEqual(4);
  });
});

describe('demo SLA', () => {
  // Seeded at a fixed moment (a Wednesday afternoon in Toronto), so that what is open, at risk
  // or breached does not depend on the day the test runs.
  const now = new Date('2026-12-02T20:00:00Z');
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.prisma, { repoRoot: t.config.repoRoot, now });
  });
  afterAll(async () => db?.drop());

  it('gives Acme business hours, per-priority policies and clocks consistent with each history', async () => {
    const prisma = db.prisma;
    const acme = await prisma.organization.findUniqueOrThrow({ where: { slug: 'acme' } });
    const hours = await prisma.businessHours.findMany({ where: { organizationId: acme.id } });
    expect(hours.map((h) => [h.name, h.timeZone])).toEqual([['Toronto office', 'America/Toronto']]);
    expect(hours[0]!.holidays).toEqual([{ date: '2026-12-25', name: 'Christmas Day' }]);
    const policies = await prisma.slaPolicy.findMany({
      where: { organizationId: acme.id },
      orderBy: { position: 'asc' },
    });
    expect(policies.map((p) => p.name)).toEqual([
      'Critical priority',
      'Urgent priority',
      'High priority',
      'Medium priority',
      'Low priority',
    ]);
    const tickets = await prisma.ticket.findMany({
      where: { organizationId: acme.id },
      include: { slaTargets: true },
    });
    const at = now.getTime();
    const open = tickets.filter((x) => !['RESOLVED', 'CLOSED'].includes(x.status));
    const breachedNow = open.filter((x) => x.slaDueAt && x.slaDueAt.getTime() <= at);
    const atRisk = open.filter(
      (x) => x.slaDueAt && x.slaDueAt.getTime() > at && x.slaWarnAt && x.slaWarnAt.getTime() <= at,
    );
    const targets = tickets.flatMap((x) => x.slaTargets);
    const met = targets.filter((s) => s.state === 'fulfilled');
    // Most targets met, a few at risk and a few breached — not most open tickets overdue.
    expect(met.length).toBeGreaterThan(targets.length / 2);
    expect(breachedNow.length).toBeGreaterThan(0);
    expect(breachedNow.length).toBeLessThan(open.length / 5);
    expect(atRisk.length).toBeGreaterThan(0);
    for (const ticket of tickets) {
      expect(ticket.slaPolicyId).not.toBeNull();
      for (const target of ticket.slaTargets) {
        // A breach happens at the due time, to a target answered late or not yet.
        if (target.breachedAt) {
          expect(target.breachedAt.getTime()).toBeLessThanOrEqual(at);
          if (target.fulfilledAt) expect(target.fulfilledAt >= target.breachedAt).toBe(true);
        }
        if (target.state === 'fulfilled') {
          expect(target.fulfilledAt!.getTime()).toBeLessThanOrEqual(target.dueAt!.getTime());
        }
      }
      if (ticket.status === 'RESOLVED' || ticket.status === 'CLOSED') {
        expect(ticket.slaDueAt).toBeNull();
      }
    }
  });
});
