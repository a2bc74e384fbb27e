// The public tracker, signed tracking links and replies through them (docs/api.md "Public";
// docs/product.md "Customers"), against the real app and database. Rate limits are set high here and
// tested in rate-limit.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { formatTicketReference } from '../src/lib/domain.js';
import { createTrackingLinks } from '../src/lib/tracking-token.js';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { authHeader } from './helpers/auth.js';

const PUBLIC_URL = 'https://help.example.test';
const DAY_MS = 24 * 3600 * 1000;
const MARKER = 'INTERNAL-MARKER-7f3a9c';

let t: TestApp;
let tokens: Record<'agent' | 'admin' | 'customer' | 'customer2' | 'globexAgent', string>;

beforeAll(async () => {
  t = await createTestApp({
    config: testConfig({
      PUBLIC_URL,
      TRACKING_LINK_SECRET: 'public-test-tracking-secret-0123456789abcdef',
      RATE_LIMIT_TRACK_PER_IP: '10000',
      RATE_LIMIT_TRACK_PER_REFERENCE: '10000',
      RATE_LIMIT_TRACKING_LINK_PER_IP: '10000',
      RATE_LIMIT_TRACKING_REPLY_PER_IP: '10000',
    }),
  });
  const [agent, admin, customer, customer2, globexAgent] = await Promise.all(
    [
      'agent@acme.test',
      'admin@acme.test',
      'customer@acme.test',
      'customer2@acme.test',
      'agent@globex.test',
    ].map((email) => t.login(email)),
  );
  tokens = {
    agent: agent!,
    admin: admin!,
    customer: customer!,
    customer2: customer2!,
    globexAgent: globexAgent!,
  };
});
afterAll(async () => t?.close());

/** A fresh ticket requested by customer@acme.test (Casey Customer). */
async function customerTicket(): Promise<{ id: string; reference: string; number: number }> {
  const res = await t.http().post('/api/tickets').set(authHeader(tokens.customer)).send({
    subject: 'Parcel never arrived',
    description: 'Order A-77 was due last week and is not here.',
  });
  expect(res.status).toBe(201);
  return res.body;
}

const track = (reference: string, email: string) =>
  t.http().post('/api/public/track').send({ reference, email });

/** The token of a tracking link made through the API, as an agent. */
async function tokenFor(ticketId: string): Promise<string> {
  const res = await t
    .http()
    .get(`/api/tickets/${ticketId}/tracking-link`)
    .set(authHeader(tokens.agent));
  expect(res.status).toBe(200);
  return (res.body.url as string).split('/t/')[1]!;
}

/** The 404 answer to a tracker miss, which every other miss must equal. */
async function notFoundBody(): Promise<unknown> {
  const res = await track('TKT-99999', 'nobody@example.com');
  expect(res.status).toBe(404);
  return res.body;
}

