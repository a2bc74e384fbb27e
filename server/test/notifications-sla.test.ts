/**
 * SLA warning and breach mails over real SMTP (modules/notifications/README.md "Rules",
 * docs/product.md "SLA"): the SLA timer worker's `ticket.sla_warning` / `ticket.sla_breached`
 * events, through the `email` subscriber and the mail worker, reach the ticket's assignee — in
 * their language and time zone, with the policy, the due time and a dashboard link — or every
 * active admin when the ticket is unassigned (with what the escalation changed); never the
 * requester. A policy that does not notify sends nothing, and a policy holding notifications
 * until its business hours open keeps the breach mail until the next opening (the event's
 * `notifyAt`). Everything is built through the API on the real database and outbox; the
 * workers are driven with explicit times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from './helpers/smtp.js';
import { createWebhookTestApp, type WebhookTestApp } from './helpers/webhooks.js';

let t: WebhookTestApp;
let smtp: TestSmtpServer;
let tokens: Record<string, string>;
let ids: Record<string, string>;

const ADMIN = 'admin@acme.test';
const ADMIN_FR = 'admin2@acme.test';
const AGENT = 'agent@acme.test';
const AGENT_FR = 'agent2@acme.test';
const CUSTOMER = 'customer@acme.test';
const INTERNAL_NOTE = 'INTERNAL: waiting on the vendor';

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000);

async function call(who: string, method: 'post' | 'get', path: string, body?: object) {
  const res = await t.http()[method](path).set(authHeader(tokens[who]!)).send(body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
}

/** The SLA mails received about `reference`, to `address`. */
function slaMails(address: string, reference: string): ReceivedMail[] {
  return smtp.to(address).filter((m) => m.parsed.subject?.startsWith(`[${reference}] SLA `));
}

/** The time of day of `iso` as the mails write it (24-hour, in `timeZone`, the zone named). */
function timeOf(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
    timeZone,
  }).format(new Date(iso));
}

async function newTicket(body: Record<string, unknown>) {
  const ticket = await call('agent', 'post', '/api/tickets', {
    subject: 'Printer on fire',
    description: 'The office printer is smoking.',
    requesterId: ids.customer,
    ...body,
  });
  await t.app.events.drain();
  return ticket as { id: string; reference: string };
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createWebhookTestApp({ env: { SMTP_URL: smtp.url }, seed: false });
  const acme = await createOrganizationWithUsers(
    t.prisma,
    {
      admin: { role: 'ADMIN', email: ADMIN, name: 'Ada Admin', timeZone: 'America/Toronto' },
      admin2: {
        role: 'ADMIN',
        email: ADMIN_FR,
        name: 'Mathilde Roy',
        locale: 'fr-CA',
        timeZone: 'America/Montreal',
      },
      agent: { role: 'AGENT', email: AGENT, name: 'Alex Agent' },
      agent2: {
        role: 'AGENT',
        email: AGENT_FR,
        name: 'Camille Tremblay',
        locale: 'fr-CA',
        timeZone: 'America/Montreal',
      },
      customer: { role: 'CUSTOMER', email: CUSTOMER, name: 'Casey Customer' },
    },
    { settings: { timeZone: 'America/Toronto', locale: 'en' } },
  );
  ids = Object.fromEntries(Object.entries(acme.users).map(([key, user]) => [key, user.id]));
  tokens = await signInAll(t, acme.users);
  expect(t.app.notifications.mode).toBe('smtp');

  // Policies by position: tagged tickets take the special ones, the others "Standard response".
  const policy = (body: Record<string, unknown>) =>
    call('admin', 'post', '/api/sla-policies', body);
  await policy({
    name: 'Quiet',
    position: 0,
    conditions: { tags: ['quiet'] },
    targets: { firstResponseMinutes: 60 },
    escalation: { raisePriority: null, addTag: null, notify: false },
  });
  await policy({
    name: 'VIP',
    position: 1,
    conditions: { tags: ['vip'] },
    targets: { firstResponseMinutes: 60 },
    escalation: { raisePriority: 'one_step', addTag: 'sla-breached', notify: true },
  });
  await policy({
    name: 'Standard response',
    position: 2,
    targets: { firstResponseMinutes: 60 },
    escalation: { raisePriority: null, addTag: null, notify: true },
  });
  await t.app.notifications.drain();
  smtp.mails.length = 0;
});

afterAll(async () => {
  await t?.close();
  await smtp?.stop();
});

