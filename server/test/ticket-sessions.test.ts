/**
 * Session notes and recurring sessions over HTTP (docs/product.md "Sessions"; docs/api.md
 * "Sessions"): a weekly or every-N-weeks rule expanded into occurrences (RFC 5545), one
 * occurrence rescheduled or cancelled alone, the next occurrence on the ticket and the tracker,
 * notes and outcomes recorded once a session has started (internal), statistics by outcome, and
 * the requester's mails with the rule in the `.ics` invitation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from './helpers/smtp.js';
import { createWebhookTestApp, type WebhookTestApp } from './helpers/webhooks.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createApiKey, createOrganizationWithUsers } from './helpers/factories.js';

let t: WebhookTestApp;
let smtp: TestSmtpServer;
let admin: string;
let agent: string;
let customer: string;
let otherCustomer: string;
let globexAgent: string;
let acmeId: string;

const DAY_MS = 24 * 3600_000;
const WEEK_MS = 7 * DAY_MS;
const NOTES = 'INTERNAL: spoke about the refund appeal; follow up with finance';

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createWebhookTestApp({ env: { SMTP_URL: smtp.url }, seed: false });
  const acme = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN', name: 'Ada Admin' },
    agent: { role: 'AGENT', name: 'Alex Agent' },
    customer: { role: 'CUSTOMER', name: 'Casey Customer', email: 'casey@acme.test' },
    otherCustomer: { role: 'CUSTOMER' },
  });
  acmeId = acme.organization.id;
  const globex = await createOrganizationWithUsers(t.prisma, { agent: { role: 'AGENT' } });
  ({ admin, agent, customer, otherCustomer } = await signInAll(t, acme.users));
  ({ agent: globexAgent } = await signInAll(t, globex.users));
  await t.app.notifications.drain({ now: t.clock.now });
  smtp.mails.length = 0;
});

afterAll(async () => {
  await t?.close();
  await smtp?.stop();
});

interface Occurrence {
  id: string;
  originalStart: string;
  scheduledAt: string;
  cancelledAt: string | null;
  outcome?: string | null;
  notes?: string | null;
}

async function customerTicket(): Promise<{ id: string; reference: string }> {
  const res = await t.http().post('/api/tickets').set(authHeader(customer)).send({
    subject: 'Counselling sessions',
    description: 'I would like to meet every other week.',
  });
  expect(res.status).toBe(201);
  return res.body;
}

const occurrencesOf = async (ticketId: string, token = agent): Promise<Occurrence[]> => {
  const res = await t
    .http()
    .get(`/api/tickets/${ticketId}/session/occurrences`)
    .set(authHeader(token));
  expect(res.status).toBe(200);
  return res.body.data;
};

const patchOccurrence = (ticketId: string, id: string, body: object, token = agent) =>
  t
    .http()
    .patch(`/api/tickets/${ticketId}/session/occurrences/${id}`)
    .set(authHeader(token))
    .send(body);

const putNotes = (ticketId: string, id: string, body: object, token = agent) =>
  t
    .http()
    .put(`/api/tickets/${ticketId}/session/occurrences/${id}/notes`)
    .set(authHeader(token))
    .send(body);

const drain = () => t.app.notifications.drain({ now: t.clock.now });
const calendarOf = (mail: ReceivedMail) =>
  mail.parsed.attachments.find((a) => a.filename === 'session.ics')?.content.toString('utf8') ?? '';

describe('recurring sessions', () => {
  // Far enough ahead that every occurrence is upcoming, on the hour.
  const start = new Date(Math.ceil((Date.now() + 10 * DAY_MS) / 3600_000) * 3600_000);
  let ticket: { id: string; reference: string };
  let occurrences: Occurrence[];

  it('expands "every 2 weeks, 4 times" into 4 occurrences and presents the rule', async () => {
    ticket = await customerTicket();
    const res = await t
      .http()
      .put(`/api/tickets/${ticket.id}/session`)
      .set(authHeader(agent))
      .send({
        mode: 'video',
        scheduledAt: start.toISOString(),
        durationMinutes: 50,
        recurrence: { interval: 2, count: 4 },
      });
    expect(res.status).toBe(200);
    expect(res.body.session).toMatchObject({
      scheduledAt: start.toISOString(),
      recurrence: { rrule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4', interval: 2, count: 4 },
      nextOccurrence: start.toISOString(),
    });
    occurrences = await occurrencesOf(ticket.id);
    expect(occurrences.map((o) => o.originalStart)).toEqual(
      [0, 1, 2, 3].map((i) => new Date(start.getTime() + i * 2 * WEEK_MS).toISOString()),
    );
    expect(occurrences.every((o) => o.scheduledAt === o.originalStart && !o.cancelledAt)).toBe(
      true,
    );
    // The ticket list carries the rule but not the next occurrence (no query per row).
    const list = await t.http().get('/api/tickets').set(authHeader(agent));
    const row = list.body.data.find((x: { id: string }) => x.id === ticket.id);
    expect(row.session.recurrence).toMatchObject({ interval: 2, count: 4 });
    expect(row.session).not.toHaveProperty('nextOccurrence');
  });

  it('refuses a recurrence out of bounds, naming the field', async () => {
    for (const recurrence of [
      { interval: 13, count: 4 },
      { interval: 1, count: 1 },
      { interval: 1, count: 53 },
    ]) {
      const res = await t
        .http()
        .put(`/api/tickets/${ticket.id}/session`)
        .set(authHeader(agent))
        .send({ mode: 'video', scheduledAt: start.toISOString(), recurrence });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.errors)).toContain('recurrence');
    }
  });

  it('mails the requester an invitation that carries the rule', async () => {
    await drain();
    const mails = smtp.to('casey@acme.test').filter((m) => m.parsed.subject?.includes('Session'));
    const mail = mails.at(-1)!;
    expect(mail).toBeDefined();
    expect(mail.parsed.text).toContain('Every 2 weeks, 4 times');
    expect(mail.parsed.text).toContain('Next session');
    const calendar = calendarOf(mail);
    expect(calendar).toMatch(/^RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4\r?$/m);
    expect(calendar).toContain(`UID:session-${ticket.id}@localhost`);
  });

  it('reschedules one occurrence alone, with a public activity row and a mail', async () => {
    smtp.mails.length = 0;
    const second = occurrences[1]!;
    const moved = new Date(new Date(second.originalStart).getTime() + DAY_MS).toISOString();
    const res = await patchOccurrence(ticket.id, second.id, { scheduledAt: moved });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: second.id,
      originalStart: second.originalStart,
      scheduledAt: moved,
      cancelledAt: null,
    });
    const after = await occurrencesOf(ticket.id);
    expect(after.map((o) => o.scheduledAt)).toEqual([
      occurrences[0]!.scheduledAt,
      moved,
      occurrences[2]!.scheduledAt,
      occurrences[3]!.scheduledAt,
    ]);
    const row = await t.prisma.ticketActivity.findFirst({
      where: { ticketId: ticket.id, type: 'SESSION_SCHEDULED' },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    expect(row).toMatchObject({
      isInternal: false,
      after: { occurrence: { originalStart: second.originalStart, scheduledAt: moved } },
    });
    await drain();
    const [mail] = smtp.to('casey@acme.test').filter((m) => m.parsed.subject?.includes('moved'));
    expect(mail).toBeDefined();
    expect(calendarOf(mail!)).toContain(
      `RECURRENCE-ID:${second.originalStart.replace(/[-:]/g, '').replace('.000', '')}`,
    );
  });

  it('cancels one occurrence alone: the next occurrence moves on, for staff and on the tracker', async () => {
    smtp.mails.length = 0;
    const first = occurrences[0]!;
    const res = await patchOccurrence(ticket.id, first.id, { cancelled: true });
    expect(res.status).toBe(200);
    expect(res.body.cancelledAt).not.toBeNull();
    const after = await occurrencesOf(ticket.id);
    expect(after.filter((o) => o.cancelledAt)).toHaveLength(1);

    const moved = after[1]!.scheduledAt;
    const detail = await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(agent));
    expect(detail.body.session.nextOccurrence).toBe(moved);
    const asRequester = await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(customer));
    expect(asRequester.body.session.nextOccurrence).toBe(moved);
    const tracked = await t
      .http()
      .post('/api/public/track')
      .send({ reference: ticket.reference, email: 'casey@acme.test' });
    expect(tracked.status).toBe(200);
    expect(tracked.body.session).toMatchObject({
      recurrence: { interval: 2, count: 4 },
      nextOccurrence: moved,
    });
    // The tracker's timeline says which one was cancelled.
    expect(tracked.body.timeline.at(-1)).toMatchObject({
      type: 'session_occurrence_changed',
      scheduledAt: first.scheduledAt,
      cancelled: true,
    });

    await drain();
    const [mail] = smtp
      .to('casey@acme.test')
      .filter((m) => m.parsed.subject?.includes('cancelled'));
    expect(mail).toBeDefined();
    expect(calendarOf(mail!)).toMatch(/^EXDATE:\d{8}T\d{6}Z\r?$/m);
  });

  it('keeps rescheduled and cancelled occurrences when the series is saved again unchanged in dates', async () => {
    const res = await t
      .http()
      .put(`/api/tickets/${ticket.id}/session`)
      .set(authHeader(agent))
      .send({
        mode: 'audio',
        scheduledAt: start.toISOString(),
        durationMinutes: 50,
        recurrence: { interval: 2, count: 4 },
      });
    expect(res.status).toBe(200);
    const after = await occurrencesOf(ticket.id);
    expect(after).toHaveLength(4);
    expect(after[0]!.cancelledAt).not.toBeNull();
    expect(after[1]!.scheduledAt).not.toBe(after[1]!.originalStart);
  });

  it('shows the requester times only, and refuses their changes', async () => {
    const mine = await occurrencesOf(ticket.id, customer);
    expect(mine).toHaveLength(4);
    for (const o of mine) {
      expect(Object.keys(o).sort()).toEqual(
        ['cancelledAt', 'durationMinutes', 'id', 'originalStart', 'scheduledAt'].sort(),
      );
    }
    expect(
      (await patchOccurrence(ticket.id, mine[2]!.id, { cancelled: true }, customer)).status,
    ).toBe(403);
    // Another requester and another organization do not see the ticket.
    for (const token of [otherCustomer, globexAgent]) {
      const res = await t
        .http()
        .get(`/api/tickets/${ticket.id}/session/occurrences`)
        .set(authHeader(token));
      expect(res.status).toBe(404);
    }
    expect(
      (await patchOccurrence(ticket.id, mine[2]!.id, { cancelled: true }, globexAgent)).status,
    ).toBe(404);
  });

  it('lets API keys read with tickets:read and change with tickets:write only', async () => {
    const keyWith = async (scope: 'tickets:read' | 'tickets:write') =>
      (
        await createApiKey(t.prisma, {
          organizationId: acmeId,
          name: `Only ${scope}`,
          role: null,
          scopes: [scope],
        })
      ).key;
    const reader = await keyWith('tickets:read');
    const writer = await keyWith('tickets:write');
    expect(
      (await t.http().get(`/api/tickets/${ticket.id}/session/occurrences`).set(authHeader(reader)))
        .status,
    ).toBe(200);
    const third = occurrences[2]!;
    expect(
      (await patchOccurrence(ticket.id, third.id, { durationMinutes: 40 }, reader)).status,
    ).toBe(403);
    const changed = await patchOccurrence(ticket.id, third.id, { durationMinutes: 40 }, writer);
    expect(changed.status).toBe(200);
    expect(changed.body.durationMinutes).toBe(40);
  });

  it('refuses an unknown occurrence, an empty change, and changing a one-off session by occurrence', async () => {
    const unknown = await patchOccurrence(ticket.id, '00000000-0000-4000-8000-000000000000', {
      cancelled: true,
    });
    expect(unknown.status).toBe(404);
    const empty = await patchOccurrence(ticket.id, occurrences[2]!.id, {});
    expect(empty.status).toBe(400);

    const oneOff = await customerTicket();
    await t
      .http()
      .put(`/api/tickets/${oneOff.id}/session`)
      .set(authHeader(agent))
      .send({ mode: 'chat', scheduledAt: start.toISOString() });
    const [only] = await occurrencesOf(oneOff.id);
    const res = await patchOccurrence(oneOff.id, only!.id, { cancelled: true });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('session_not_recurring');
  });
});

describe('session notes and outcomes', () => {
  let ticket: { id: string; reference: string };
  let occurrences: Occurrence[];
  // Weekly, 4 times, the first three weeks ago: three have taken place, the last is ahead.
  const start = new Date(Math.floor((Date.now() - 3 * WEEK_MS + DAY_MS) / 3600_000) * 3600_000);

  beforeAll(async () => {
    ticket = await customerTicket();
    const res = await t
      .http()
      .put(`/api/tickets/${ticket.id}/session`)
      .set(authHeader(agent))
      .send({
        mode: 'in_person',
        scheduledAt: start.toISOString(),
        durationMinutes: 60,
        recurrence: { interval: 1, count: 4 },
      });
    expect(res.status).toBe(200);
    occurrences = await occurrencesOf(ticket.id);
    expect(occurrences).toHaveLength(4);
  });

  it('refuses notes before the occurrence has started', async () => {
    const res = await putNotes(ticket.id, occurrences[3]!.id, { outcome: 'held' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('session_not_started');
  });

  it('records notes and an outcome after the session, editable, as an internal activity row without the text', async () => {
    const first = occurrences[0]!;
    const res = await putNotes(ticket.id, first.id, { outcome: 'held', notes: NOTES });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      outcome: 'held',
      notes: NOTES,
      notesAuthor: { name: 'Alex Agent' },
    });
    expect(res.body.notesRecordedAt).not.toBeNull();
    const edited = await putNotes(ticket.id, first.id, { outcome: 'no_show', notes: null }, admin);
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      outcome: 'no_show',
      notes: null,
      notesAuthor: { name: 'Ada Admin' },
    });

    const rows = await t.prisma.ticketActivity.findMany({
      where: { ticketId: ticket.id, type: 'SESSION_NOTES_RECORDED' },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.isInternal)).toBe(true);
    expect(rows[0]!.after).toEqual({
      occurrenceId: first.id,
      outcome: 'held',
      scheduledAt: first.scheduledAt,
    });
    expect(JSON.stringify(rows)).not.toContain('INTERNAL:');

    // Staff see it on the timeline; the requester sees neither the row nor the notes.
    const staffTimeline = await t
      .http()
      .get(`/api/tickets/${ticket.id}/activity`)
      .set(authHeader(agent));
    expect(staffTimeline.body.data.map((a: { type: string }) => a.type)).toContain(
      'SESSION_NOTES_RECORDED',
    );
    await putNotes(ticket.id, occurrences[1]!.id, { outcome: 'held', notes: NOTES });
    for (const path of [
      `/api/tickets/${ticket.id}/activity`,
      `/api/tickets/${ticket.id}/session/occurrences`,
      `/api/tickets/${ticket.id}`,
    ]) {
      const res = await t.http().get(path).set(authHeader(customer));
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain('INTERNAL:');
      expect(JSON.stringify(res.body)).not.toContain('SESSION_NOTES_RECORDED');
      expect(JSON.stringify(res.body)).not.toContain('"outcome"');
    }
  });

  it('refuses notes from the requester, over 10,000 characters, or with an unknown outcome', async () => {
    const first = occurrences[0]!;
    expect((await putNotes(ticket.id, first.id, { outcome: 'held' }, customer)).status).toBe(403);
    const long = await putNotes(ticket.id, first.id, {
      outcome: 'held',
      notes: 'x'.repeat(10_001),
    });
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body.errors)).toContain('notes');
    const bad = await putNotes(ticket.id, first.id, { outcome: 'late' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toContain('outcome');
  });

  it('counts the period’s sessions by outcome in the statistics', async () => {
    // The third occurrence (past) cancelled alone; nothing recorded for it.
    expect((await patchOccurrence(ticket.id, occurrences[2]!.id, { cancelled: true })).status).toBe(
      200,
    );
    const res = await t
      .http()
      .get('/api/tickets/stats')
      .query({ from: new Date(start.getTime() - DAY_MS).toISOString() })
      .set(authHeader(admin));
    expect(res.status).toBe(200);
    // no_show (first), held (second), cancelled (third); the fourth is ahead; the recurring
    // series of the other tests is ahead too.
    expect(res.body.sessions).toEqual({ held: 1, no_show: 1, cancelled: 1, notRecorded: 0 });
  });

  it('keeps occurrences with a recorded outcome when the session is cancelled as a whole', async () => {
    const res = await t.http().delete(`/api/tickets/${ticket.id}/session`).set(authHeader(agent));
    expect(res.status).toBe(200);
    expect(res.body.session).toBeNull();
    const left = await occurrencesOf(ticket.id);
    expect(left.map((o) => o.outcome)).toEqual(['no_show', 'held']);
  });
});
