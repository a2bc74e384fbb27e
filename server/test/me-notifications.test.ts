/**
 * The profile, in-app notifications with @mentions, and unread markers (docs/product.md
 * "Profile", "In-app notifications", "Mentions", "Unread markers") through the API, against the
 * real database: the notification subscriber is driven with `app.events.drain()`, and the live
 * push is read on a real SSE stream.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers, createTicket } from './helpers/factories.js';
import { openLiveStream } from './helpers/sse.js';

type Who = 'admin' | 'a' | 'b' | 'c' | 'restricted' | 'customer';

let t: TestApp;
let organizationId: string;
let ids: Record<Who, string>;
let tokens: Record<Who, string>;
let baseUrl: string;
let customerEmail: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const { organization, users } = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN', name: 'Ada Admin' },
    a: { role: 'AGENT', name: 'Alex A' },
    b: { role: 'AGENT', name: 'Alex Anderson' },
    c: { role: 'AGENT', name: 'Camille Côté' },
    restricted: { role: 'AGENT', name: 'Rita Restricted', groupRestricted: true },
    customer: { role: 'CUSTOMER', name: 'Maya Patel' },
  });
  organizationId = organization.id;
  customerEmail = users.customer.email;
  ids = Object.fromEntries(Object.entries(users).map(([k, u]) => [k, u.id])) as typeof ids;
  tokens = await signInAll(t, users);
});
afterAll(async () => t?.close());

const as = (who: Who) => authHeader(tokens[who]);

async function newTicket(body: object = {}, who: Who = 'admin') {
  const res = await t
    .http()
    .post('/api/tickets')
    .set(as(who))
    .send({
      subject: 'Cannot sign in',
      description: 'The sign-in page keeps loading.',
      ...(who === 'customer' ? {} : { requesterId: ids.customer }),
      ...body,
    });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; reference: string; number: number };
}

async function note(ticketId: string, who: Who, content: string, isInternal = true) {
  const res = await t
    .http()
    .post(`/api/tickets/${ticketId}/responses`)
    .set(as(who))
    .send({ content, isInternal });
  expect(res.status, res.text).toBe(201);
  return res.body as { author: { name: string } };
}

async function notificationsOf(who: Who, query = '') {
  const res = await t.http().get(`/api/me/notifications${query}`).set(as(who));
  expect(res.status, res.text).toBe(200);
  return res.body as {
    data: {
      id: string;
      type: string;
      ticket: { id: string; reference: string; subject: string } | null;
      actorName: string | null;
      excerpt: string | null;
      readAt: string | null;
    }[];
    nextCursor: string | null;
    unreadCount: number;
  };
}

async function clearNotifications() {
  await t.app.events.drain();
  await t.prisma.userNotification.deleteMany({ where: { organizationId } });
}

describe('profile', () => {
  it('reads and changes one’s own profile; bad input is a 400 naming the field', async () => {
    const got = await t.http().get('/api/me').set(as('a'));
    expect(got.status).toBe(200);
    expect(got.body).toEqual({
      id: ids.a,
      name: 'Alex A',
      email: expect.any(String),
      role: 'AGENT',
      locale: 'en',
      timeZone: 'UTC',
      signature: null,
      theme: 'system',
    });

    for (const [body, path] of [
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ theme: 'blue' }, 'theme'],
      [{ locale: 'de' }, 'locale'],
      [{ signature: 'x'.repeat(2001) }, 'signature'],
      [{ name: '' }, 'name'],
    ] as const) {
      const res = await t.http().patch('/api/me').set(as('a')).send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors[0].path).toBe(path);
    }
    const unknown = await t.http().patch('/api/me').set(as('a')).send({ role: 'ADMIN' });
    expect(unknown.status).toBe(400);
    expect(await t.prisma.user.findUniqueOrThrow({ where: { id: ids.a } })).toMatchObject({
      role: 'AGENT',
      name: 'Alex A',
    });

    const changed = await t.http().patch('/api/me').set(as('a')).send({
      locale: 'fr-CA',
      timeZone: 'america/toronto',
      theme: 'dark',
      signature: '— Alex, **Support**',
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({
      locale: 'fr-CA',
      timeZone: 'America/Toronto',
      theme: 'dark',
      signature: '— Alex, **Support**',
    });
    expect((await t.http().get('/api/me').set(as('a'))).body.theme).toBe('dark');
    const cleared = await t.http().patch('/api/me').set(as('a')).send({ signature: '' });
    expect(cleared.body.signature).toBeNull();
  });

  it('customers set name, language, time zone and theme, never a signature', async () => {
    const refused = await t.http().patch('/api/me').set(as('customer')).send({ signature: 'Maya' });
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].path).toBe('signature');
    const ok = await t.http().patch('/api/me').set(as('customer')).send({ theme: 'light' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ role: 'CUSTOMER', theme: 'light', signature: null });
  });

  it('a new name shows at once as the author of what one writes next', async () => {
    const ticket = await newTicket();
    const renamed = await t.http().patch('/api/me').set(as('c')).send({ name: 'Camille Côté-Roy' });
    expect(renamed.status).toBe(200);
    expect((await note(ticket.id, 'c', 'Looking into it')).author.name).toBe('Camille Côté-Roy');
    await t.http().patch('/api/me').set(as('c')).send({ name: 'Camille Côté' });
  });
});

describe('in-app notifications', () => {
  it('an @mention in an internal note notifies the mentioned agent only, live', async () => {
    await clearNotifications();
    const ticket = await newTicket();
    const streamB = await openLiveStream(baseUrl, tokens.b);
    const streamC = await openLiveStream(baseUrl, tokens.c);
    try {
      // "Alex Anderson" is b, although "Alex A" (a) is a prefix of it: the longest name wins.
      await note(ticket.id, 'a', 'Context first.\n@alex anderson can you check the refund? Thanks');
      // A public reply naming someone is no mention; nor is the author naming themself.
      await note(ticket.id, 'admin', '@Camille Côté will follow up', false);
      await note(ticket.id, 'c', 'Noted, @Camille Côté here');
      await t.app.events.drain();

      const b = await notificationsOf('b');
      expect(b.unreadCount).toBe(1);
      expect(b.data).toEqual([
        expect.objectContaining({
          type: 'mentioned',
          ticket: {
            id: ticket.id,
            number: ticket.number,
            reference: ticket.reference,
            subject: 'Cannot sign in',
          },
          actorName: 'Alex A',
          excerpt: '@alex anderson can you check the refund? Thanks',
          readAt: null,
        }),
      ]);
      for (const who of ['a', 'c', 'admin'] as const) {
        expect((await notificationsOf(who)).data, who).toEqual([]);
      }

      const pushed = await streamB.next((e) => e.event === 'notification');
      expect(pushed.data).toMatchObject({ userId: ids.b, notificationId: b.data[0]!.id });
      // c's stream heard the ticket's events but no notification of someone else's.
      await streamC.next((e) => e.event === 'ticket');
      expect(streamC.events.some((e) => e.event === 'notification')).toBe(false);
    } finally {
      streamB.close();
      streamC.close();
    }
  });

  it('assignment notifies the new assignee unless they took it themselves', async () => {
    await clearNotifications();
    const ticket = await newTicket();
    const assigned = await t
      .http()
      .patch(`/api/tickets/${ticket.id}`)
      .set(as('admin'))
      .send({ assigneeId: ids.b });
    expect(assigned.status, assigned.text).toBe(200);
    const claimed = await newTicket();
    expect((await t.http().post(`/api/tickets/${claimed.id}/claim`).set(as('c'))).status).toBe(200);
    await t.app.events.drain();

    expect((await notificationsOf('b')).data).toEqual([
      expect.objectContaining({
        type: 'assigned',
        actorName: 'Ada Admin',
        ticket: expect.objectContaining({ id: ticket.id }),
      }),
    ]);
    expect((await notificationsOf('c')).data).toEqual([]);
  });

  it('a customer reply notifies the assignee', async () => {
    await clearNotifications();
    const ticket = await newTicket({ assigneeId: ids.b });
    await note(ticket.id, 'customer', 'Still broken on my phone.', false);
    await t.app.events.drain();
    const b = await notificationsOf('b');
    expect(b.data).toEqual([
      expect.objectContaining({
        type: 'customer_replied',
        actorName: 'Maya Patel',
        excerpt: 'Still broken on my phone.',
      }),
      expect.objectContaining({ type: 'assigned' }),
    ]);
  });

  it('read marks: some, then all; others’ ids are ignored; bad bodies are 400', async () => {
    await clearNotifications();
    const ticket = await newTicket();
    await note(ticket.id, 'a', '@Alex Anderson one');
    await note(ticket.id, 'a', '@Alex Anderson two');
    await note(ticket.id, 'b', '@Alex A three');
    await t.app.events.drain();
    const b = await notificationsOf('b');
    expect(b.unreadCount).toBe(2);
    const aId = (await notificationsOf('a')).data[0]!.id;

    const one = await t
      .http()
      .post('/api/me/notifications/read')
      .set(as('b'))
      .send({ ids: [b.data[0]!.id, aId] });
    expect(one.status, one.text).toBe(200);
    expect(one.body).toEqual({ unreadCount: 1 });
    expect((await notificationsOf('a')).unreadCount).toBe(1);
    const unread = await notificationsOf('b', '?unread=true&limit=1');
    expect(unread.data.map((n) => n.id)).toEqual([b.data[1]!.id]);
    expect(unread.nextCursor).toBeNull();

    const page1 = await notificationsOf('b', '?limit=1');
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await notificationsOf('b', `?limit=1&cursor=${page1.nextCursor}`);
    expect(page2.data.map((n) => n.id)).toEqual([b.data[1]!.id]);

    const all = await t.http().post('/api/me/notifications/read').set(as('b')).send({ all: true });
    expect(all.body).toEqual({ unreadCount: 0 });

    for (const body of [{}, { ids: [] }, { ids: ['nope'] }, { ids: [aId], all: true }]) {
      const res = await t.http().post('/api/me/notifications/read').set(as('b')).send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors[0].path).toMatch(/^ids/);
    }
    const tooMany = Array.from({ length: 101 }, () => aId);
    expect(
      (await t.http().post('/api/me/notifications/read').set(as('b')).send({ ids: tooMany }))
        .status,
    ).toBe(400);
    expect((await t.http().get('/api/me/notifications').set(as('customer'))).status).toBe(403);
    expect((await t.http().get('/api/me/notifications?cursor=zzz').set(as('b'))).status).toBe(400);
  });

  it('a restricted agent is not told about a ticket they cannot see', async () => {
    await clearNotifications();
    const mine = await t.prisma.group.create({ data: { organizationId, name: 'Tier 1' } });
    const other = await t.prisma.group.create({ data: { organizationId, name: 'Tier 2' } });
    await t.prisma.groupMember.create({ data: { groupId: mine.id, userId: ids.restricted } });
    const hidden = await newTicket({ groupId: other.id });
    const visible = await newTicket({ groupId: mine.id });
    await note(hidden.id, 'a', '@Rita Restricted see this?');
    await note(visible.id, 'a', '@Rita Restricted see this?');
    await t.app.events.drain();
    const rita = await notificationsOf('restricted');
    expect(rita.data.map((n) => n.ticket?.id)).toEqual([visible.id]);

    // Moved out of her groups later: the notification drops out of her list.
    await t.prisma.ticket.update({ where: { id: visible.id }, data: { groupId: other.id } });
    expect(await notificationsOf('restricted')).toMatchObject({ data: [], unreadCount: 0 });
  });
});

describe('unread markers', () => {
  it('flip after /seen and back after the other side acts, for the assignee and the requester', async () => {
    const created = await newTicket({}, 'customer');
    const ticket = created;
    expect(
      (
        await t
          .http()
          .patch(`/api/tickets/${ticket.id}`)
          .set(as('admin'))
          .send({ assigneeId: ids.b })
      ).status,
    ).toBe(200);
    const unreadFor = async (who: Who) => {
      const list = await t.http().get('/api/tickets?limit=100').set(as(who));
      expect(list.status).toBe(200);
      const row = (list.body.data as { id: string; unread?: boolean }[]).find(
        (r) => r.id === ticket.id,
      );
      const one = await t.http().get(`/api/tickets/${ticket.id}`).set(as(who));
      expect(one.body.unread).toBe(row!.unread);
      return row!.unread;
    };
    expect(await unreadFor('b')).toBe(true);
    // Not theirs: never unread for another agent.
    expect(await unreadFor('admin')).toBe(false);

    const seen = await t.http().post(`/api/tickets/${ticket.id}/seen`).set(as('b'));
    expect(seen.status).toBe(204);
    expect(await unreadFor('b')).toBe(false);

    // An agent's reply is no customer activity; the customer's reply is.
    await note(ticket.id, 'b', 'Could you try again?', false);
    expect(await unreadFor('b')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await note(ticket.id, 'customer', 'Tried, same thing.', false);
    expect(await unreadFor('b')).toBe(true);

    // The requester's own marker (the portal's "New reply"): staff replied since they last
    // opened it; their own reply is no news to them.
    const customerUnread = async () => {
      const list = await t.http().get('/api/tickets?limit=100').set(as('customer'));
      const row = (list.body.data as { id: string; unread?: boolean }[]).find(
        (r) => r.id === ticket.id,
      );
      const one = await t.http().get(`/api/tickets/${ticket.id}`).set(as('customer'));
      expect(one.body.unread).toBe(row!.unread);
      return row!.unread;
    };
    expect(await customerUnread()).toBe(true);
    const unreadCount = async () =>
      (await t.http().get('/api/tickets/counts').set(as('customer'))).body.unread as number;
    const before = await unreadCount();
    expect(before).toBeGreaterThanOrEqual(1);
    expect((await t.http().post(`/api/tickets/${ticket.id}/seen`).set(as('customer'))).status).toBe(
      204,
    );
    expect(await customerUnread()).toBe(false);
    expect(await unreadCount()).toBe(before - 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await note(ticket.id, 'b', 'Internal: checking logs.', true);
    expect(await customerUnread()).toBe(false);
    await note(ticket.id, 'b', 'Fixed on our side.', false);
    expect(await customerUnread()).toBe(true);
    // The agent's marker is the agent's: the customer's /seen did not clear it.
    expect(await unreadFor('b')).toBe(true);
  });

  it('/seen is 404 on a ticket the caller cannot see', async () => {
    const group = await t.prisma.group.create({ data: { organizationId, name: 'Hidden' } });
    const hidden = await createTicket(t.prisma, { organizationId, groupId: group.id });
    expect(
      (await t.http().post(`/api/tickets/${hidden.id}/seen`).set(as('restricted'))).status,
    ).toBe(404);
    expect((await t.http().post(`/api/tickets/TKT-99999/seen`).set(as('b'))).status).toBe(404);
  });

  it('a staff-made ticket is no customer activity; an emailed reply is, a portal reply moves it on, staff replies do not', async () => {
    const ticket = await newTicket({ assigneeId: ids.b });
    const activity = async () =>
      (await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).customerActivityAt;
    expect(await activity()).toBeNull();
    // The requester answers by mail (POST /api/inbound/email, as an MTA delivers it).
    const mailbox = await t
      .http()
      .post('/api/mailboxes')
      .set(as('admin'))
      .send({
        address: `support-${organizationId.slice(0, 8)}@example.test`,
        displayName: 'Support',
      });
    expect(mailbox.status, mailbox.text).toBe(201);
    const mail = [
      `From: Maya Patel <${customerEmail}>`,
      `To: ${mailbox.body.address}`,
      `Subject: Re: [${ticket.reference}] Cannot sign in`,
      `Message-ID: <unread-${Date.now()}@client.example>`,
      `Date: ${new Date().toUTCString()}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'By mail: still loading.',
      '',
    ].join('\r\n');
    const received = await t
      .http()
      .post('/api/inbound/email')
      .set('Content-Type', 'message/rfc822')
      .set(
        'Authorization',
        `Basic ${Buffer.from(`${mailbox.body.id}:${mailbox.body.inboundSecret}`).toString('base64')}`,
      )
      .send(mail);
    expect(received.status, received.text).toBe(202);
    expect(received.body.outcome).toBe('response_added');
    const byMail = await activity();
    expect(byMail).not.toBeNull();
    // Staff replies and notes leave it; the customer's portal reply moves it forward.
    await note(ticket.id, 'b', 'Looking into it.', false);
    await note(ticket.id, 'b', 'Internal: check the SSO logs.');
    expect(await activity()).toEqual(byMail);
    await note(ticket.id, 'customer', 'Any news?', false);
    expect((await activity())!.getTime()).toBeGreaterThan(byMail!.getTime());
  });
});
