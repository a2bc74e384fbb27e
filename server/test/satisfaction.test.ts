// Satisfaction ratings (docs/product.md "Satisfaction"; docs/api.md "Satisfaction") against the
// real app and database: rating through the tracking link and in the portal, the 7-day change
// window, one rating per resolution, the rules' 409s, the activity row and the webhook event
// written with it, the "How did we do?" block of the resolved mail, the agents' view and the
// statistics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '../src/lib/db.js';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { authHeader } from './helpers/auth.js';

const PUBLIC_URL = 'https://help.example.test';
const DAY_MS = 24 * 3600 * 1000;

let t: TestApp;
let tokens: Record<'agent' | 'admin' | 'customer' | 'customer2' | 'globexAgent', string>;
let acmeId: string;

beforeAll(async () => {
  t = await createTestApp({
    config: testConfig({
      PUBLIC_URL,
      TRACKING_LINK_SECRET: 'satisfaction-test-tracking-secret-0123456789',
      RATE_LIMIT_TRACKING_LINK_PER_IP: '10000',
      RATE_LIMIT_TRACKING_REPLY_PER_IP: '10000',
    }),
  });
  const emails = [
    'agent@acme.test',
    'admin@acme.test',
    'customer@acme.test',
    'customer2@acme.test',
    'agent@globex.test',
  ];
  const [agent, admin, customer, customer2, globexAgent] = await Promise.all(
    emails.map((email) => t.login(email)),
  );
  tokens = {
    agent: agent!,
    admin: admin!,
    customer: customer!,
    customer2: customer2!,
    globexAgent: globexAgent!,
  };
  acmeId = (await t.prisma.organization.findUniqueOrThrow({ where: { slug: 'acme' } })).id;
});
afterAll(async () => t?.close());

/** Sets the acme organization's rating settings (kept with its other settings). */
async function setSettings(values: Record<string, unknown>): Promise<void> {
  const org = await t.prisma.organization.findUniqueOrThrow({ where: { id: acmeId } });
  const settings = { ...(org.settings as Prisma.JsonObject), ...values } as Prisma.InputJsonObject;
  await t.prisma.organization.update({ where: { id: acmeId }, data: { settings } });
}

/** A fresh ticket of customer@acme.test, assigned to agent@acme.test. */
async function customerTicket(): Promise<{ id: string; reference: string }> {
  const res = await t.http().post('/api/tickets').set(authHeader(tokens.customer)).send({
    subject: 'Parcel never arrived',
    description: 'Order A-77 was due last week.',
  });
  expect(res.status).toBe(201);
  const agent = await t.prisma.user.findUniqueOrThrow({ where: { email: 'agent@acme.test' } });
  const assigned = await t
    .http()
    .patch(`/api/tickets/${res.body.id}`)
    .set(authHeader(tokens.agent))
    .send({ assigneeId: agent.id });
  expect(assigned.status).toBe(200);
  return res.body;
}

async function setStatus(id: string, status: string, token = tokens.agent): Promise<void> {
  const res = await t.http().patch(`/api/tickets/${id}`).set(authHeader(token)).send({ status });
  expect(res.status, res.text).toBe(200);
}

async function tokenFor(ticketId: string): Promise<string> {
  const res = await t
    .http()
    .get(`/api/tickets/${ticketId}/tracking-link`)
    .set(authHeader(tokens.agent));
  expect(res.status).toBe(200);
  return (res.body.url as string).split('/t/')[1]!;
}

const rate = (token: string, body: object) =>
  t.http().put(`/api/public/tickets/${token}/satisfaction`).send(body);
const state = (token: string) => t.http().get(`/api/public/tickets/${token}/satisfaction`);