describe('POST /api/public/track', () => {
  it("shows a seeded ticket's public life to its requester's email, in any case", async () => {
    const org = await t.prisma.organization.findUniqueOrThrow({ where: { slug: 'acme' } });
    const ticket = await t.prisma.ticket.findFirstOrThrow({
      where: {
        organizationId: org.id,
        deletedAt: null,
        assigneeId: { not: null },
        AND: [
          { responses: { some: { isInternal: true } } },
          { responses: { some: { isInternal: false } } },
        ],
      },
      include: {
        category: true,
        assignee: true,
        responses: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
        activities: { where: { type: 'STATUS_CHANGED' } },
      },
      orderBy: { number: 'asc' },
    });
    const res = await track(
      ` ${formatTicketReference(ticket.number).toLowerCase()} `,
      ticket.requesterEmail.toUpperCase(),
    );
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'attachments',
        'category',
        'closedAt',
        'createdAt',
        'customFields',
        'description',
        'mergedInto',
        'priority',
        'reference',
        'resolutionNote',
        'resolvedAt',
        'session',
        'status',
        'subject',
        'timeline',
        'updatedAt',
      ].sort(),
    );
    expect(res.body).toMatchObject({
      reference: formatTicketReference(ticket.number),
      subject: ticket.subject,
      status: ticket.status,
      priority: ticket.priority,
      category: ticket.category?.name ?? null,
      createdAt: ticket.createdAt.toISOString(),
      resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
    });

    const timeline = res.body.timeline as {
      type: string;
      at: string;
      content?: string;
      author?: unknown;
    }[];
    expect(timeline[0]).toEqual({ type: 'created', at: ticket.createdAt.toISOString() });
    const times = timeline.map((i) => Date.parse(i.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const publicReplies = ticket.responses.filter((r) => !r.isInternal);
    const replies = timeline.filter((i) => i.type === 'reply');
    expect(replies.map((r) => r.content)).toEqual(publicReplies.map((r) => r.content));
    for (const [i, reply] of replies.entries()) {
      const row = publicReplies[i]!;
      expect(reply.author).toEqual(
        row.authorType === 'AGENT'
          ? { name: 'Support team', type: 'agent' }
          : { name: row.authorName, type: 'customer' },
      );
    }
    expect(timeline.filter((i) => i.type === 'status_changed')).toHaveLength(
      ticket.activities.length,
    );

    const text = JSON.stringify(res.body);
    for (const note of ticket.responses.filter((r) => r.isInternal))
      expect(text).not.toContain(note.content);
    expect(text).not.toContain(ticket.assignee!.name);
    expect(text).not.toContain(ticket.id);
    expect(text).not.toContain(ticket.requesterEmail);
  });

  it('never shows internal notes, internal activity, agents, reasons or internal fields', async () => {
    const ticket = await customerTicket();
    const agentReply = await t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(tokens.agent))
      .send({ content: 'We are checking with the carrier.' });
    expect(agentReply.status).toBe(201);
    const note = await t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(tokens.agent))
      .send({ content: `${MARKER}: refund quietly`, isInternal: true });
    expect(note.status).toBe(201);
    const customerReply = await t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(tokens.customer))
      .send({ content: 'Thank you!' });
    expect(customerReply.status).toBe(201);

    // An assignment, internal activity with names, a status change with a reason, and internal fields.
    const agent2 = await t.prisma.user.findUniqueOrThrow({ where: { email: 'agent2@acme.test' } });
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    const later = new Date(Date.now() + 1000);
    await t.prisma.ticket.update({
      where: { id: ticket.id },
      data: {
        assigneeId: agent2.id,
        status: 'IN_PROGRESS',
        metadata: { note: MARKER },
        customFields: { secret: MARKER },
        externalRefs: { orderId: MARKER },
        tags: [MARKER.toLowerCase()],
        firstResponseDueAt: later,
      },
    });
    await t.prisma.ticketActivity.createMany({
      data: [
        {
          organizationId: row.organizationId,
          ticketId: ticket.id,
          type: 'ASSIGNED',
          actorType: 'user',
          actorId: agent2.id,
          actorName: agent2.name,
          isInternal: true,
          before: { assignee: null },
          after: { assignee: { id: agent2.id, name: agent2.name } },
          reason: MARKER,
          createdAt: later,
        },
        {
          organizationId: row.organizationId,
          ticketId: ticket.id,
          type: 'STATUS_CHANGED',
          actorType: 'user',
          actorId: agent2.id,
          actorName: agent2.name,
          before: { status: 'NEW' },
          after: { status: 'IN_PROGRESS' },
          reason: `${MARKER} escalated by ${agent2.name}`,
          createdAt: later,
        },
        {
          organizationId: row.organizationId,
          ticketId: ticket.id,
          type: 'STATUS_CHANGED',
          actorType: 'user',
          actorId: agent2.id,
          actorName: agent2.name,
          isInternal: true,
          before: { status: 'IN_PROGRESS' },
          after: { status: 'ON_HOLD' },
          createdAt: later,
        },
      ],
    });

    const res = await track(ticket.reference, 'Customer@Acme.test');
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    for (const secret of [
      MARKER,
      MARKER.toLowerCase(),
      'Camille',
      'Tremblay',
      'Alex',
      'agent@acme.test',
      'customer@acme.test',
      ticket.id,
      row.organizationId,
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    expect(res.body.status).toBe('IN_PROGRESS');
    expect(res.body.timeline.map((i: { type: string }) => i.type)).toEqual([
      'created',
      'reply',
      'reply',
      'status_changed',
    ]);
    expect(res.body.timeline[1]).toMatchObject({
      type: 'reply',
      author: { name: 'Support team', type: 'agent' },
      content: 'We are checking with the carrier.',
      at: agentReply.body.createdAt,
    });
    expect(res.body.timeline[2]).toMatchObject({
      author: { name: 'Casey Customer', type: 'customer' },
      content: 'Thank you!',
    });
    expect(res.body.timeline[3]).toEqual({
      type: 'status_changed',
      from: 'NEW',
      to: 'IN_PROGRESS',
      at: later.toISOString(),
    });
  });

  it('shows the scheduled session, in the view and in the timeline, and its cancellation', async () => {
    const ticket = await customerTicket();
    const scheduledAt = new Date(Date.now() + 2 * DAY_MS).toISOString();
    const session = {
      mode: 'video',
      scheduledAt,
      durationMinutes: 45,
      meetingLink: 'https://meet.jit.si/docket-abc',
    };
    const scheduled = await t
      .http()
      .put(`/api/tickets/${ticket.id}/session`)
      .set(authHeader(tokens.agent))
      .send(session);
    expect(scheduled.status).toBe(200);
    let res = await track(ticket.reference, 'customer@acme.test');
    expect(res.status).toBe(200);
    expect(res.body.session).toEqual(session);
    expect(res.body.timeline.at(-1)).toMatchObject({ type: 'session_scheduled', ...session });
    expect(JSON.stringify(res.body)).not.toContain('Alex');

    // A cancellation as tickets.service.ts records it: SESSION_SCHEDULED with `after: {session: null}`.
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    const at = new Date(Date.now() + 1000);
    await t.prisma.ticket.update({
      where: { id: ticket.id },
      data: {
        sessionMode: null,
        sessionScheduledAt: null,
        sessionDurationMinutes: null,
        sessionMeetingLink: null,
      },
    });
    await t.prisma.ticketActivity.create({
      data: {
        organizationId: row.organizationId,
        ticketId: ticket.id,
        type: 'SESSION_SCHEDULED',
        actorType: 'user',
        actorName: 'Alex Agent',
        before: { session },
        after: { session: null },
        createdAt: at,
      },
    });
    res = await track(ticket.reference, 'customer@acme.test');
    expect(res.body.session).toBeNull();
    expect(res.body.timeline.at(-1)).toEqual({ type: 'session_cancelled', at: at.toISOString() });
  });

  it('answers a wrong email, an unknown, malformed or deleted reference with the same 404', async () => {
    const ticket = await customerTicket();
    const deleted = await customerTicket();
    await t.prisma.ticket.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });
    const expected = await notFoundBody();
    expect(expected).toMatchObject({ status: 404, code: 'not_found' });
    const misses = [
      [ticket.reference, 'someone-else@acme.test'],
      [ticket.reference, 'customer2@acme.test'],
      [ticket.reference, 'not an email'],
      ['TKT-99999', 'customer@acme.test'],
      ['hello', 'customer@acme.test'],
      ['TKT-', 'customer@acme.test'],
      ['TKT-00000', 'customer@acme.test'],
      [deleted.reference, 'customer@acme.test'],
    ] as const;
    for (const [reference, email] of misses) {
      const res = await track(reference, email);
      expect(res.status, `${reference} ${email}`).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toEqual(expected);
    }
    expect((await track(ticket.reference, 'customer@acme.test')).status).toBe(200);
  });

  it('finds the ticket of the right organization when numbers repeat across organizations', async () => {
    const [acme, globex] = await Promise.all(
      ['acme', 'globex'].map((slug) =>
        t.prisma.ticket.findFirstOrThrow({ where: { number: 1, organization: { slug } } }),
      ),
    );
    await t.prisma.ticket.update({
      where: { id: acme!.id },
      data: { requesterEmail: 'first@acme-customer.test' },
    });
    await t.prisma.ticket.update({
      where: { id: globex!.id },
      data: { requesterEmail: 'first@globex-customer.test' },
    });
    expect((await track('TKT-00001', 'first@acme-customer.test')).body.subject).toBe(acme!.subject);
    expect((await track('TKT-00001', 'first@globex-customer.test')).body.subject).toBe(
      globex!.subject,
    );
    // The same requester in both: the most recently updated ticket.
    await t.prisma.ticket.update({
      where: { id: acme!.id },
      data: {
        requesterEmail: 'first@globex-customer.test',
        updatedAt: new Date(Date.now() + 60_000),
      },
    });
    expect((await track('TKT-00001', 'first@globex-customer.test')).body.subject).toBe(
      acme!.subject,
    );
  });

  it('refuses missing, empty and unknown fields with 400 naming them', async () => {
    let res = await t.http().post('/api/public/track').send({});
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'email',
      'reference',
    ]);
    res = await t
      .http()
      .post('/api/public/track')
      .send({ reference: ' ', email: 'a@b.test', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'extra',
      'reference',
    ]);
  });
});