describe('SLA mails', () => {
  let assigned: { id: string; reference: string };
  let unassigned: { id: string; reference: string };
  let quiet: { id: string; reference: string };
  let dueAt: string;

  it('warns then tells the assignee of a breach, in their language and time zone, once each', async () => {
    assigned = await newTicket({ assigneeId: ids.agent2 });
    unassigned = await newTicket({ subject: 'VIP cannot log in', tags: ['vip'] });
    quiet = await newTicket({ subject: 'Quiet ticket', tags: ['quiet'], assigneeId: ids.agent });
    const sla = (await call('agent', 'get', `/api/tickets/${assigned.id}`)).sla;
    expect(sla.policyName).toBe('Standard response');
    dueAt = sla.targets[0].dueAt as string;
    // An internal note: staff data, allowed in staff mails but it must never reach the requester.
    await call('agent', 'post', `/api/tickets/${assigned.id}/responses`, {
      content: INTERNAL_NOTE,
      isInternal: true,
    });
    await t.app.notifications.drain();
    smtp.mails.length = 0;

    const warnAt = inMinutes(50);
    await t.app.events.runDeliveriesOnce({ now: warnAt });
    await t.app.notifications.drain({ now: warnAt });
    const breachAt = inMinutes(70);
    await t.app.events.runDeliveriesOnce({ now: breachAt });
    await t.app.notifications.drain({ now: breachAt });
    // A second pass writes and sends nothing again (one mail per event and recipient).
    await t.app.events.runDeliveriesOnce({ now: inMinutes(80) });
    await t.app.notifications.drain({ now: inMinutes(80) });

    const mails = slaMails(AGENT_FR, assigned.reference);
    expect(mails.map((m) => m.parsed.subject)).toEqual([
      `[${assigned.reference}] SLA à risque : première réponse attendue à ${timeOf(dueAt, 'fr-CA', 'America/Montreal')}`,
      `[${assigned.reference}] SLA dépassé : première réponse`,
    ]);
    expect(timeOf(dueAt, 'fr-CA', 'America/Montreal')).toMatch(/^\d\d h \d\d H[NA]E$/);
    const [warning, breach] = mails as [ReceivedMail, ReceivedMail];
    for (const mail of [warning, breach]) {
      expect(mail.parsed.text).toContain('Bonjour Camille Tremblay,');
      expect(mail.parsed.text).toContain('Politique de SLA: Standard response');
      expect(mail.parsed.text).toContain(
        `http://localhost:3000/tickets/${encodeURIComponent(assigned.reference)}`,
      );
      expect(mail.parsed.html).toContain('<html lang="fr-CA">');
      expect(mail.parsed.html).toContain('Ouvrir le billet');
      expect(mail.parsed.inReplyTo).toBe(`<ticket-${assigned.id}@localhost>`);
    }
    expect(warning.parsed.headers.get('x-docket-notification')).toBe('sla_warning');
    expect(breach.parsed.headers.get('x-docket-notification')).toBe('sla_breached');
    expect(warning.parsed.text).toContain(
      'La cible « première réponse » de ce billet est à risque',
    );
    expect(breach.parsed.text).toContain('La politique de SLA n’a rien changé au billet.');
    // Nobody else hears about the assigned ticket: not the admins, not the requester.
    for (const address of [ADMIN, ADMIN_FR, AGENT, CUSTOMER]) {
      expect(slaMails(address, assigned.reference)).toHaveLength(0);
    }
    const rows = await t.prisma.emailNotification.findMany({
      where: { ticketId: assigned.id, kind: { in: ['sla_warning', 'sla_breached'] } },
    });
    expect(rows.map((r) => [r.kind, r.recipientEmail, r.locale, r.status]).sort()).toEqual([
      ['sla_breached', AGENT_FR, 'fr-CA', 'SENT'],
      ['sla_warning', AGENT_FR, 'fr-CA', 'SENT'],
    ]);
  });

  it('mails every active admin when the ticket is unassigned, with what the escalation changed', async () => {
    const en = slaMails(ADMIN, unassigned.reference);
    const fr = slaMails(ADMIN_FR, unassigned.reference);
    const due = (await call('agent', 'get', `/api/tickets/${unassigned.id}`)).sla.targets[0];
    expect(en.map((m) => m.parsed.subject)).toEqual([
      `[${unassigned.reference}] SLA at risk: first response due ${timeOf(due.dueAt, 'en', 'America/Toronto')}`,
      `[${unassigned.reference}] SLA breached: first response`,
    ]);
    expect(fr.map((m) => m.parsed.subject)).toEqual([
      `[${unassigned.reference}] SLA à risque : première réponse attendue à ${timeOf(due.dueAt, 'fr-CA', 'America/Montreal')}`,
      `[${unassigned.reference}] SLA dépassé : première réponse`,
    ]);
    const breach = en[1]!;
    expect(breach.parsed.text).toContain('Hello Ada Admin,');
    expect(breach.parsed.text).toContain('SLA policy: VIP');
    expect(breach.parsed.text).toContain('The ticket has no assignee');
    expect(breach.parsed.text).toContain('The SLA policy escalated the ticket:');
    expect(breach.parsed.text).toContain('Priority raised: Medium → High');
    expect(breach.parsed.text).toContain('Tag added: sla-breached');
    expect(fr[1]!.parsed.text).toContain('Priorité augmentée: Moyenne → Haute');
    expect(breach.parsed.text).toContain(
      `http://localhost:3000/tickets/${encodeURIComponent(unassigned.reference)}`,
    );
    // Agents and the requester get none of it.
    for (const address of [AGENT, AGENT_FR, CUSTOMER]) {
      expect(slaMails(address, unassigned.reference)).toHaveLength(0);
    }
  });

  it('sends nothing for a policy that does not notify, and never anything SLA to a customer', async () => {
    const events = await t.prisma.outboxMessage.count({
      where: { kind: 'EVENT', aggregateId: quiet.id, topic: { startsWith: 'ticket.sla_' } },
    });
    // The events happened (webhooks get them); the mails did not.
    expect(events).toBe(2);
    expect(
      await t.prisma.emailNotification.count({
        where: { ticketId: quiet.id, kind: { in: ['sla_warning', 'sla_breached'] } },
      }),
    ).toBe(0);
    expect(smtp.mails.filter((m) => m.parsed.subject?.includes(quiet.reference))).toHaveLength(0);
    expect(
      await t.prisma.emailNotification.count({
        where: { recipientEmail: CUSTOMER, kind: { in: ['sla_warning', 'sla_breached'] } },
      }),
    ).toBe(0);
    for (const mail of smtp.to(CUSTOMER)) {
      expect(mail.parsed.subject).not.toContain('SLA');
      expect(mail.parsed.text).not.toContain(INTERNAL_NOTE);
    }
  });

  it('holds the mails of a policy holding notifications until its business hours open', async () => {
    // Open one hour a week, two days from today (UTC): closed now, whenever the test runs.
    const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
    const day = days[(new Date().getUTCDay() + 2) % 7];
    const hours = await call('admin', 'post', '/api/business-hours', {
      name: 'One hour a week',
      timeZone: 'UTC',
      intervals: [{ day, start: '10:00', end: '11:00' }],
    });
    await call('admin', 'post', '/api/sla-policies', {
      name: 'Office hours',
      position: 0,
      conditions: { tags: ['held'] },
      businessHoursId: hours.id,
      holdNotificationsUntilOpen: true,
      targets: { firstResponseMinutes: 60 },
      escalation: { raisePriority: null, addTag: null, notify: true },
    });
    const held = await newTicket({ subject: 'Held ticket', tags: ['held'], assigneeId: ids.agent });
    const target = (await call('agent', 'get', `/api/tickets/${held.id}`)).sla.targets[0];
    // 60 business minutes from now: the whole hour of that day, due when it closes.
    expect(new Date(target.dueAt).getUTCDay()).toBe(days.indexOf(day!));
    expect(target.dueAt).toMatch(/T11:00:00\.000Z$/);
    await t.app.notifications.drain();
    smtp.mails.length = 0;

    // At risk while open (10:48): the warning goes at once.
    const warnAt = new Date(target.warnAt);
    await t.app.events.runDeliveriesOnce({ now: warnAt });
    await t.app.notifications.drain({ now: warnAt });
    expect(slaMails(AGENT, held.reference).map((m) => m.parsed.subject)).toEqual([
      `[${held.reference}] SLA at risk: first response due 11:00 UTC`,
    ]);

    // Breached at the closing instant: the mail waits for next week's opening.
    const breachAt = new Date(Date.parse(target.dueAt) + 60_000);
    await t.app.events.runDeliveriesOnce({ now: breachAt });
    await t.app.notifications.drain({ now: breachAt });
    expect(slaMails(AGENT, held.reference)).toHaveLength(1);
    const event = await t.prisma.outboxMessage.findFirstOrThrow({
      where: { kind: 'EVENT', aggregateId: held.id, topic: 'ticket.sla_breached' },
    });
    const notifyAt = (event.payload as { data: { notifyAt: string } }).data.notifyAt;
    const nextOpening = new Date(Date.parse(target.dueAt) + 7 * 24 * 3600_000 - 3600_000);
    expect(notifyAt).toBe(nextOpening.toISOString());
    const row = await t.prisma.emailNotification.findFirstOrThrow({
      where: { ticketId: held.id, kind: 'sla_breached' },
    });
    expect(row).toMatchObject({ status: 'PENDING', attempts: 0, recipientEmail: AGENT });
    expect(row.nextAttemptAt.toISOString()).toBe(notifyAt);

    // A minute before the opening: still held; at the opening: sent, once.
    await t.app.notifications.drain({ now: new Date(nextOpening.getTime() - 60_000) });
    expect(slaMails(AGENT, held.reference)).toHaveLength(1);
    await t.app.notifications.drain({ now: nextOpening });
    await t.app.notifications.drain({ now: new Date(nextOpening.getTime() + 3600_000) });
    expect(slaMails(AGENT, held.reference).map((m) => m.parsed.subject)).toEqual([
      `[${held.reference}] SLA at risk: first response due 11:00 UTC`,
      `[${held.reference}] SLA breached: first response`,
    ]);
    expect(slaMails(CUSTOMER, held.reference)).toHaveLength(0);
  });
});