describe('rating through the tracking link', () => {
  it('rates a resolved ticket once per resolution, with its activity row and event', async () => {
    await setSettings({ csatScale: 'good_bad', csatEnabled: true });
    const ticket = await customerTicket();
    const token = await tokenFor(ticket.id);

    const before = await state(token);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ scale: 'good_bad', rating: null, open: false });
    expect(before.body.resolvedAt).toBeNull();
    const early = await rate(token, { score: 5 });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('not_resolved');

    await setStatus(ticket.id, 'RESOLVED');
    const open = await state(token);
    expect(open.body).toMatchObject({ scale: 'good_bad', rating: null, open: true });
    expect(open.body.resolvedAt).not.toBeNull();

    const bad = await rate(token, { score: 3 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('score');
    const tooLong = await rate(token, { score: 5, comment: 'x'.repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).toContain('comment');
    const badReason = await rate(token, { score: 1, reason: 'because' });
    expect(badReason.status).toBe(400);
    expect(JSON.stringify(badReason.body)).toContain('reason');

    const given = await rate(token, { score: 1, comment: 'Took ages.', reason: 'slow' });
    expect(given.status, given.text).toBe(200);
    expect(given.body).toMatchObject({
      scale: 'good_bad',
      open: true,
      rating: { score: 1, comment: 'Took ages.', reason: 'slow' },
    });

    const rows = await t.prisma.satisfactionRating.findMany({ where: { ticketId: ticket.id } });
    expect(rows).toHaveLength(1);
    const agent = await t.prisma.user.findUniqueOrThrow({ where: { email: 'agent@acme.test' } });
    expect(rows[0]).toMatchObject({ score: 1, scale: 'good_bad', agentId: agent.id });
    // The link's holder sees the rating, never the agent it was copied with.
    expect(JSON.stringify(given.body)).not.toContain(agent.id);
    expect(JSON.stringify(given.body)).not.toContain(agent.name);

    const activity = await t.prisma.ticketActivity.findMany({
      where: { ticketId: ticket.id, type: 'SATISFACTION_RATED' },
    });
    expect(activity).toHaveLength(1);
    expect(activity[0]).toMatchObject({
      isInternal: false,
      after: { score: 1, scale: 'good_bad' },
      actorName: 'Casey Customer',
    });

    const events = await t.prisma.outboxMessage.findMany({
      where: { aggregateId: ticket.id, topic: 'ticket.satisfaction_rated', kind: 'EVENT' },
    });
    expect(events).toHaveLength(1);
    const payload = events[0]!.payload as {
      data: { rating: Record<string, unknown>; ticket: { id: string } };
    };
    expect(payload.data.ticket.id).toBe(ticket.id);
    expect(payload.data.rating).toMatchObject({
      scale: 'good_bad',
      score: 1,
      comment: 'Took ages.',
      reason: 'slow',
    });

    // Changed within 7 days: the same row, one more activity row and event.
    const changed = await rate(token, { score: 5, comment: '' });
    expect(changed.status).toBe(200);
    expect(changed.body.rating).toMatchObject({ score: 5, comment: null, reason: null });
    expect(await t.prisma.satisfactionRating.count({ where: { ticketId: ticket.id } })).toBe(1);
    expect(
      await t.prisma.outboxMessage.count({
        where: { aggregateId: ticket.id, topic: 'ticket.satisfaction_rated', kind: 'EVENT' },
      }),
    ).toBe(2);

    // Staff see the latest rating on the ticket; the requester's ticket view does not carry it.
    const detail = await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(tokens.agent));
    expect(detail.body.satisfaction).toMatchObject({ score: 5, scale: 'good_bad' });
    const mine = await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(tokens.customer));
    expect(mine.body.satisfaction).toBeUndefined();

    // Reopened: not resolved; resolved again: asked again, a second row.
    await setStatus(ticket.id, 'OPEN');
    const reopened = await rate(token, { score: 5 });
    expect(reopened.status).toBe(409);
    expect(reopened.body.code).toBe('not_resolved');
    expect((await state(token)).body).toMatchObject({ rating: null, open: false });
    await setStatus(ticket.id, 'RESOLVED');
    expect((await state(token)).body).toMatchObject({ rating: null, open: true });
    const again = await rate(token, { score: 1, reason: 'unresolved' });
    expect(again.status).toBe(200);
    expect(await t.prisma.satisfactionRating.count({ where: { ticketId: ticket.id } })).toBe(2);

    // CLOSED keeps the resolution: still rateable (changeable).
    await setStatus(ticket.id, 'CLOSED');
    const closedTicket = await rate(token, { score: 5 });
    expect(closedTicket.status).toBe(200);
  });

  it('closes the rating 7 days after it was first given', async () => {
    const ticket = await customerTicket();
    const token = await tokenFor(ticket.id);
    await setStatus(ticket.id, 'RESOLVED');
    expect((await rate(token, { score: 5 })).status).toBe(200);
    const old = new Date(Date.now() - 7 * DAY_MS - 60_000);
    await t.prisma.$executeRaw`
      UPDATE satisfaction_ratings SET "createdAt" = ${old} WHERE "ticketId" = ${ticket.id}::uuid`;
    const late = await rate(token, { score: 1 });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('rating_closed');
    const view = await state(token);
    expect(view.body).toMatchObject({ open: false, rating: { score: 5 } });
  });

  it('uses the organization scale, and refuses when ratings are off', async () => {
    await setSettings({ csatScale: 'five_point' });
    const ticket = await customerTicket();
    const token = await tokenFor(ticket.id);
    await setStatus(ticket.id, 'RESOLVED');
    expect((await state(token)).body.scale).toBe('five_point');
    const given = await rate(token, { score: 3 });
    expect(given.status).toBe(200);
    expect(given.body).toMatchObject({ scale: 'five_point', rating: { score: 3 } });

    await setSettings({ csatEnabled: false });
    const off = await rate(token, { score: 4 });
    expect(off.status).toBe(409);
    expect(off.body.code).toBe('satisfaction_disabled');
    expect((await state(token)).body.open).toBe(false);
    await setSettings({ csatEnabled: true, csatScale: 'good_bad' });
  });

  it('answers 404 for a tampered token', async () => {
    const res = await state('not-a-token');
    expect(res.status).toBe(404);
    const put = await rate('not-a-token', { score: 5 });
    expect(put.status).toBe(404);
  });
});