describe('GET /api/tickets/:id/tracking-link', () => {
  it('gives agents, admins and the requester a signed link expiring after TRACKING_LINK_TTL_DAYS', async () => {
    const ticket = await customerTicket();
    for (const who of ['agent', 'admin', 'customer'] as const) {
      const before = Date.now();
      const res = await t
        .http()
        .get(`/api/tickets/${ticket.reference}/tracking-link`)
        .set(authHeader(tokens[who]));
      expect(res.status, who).toBe(200);
      expect(res.body.url).toMatch(
        /^https:\/\/help\.example\.test\/t\/[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{43}$/,
      );
      const expiresAt = Date.parse(res.body.expiresAt);
      expect(expiresAt).toBeGreaterThan(before + 90 * DAY_MS - 2000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 90 * DAY_MS);
    }
  });

  it("is 404 for another requester's or another organization's ticket, and 401 without credentials", async () => {
    const ticket = await customerTicket();
    for (const who of ['customer2', 'globexAgent'] as const) {
      const res = await t
        .http()
        .get(`/api/tickets/${ticket.id}/tracking-link`)
        .set(authHeader(tokens[who]));
      expect(res.status, who).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    expect((await t.http().get(`/api/tickets/${ticket.id}/tracking-link`)).status).toBe(401);
    const missing = await t
      .http()
      .get('/api/tickets/TKT-99999/tracking-link')
      .set(authHeader(tokens.agent));
    expect(missing.status).toBe(404);
  });
});

describe('GET /api/public/tickets/:token', () => {
  it('shows the same view as the tracker', async () => {
    const ticket = await customerTicket();
    const token = await tokenFor(ticket.id);
    const res = await t.http().get(`/api/public/tickets/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual((await track(ticket.reference, 'customer@acme.test')).body);
  });

  it('answers malformed, tampered or foreign tokens with the not-found body, and expired ones with 410', async () => {
    const ticket = await customerTicket();
    const other = await customerTicket();
    const token = await tokenFor(ticket.id);
    const [payload, mac] = token.split('.') as [string, string];
    const flip = (s: string, i: number) =>
      s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    // The last character of the MAC carries 2 unused bits: a spelling that decodes to the same bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = mac.slice(0, -1) + alphabet[alphabet.indexOf(mac.at(-1)!) ^ 1];
    expect(Buffer.from(sameBytes, 'base64url')).toEqual(Buffer.from(mac, 'base64url'));
    const [otherPayload] = (await tokenFor(other.id)).split('.') as [string];
    const foreign = createTrackingLinks({
      publicUrl: PUBLIC_URL,
      trackingLink: { secret: 'another-deployment-secret-0123456789abcdef', ttlDays: 90 },
    }).createTrackingToken(ticket.id);
    const expected = await notFoundBody();
    const bad = [
      flip(token, 3),
      `${payload}.${flip(mac, 10)}`,
      `${payload}.${sameBytes}`,
      `${otherPayload}.${mac}`,
      foreign,
      token.slice(0, -1),
      `${token}A`,
      'not-a-token',
      `${payload}.`,
    ];
    for (const value of bad) {
      const res = await t.http().get(`/api/public/tickets/${encodeURIComponent(value)}`);
      expect(res.status, value).toBe(404);
      expect(res.body).toEqual(expected);
    }

    const links = createTrackingLinks(t.config);
    const expired = links.createTrackingToken(ticket.id, new Date(Date.now() - 91 * DAY_MS));
    const res = await t.http().get(`/api/public/tickets/${expired}`);
    expect(res.status).toBe(410);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 410, code: 'link_expired' });
    const fresh = links.createTrackingToken(ticket.id, new Date(Date.now() - 89 * DAY_MS));
    expect((await t.http().get(`/api/public/tickets/${fresh}`)).status).toBe(200);
  });

  it('is 404 once the ticket is deleted', async () => {
    const ticket = await customerTicket();
    const token = await tokenFor(ticket.id);
    await t.prisma.ticket.update({ where: { id: ticket.id }, data: { deletedAt: new Date() } });
    const res = await t.http().get(`/api/public/tickets/${token}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual(await notFoundBody());
  });
});

describe('POST /api/public/tickets/:token/responses', () => {
  it('lets the requester reply, reopening a RESOLVED or WAITING_ON_CUSTOMER ticket to OPEN', async () => {
    const casey = await t.prisma.user.findUniqueOrThrow({ where: { email: 'customer@acme.test' } });
    for (const status of ['RESOLVED', 'WAITING_ON_CUSTOMER'] as const) {
      const ticket = await customerTicket();
      await t.prisma.ticket.update({
        where: { id: ticket.id },
        data: { status, resolvedAt: new Date() },
      });
      const token = await tokenFor(ticket.id);
      const res = await t
        .http()
        .post(`/api/public/tickets/${token}/responses`)
        .send({ content: 'Still not here.' });
      expect(res.status, status).toBe(201);
      expect(res.body).toMatchObject({
        ticketId: ticket.id,
        content: 'Still not here.',
        isInternal: false,
        authorType: 'CUSTOMER',
        author: { id: casey.id, name: 'Casey Customer' },
      });
      expect(res.body.author).not.toHaveProperty('email');

      const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
      expect(row.status).toBe('OPEN');
      expect(row.resolvedAt).toBeNull();
      const change = await t.prisma.ticketActivity.findFirstOrThrow({
        where: { ticketId: ticket.id, type: 'STATUS_CHANGED' },
      });
      expect(change).toMatchObject({
        before: { status },
        after: { status: 'OPEN' },
        actorType: 'user',
        actorId: casey.id,
      });
      expect(
        await t.prisma.ticketActivity.count({
          where: { ticketId: ticket.id, type: 'RESPONSE_ADDED' },
        }),
      ).toBe(1);

      const view = await t.http().get(`/api/public/tickets/${token}`);
      expect(view.body.status).toBe('OPEN');
      expect(view.body.timeline.slice(-2)).toEqual([
        {
          type: 'reply',
          author: { name: 'Casey Customer', type: 'customer' },
          content: 'Still not here.',
          format: 'text',
          attachments: [],
          at: res.body.createdAt,
        },
        { type: 'status_changed', from: status, to: 'OPEN', at: res.body.createdAt },
      ]);
    }
  });

  it("records a guest requester's reply under their name", async () => {
    const created = await t.http().post('/api/tickets').set(authHeader(tokens.agent)).send({
      subject: 'Invoice copy needed',
      description: 'Please send me a copy of invoice 1042.',
      requesterName: 'Gail Guest',
      requesterEmail: 'gail.guest@example.com',
    });
    expect(created.status).toBe(201);
    const token = await tokenFor(created.body.id);
    const res = await t
      .http()
      .post(`/api/public/tickets/${token}/responses`)
      .send({ content: 'Any news?' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      authorType: 'CUSTOMER',
      author: { id: null, name: 'Gail Guest' },
    });
    const activity = await t.prisma.ticketActivity.findFirstOrThrow({
      where: { ticketId: created.body.id, type: 'RESPONSE_ADDED' },
    });
    expect(activity).toMatchObject({ actorType: 'system', actorId: null, actorName: 'Gail Guest' });
    const response = await t.prisma.ticketResponse.findFirstOrThrow({
      where: { ticketId: created.body.id },
    });
    expect(response.authorEmail).toBe('gail.guest@example.com');
  });

  it('refuses a CLOSED ticket with 409 ticket_closed and writes nothing', async () => {
    const ticket = await customerTicket();
    await t.prisma.ticket.update({
      where: { id: ticket.id },
      data: { status: 'CLOSED', closedAt: new Date() },
    });
    const token = await tokenFor(ticket.id);
    const res = await t
      .http()
      .post(`/api/public/tickets/${token}/responses`)
      .send({ content: 'Hello?' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ticket_closed');
    expect(await t.prisma.ticketResponse.count({ where: { ticketId: ticket.id } })).toBe(0);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe(
      'CLOSED',
    );
  });

  it('refuses bad bodies, internal notes, bad or expired tokens and deleted tickets, writing nothing', async () => {
    const ticket = await customerTicket();
    const token = await tokenFor(ticket.id);
    const cases: [string, unknown, number, string][] = [
      [token, {}, 400, 'validation_failed'],
      [token, { content: '   ' }, 400, 'validation_failed'],
      [token, { content: 'note', isInternal: true }, 400, 'validation_failed'],
      [`${token.slice(0, -2)}AA`, { content: 'hi' }, 404, 'not_found'],
      [
        createTrackingLinks(t.config).createTrackingToken(
          ticket.id,
          new Date(Date.now() - 100 * DAY_MS),
        ),
        { content: 'hi' },
        410,
        'link_expired',
      ],
    ];
    for (const [value, body, status, code] of cases) {
      const res = await t
        .http()
        .post(`/api/public/tickets/${value}/responses`)
        .send(body as object);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.code).toBe(code);
    }
    await t.prisma.ticket.update({ where: { id: ticket.id }, data: { deletedAt: new Date() } });
    const deleted = await t
      .http()
      .post(`/api/public/tickets/${token}/responses`)
      .send({ content: 'hi' });
    expect(deleted.status).toBe(404);
    expect(await t.prisma.ticketResponse.count({ where: { ticketId: ticket.id } })).toBe(0);
  });
});

describe('tracking tokens', () => {
  const links = createTrackingLinks({
    publicUrl: PUBLIC_URL,
    trackingLink: { secret: 'unit-test-tracking-secret-0123456789abcdef', ttlDays: 90 },
  });
  const id = '0f8fad5b-d9cb-469f-a165-70867728950e';

  it('round-trips the ticket id and expires exactly TTL days later, to the second', () => {
    const now = new Date('2026-11-21T10:00:00.500Z');
    const token = links.createTrackingToken(id.toUpperCase(), now);
    const expiresAt = new Date('2027-02-19T10:00:00.000Z');
    expect(links.verifyTrackingToken(token, now)).toEqual({ valid: true, ticketId: id, expiresAt });
    expect(links.verifyTrackingToken(token, new Date(expiresAt.getTime() - 1))).toMatchObject({
      valid: true,
    });
    expect(links.verifyTrackingToken(token, expiresAt)).toEqual({
      valid: false,
      reason: 'expired',
    });
    expect(links.trackingLink({ id }, now)).toEqual({ url: `${PUBLIC_URL}/t/${token}`, expiresAt });
    expect(links.trackingUrl({ id }, now)).toBe(`${PUBLIC_URL}/t/${token}`);
  });

  it('tells a bad signature from a malformed token, and refuses ids that are not UUIDs', () => {
    const token = links.createTrackingToken(id);
    const [payload, mac] = token.split('.') as [string, string];
    const other = links.createTrackingToken('11111111-2222-4333-8444-555555555555');
    expect(links.verifyTrackingToken(`${payload}.${other.split('.')[1]}`)).toEqual({
      valid: false,
      reason: 'bad_signature',
    });
    expect(links.verifyTrackingToken(`${payload}.${mac}x`)).toEqual({
      valid: false,
      reason: 'malformed',
    });
    expect(links.verifyTrackingToken('')).toEqual({ valid: false, reason: 'malformed' });
    expect(() => links.createTrackingToken('TKT-00001')).toThrow(TypeError);
  });
});

describe('tracking-link configuration', () => {
  const dir = `/tmp/docket-public-cfg-${process.pid}-${Date.now()}`;

  it('generates a development secret once, derives one from JWT_SECRET in production, and checks its length', () => {
    const first = loadConfig({ DATA_DIR: dir });
    expect(first.trackingLink.secret.length).toBeGreaterThanOrEqual(32);
    expect(first.trackingLink.secret).not.toBe(first.jwt.secret);
    expect(loadConfig({ DATA_DIR: dir }).trackingLink.secret).toBe(first.trackingLink.secret);
    expect(first.trackingLink.ttlDays).toBe(90);

    const jwt = 'production-jwt-secret-that-is-long-enough-0123456789';
    const prod = loadConfig({ NODE_ENV: 'production', JWT_SECRET: jwt, DATA_DIR: dir });
    expect(prod.trackingLink.secret).toBe(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: jwt, DATA_DIR: dir }).trackingLink.secret,
    );
    expect(prod.trackingLink.secret).not.toBe(jwt);
    expect(prod.trackingLink.secret).not.toBe(first.trackingLink.secret);
    const own = 'an-explicit-tracking-secret-0123456789abcdef';
    expect(
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: jwt,
        TRACKING_LINK_SECRET: own,
        DATA_DIR: dir,
      }).trackingLink.secret,
    ).toBe(own);

    expect(() => loadConfig({ TRACKING_LINK_SECRET: 'short', DATA_DIR: dir })).toThrow(ConfigError);
    expect(() => loadConfig({ TRACKING_LINK_SECRET: 'short', DATA_DIR: dir })).toThrow(
      /TRACKING_LINK_SECRET/,
    );
    expect(() => loadConfig({ TRACKING_LINK_TTL_DAYS: '0', DATA_DIR: dir })).toThrow(
      /TRACKING_LINK_TTL_DAYS/,
    );
  });
});

describe('OpenAPI document', () => {
  it('documents the public routes without security, and the timeline as a union of named items', async () => {
    const doc = (await t.http().get('/api/openapi.json')).body;
    expect(doc.paths['/api/public/track'].post.security).toEqual([]);
    expect(doc.paths['/api/public/tickets/{token}'].get.security).toEqual([]);
    expect(doc.paths['/api/public/tickets/{token}/responses'].post.security).toEqual([]);
    expect(Object.keys(doc.paths['/api/public/track'].post.responses)).toEqual(
      expect.arrayContaining(['200', '400', '404', '429']),
    );
    expect(doc.paths['/api/tickets/{id}/tracking-link'].get.security).toEqual([
      { bearerAuth: [] },
      { apiKey: ['tickets:read'] },
    ]);
    const item = doc.components.schemas.PublicTimelineItem;
    const refs = JSON.stringify(item);
    for (const name of [
      'PublicTimelineCreated',
      'PublicTimelineStatusChanged',
      'PublicTimelineReply',
      'PublicTimelineSessionScheduled',
      'PublicTimelineSessionCancelled',
    ]) {
      expect(refs).toContain(name);
    }
    expect(Object.keys(doc.components.schemas.PublicTicket.properties)).not.toContain('assignee');
  });
});