describe('rating in the portal', () => {
  it('lets the requester rate their own ticket, and nobody else', async () => {
    const ticket = await customerTicket();
    await setStatus(ticket.id, 'RESOLVED');
    const put = (token: string, body: object) =>
      t.http().put(`/api/tickets/${ticket.id}/satisfaction`).set(authHeader(token)).send(body);
    expect((await put(tokens.agent, { score: 5 })).status).toBe(403);
    expect((await put(tokens.admin, { score: 5 })).status).toBe(403);
    expect((await put(tokens.customer2, { score: 5 })).status).toBe(404);
    expect((await put(tokens.globexAgent, { score: 5 })).status).toBe(403);
    const mine = await put(tokens.customer, { score: 5, comment: 'Great' });
    expect(mine.status).toBe(200);
    expect(mine.body.rating).toMatchObject({ score: 5, comment: 'Great' });

    const read = (token: string) =>
      t.http().get(`/api/tickets/${ticket.id}/satisfaction`).set(authHeader(token));
    expect((await read(tokens.customer)).body.rating.score).toBe(5);
    expect((await read(tokens.agent)).body.rating.score).toBe(5);
    expect((await read(tokens.customer2)).status).toBe(404);
    expect((await read(tokens.globexAgent)).status).toBe(404);
  });
});

describe('the resolved mail', () => {
  it('asks "How did we do?" with links that open the tracker with the answer', async () => {
    const ticket = await customerTicket();
    await setStatus(ticket.id, 'RESOLVED');
    await t.app.notifications.drain();
    const mail = await t.prisma.emailNotification.findFirstOrThrow({
      where: { ticketId: ticket.id, kind: 'ticket_resolved' },
    });
    expect(mail.text).toContain('How did we do?');
    expect(mail.text).toMatch(new RegExp(`${PUBLIC_URL}/t/[^\\s?]+\\?rate=good`));
    expect(mail.text).toMatch(/\?rate=bad/);
    expect(mail.html).toContain('?rate=good');
  });
});

describe('GET /api/tickets/stats/satisfaction', () => {
  it('counts the ratings given in the window, by agent and in total, with the comments', async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const res = await t
      .http()
      .get('/api/tickets/stats/satisfaction')
      .query({ from, groupBy: 'agent' })
      .set(authHeader(tokens.admin));
    expect(res.status, res.text).toBe(200);
    const ratings = await t.prisma.satisfactionRating.findMany({
      where: { organizationId: acmeId, createdAt: { gte: new Date(from) } },
    });
    const positive = ratings.filter((r) => r.score >= 4).length;
    expect(res.body.total.rated).toBe(ratings.length);
    expect(res.body.total.positive).toBe(positive);
    expect(res.body.total.score).toBe(Math.round((positive * 1000) / ratings.length) / 10);
    const fivePoint = ratings.filter((r) => r.scale === 'five_point');
    expect(res.body.total.average).toBe(
      fivePoint.length
        ? Math.round((fivePoint.reduce((s, r) => s + r.score, 0) / fivePoint.length) * 100) / 100
        : null,
    );
    const agent = await t.prisma.user.findUniqueOrThrow({ where: { email: 'agent@acme.test' } });
    const row = res.body.rows.find((r: { key: string }) => r.key === agent.id);
    expect(row).toMatchObject({ name: agent.name, rated: ratings.length });
    expect(res.body.comments.map((c: { comment: string }) => c.comment)).toContain('Great');

    const byPeriod = await t
      .http()
      .get('/api/tickets/stats/satisfaction')
      .query({ from, groupBy: 'period', period: 'day' })
      .set(authHeader(tokens.agent));
    expect(byPeriod.status).toBe(200);
    const sum = byPeriod.body.rows.reduce((s: number, r: { rated: number }) => s + r.rated, 0);
    expect(sum).toBe(ratings.length);

    const customer = await t
      .http()
      .get('/api/tickets/stats/satisfaction')
      .set(authHeader(tokens.customer));
    expect(customer.status).toBe(403);
    const globex = await t
      .http()
      .get('/api/tickets/stats/satisfaction')
      .query({ from })
      .set(authHeader(tokens.globexAgent));
    expect(globex.body.total.rated).toBe(0);
    const badGroup = await t
      .http()
      .get('/api/tickets/stats/satisfaction')
      .query({ groupBy: 'nope' })
      .set(authHeader(tokens.agent));
    expect(badGroup.status).toBe(400);
  });
});

describe('/api/satisfaction/settings', () => {
  const get = (token: string) => t.http().get('/api/satisfaction/settings').set(authHeader(token));
  const patch = (token: string, body: object) =>
    t.http().patch('/api/satisfaction/settings').set(authHeader(token)).send(body);

  it('reads the defaults, and merges a change into the settings with an activity row', async () => {
    await setSettings({ csatEnabled: true, csatScale: 'good_bad', keepMe: 'untouched' });
    const read = await get(tokens.agent);
    expect(read.status, read.text).toBe(200);
    expect(read.body).toEqual({ enabled: true, scale: 'good_bad' });

    const changed = await patch(tokens.admin, { scale: 'five_point' });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toEqual({ enabled: true, scale: 'five_point' });
    const org = await t.prisma.organization.findUniqueOrThrow({ where: { id: acmeId } });
    expect(org.settings).toMatchObject({ csatScale: 'five_point', keepMe: 'untouched' });
    const log = await t.prisma.organizationActivity.findFirstOrThrow({
      where: { organizationId: acmeId, type: 'satisfaction_settings.updated' },
      orderBy: { createdAt: 'desc' },
    });
    expect(log.data).toEqual({
      before: { enabled: true, scale: 'good_bad' },
      after: { enabled: true, scale: 'five_point' },
    });
    expect((await get(tokens.agent)).body).toEqual({ enabled: true, scale: 'five_point' });

    // The next resolved mail asks on the new scale, and so does the tracker.
    const ticket = await customerTicket();
    const token = await tokenFor(ticket.id);
    await setStatus(ticket.id, 'RESOLVED');
    await t.app.notifications.drain();
    const mail = await t.prisma.emailNotification.findFirstOrThrow({
      where: { ticketId: ticket.id, kind: 'ticket_resolved' },
    });
    expect(mail.text).toMatch(/\?rate=3/);
    expect(mail.text).not.toMatch(/\?rate=good/);
    expect((await state(token)).body.scale).toBe('five_point');

    const off = await patch(tokens.admin, { enabled: false });
    expect(off.body).toEqual({ enabled: false, scale: 'five_point' });
    expect((await state(token)).body.open).toBe(false);
    const back = await patch(tokens.admin, { enabled: true, scale: 'good_bad' });
    expect(back.body).toEqual({ enabled: true, scale: 'good_bad' });
    const after = await t.prisma.organization.findUniqueOrThrow({ where: { id: acmeId } });
    expect(after.settings).toMatchObject({ keepMe: 'untouched' });
  });

  it('refuses bad bodies naming the field, and non-admins', async () => {
    for (const [body, path] of [
      [{ scale: 'ten_point' }, 'scale'],
      [{ enabled: 'yes' }, 'enabled'],
      [{ colour: 'red' }, 'colour'],
    ] as const) {
      const res = await patch(tokens.admin, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await patch(tokens.admin, {})).status).toBe(400);
    expect((await patch(tokens.agent, { scale: 'five_point' })).status).toBe(403);
    expect((await patch(tokens.customer, { scale: 'five_point' })).status).toBe(403);
    expect((await get(tokens.customer)).status).toBe(403);
    // Refusals change nothing.
    expect((await get(tokens.admin)).body).toEqual({ enabled: true, scale: 'good_bad' });
  });
});
