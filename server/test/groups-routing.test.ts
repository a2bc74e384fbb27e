/**
 * Groups (teams) and routing (docs/product.md "Groups and routing") through the API, with the
 * outbox workers running as in production (LISTEN/NOTIFY): round robin under capacity with
 * creates racing, the queue draining when capacity frees, load balancing, skills, availability
 * with "return on away", two routing workers and a claim racing for one ticket, and the
 * assignee-must-be-a-member rule.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { drainGroup } from '../src/modules/groups/routing.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers, createUser } from './helpers/factories.js';
import { samplePdf } from './helpers/sample-files.js';
import { openLiveStream } from './helpers/sse.js';
import { createWebhookTestApp, type WebhookTestApp } from './helpers/webhooks.js';

let w: WebhookTestApp;
let organizationId: string;
let ids: Record<'admin' | 'a' | 'b' | 'c' | 'customer', string>;
let tokens: Record<'admin' | 'a' | 'b' | 'c' | 'customer', string>;

beforeAll(async () => {
  w = await createWebhookTestApp({ env: { OUTBOX_WORKERS: 'true' }, listen: true, seed: false });
  const { organization, users } = await createOrganizationWithUsers(w.prisma, {
    admin: { role: 'ADMIN', name: 'Ada Admin' },
    a: { role: 'AGENT', name: 'Alex A' },
    b: { role: 'AGENT', name: 'Blair B' },
    c: { role: 'AGENT', name: 'Camille C' },
    customer: { role: 'CUSTOMER', name: 'Maya Patel' },
  });
  organizationId = organization.id;
  ids = Object.fromEntries(Object.entries(users).map(([k, u]) => [k, u.id])) as typeof ids;
  tokens = await signInAll(w, users);
});
afterAll(async () => w?.close());

// Each test starts from an empty board: no groups, no tickets, everyone available, and nothing
// left in the outbox by the test before (its subscribers would meet the tickets deleted here: a
// notification of a ticket that no longer exists fails and waits for a retry, and `settled`
// would wait for it).
beforeEach(async () => {
  // What the test before left running finishes first: an event fanned out while the rows below
  // are deleted would meet a ticket that is gone, fail, and wait for its retry.
  await quiescent();
  await w.prisma.outboxMessage.deleteMany({ where: { organizationId } });
  await w.prisma.ticket.deleteMany({ where: { organizationId } });
  await w.prisma.group.deleteMany({ where: { organizationId } });
  await w.prisma.user.updateMany({
    where: { organizationId },
    data: { availability: 'available' },
  });
});

const as = (who: keyof typeof tokens) => authHeader(tokens[who]);

async function createGroup(body: object) {
  const res = await w.http().post('/api/groups').set(as('admin')).send(body);
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; name: string };
}

/** An admin's `POST /api/tickets` for the customer, `body` over a default subject and description. */
function postTicket(body: object = {}, http = w.http()) {
  return http
    .post('/api/tickets')
    .set(as('admin'))
    .send({
      subject: 'Cannot sign in',
      description: 'The sign-in page keeps loading.',
      requesterId: ids.customer,
      ...body,
    });
}

async function newTicket(body: object = {}, http = w.http()) {
  const res = await postTicket(body, http);
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; reference: string; version: number };
}

const assigneeOf = async (id: string) =>
  (await w.prisma.ticket.findUniqueOrThrow({ where: { id } })).assigneeId;

/** Polls `check` every 50 ms until it returns true; fails after `ms`. */
async function waitFor(check: () => Promise<boolean>, ms = 5000, what = 'condition') {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

/** True when no outbox row is pending. */
const outboxDrained = async () =>
  (await w.prisma.outboxMessage.count({ where: { status: 'PENDING' } })) === 0;

/**
 * Waits until no outbox row is pending (routing has done what it was asked); on a timeout, prints
 * the rows still pending (subscriber, attempts, last error) before failing, for the run's log.
 * It waits up to 25 s: this is quiescence, not a speed claim. A handler that meets a transient
 * conflict under a burst is retried after the outbox's backoff (5 s with jitter, events README),
 * which on a loaded machine can overrun the 10 s this wait had before (one clean-clone CI run
 * timed out there).
 */
async function settled() {
  await waitFor(outboxDrained, 25_000, 'the outbox to drain').catch(async (error: unknown) => {
    const pending = await w.prisma.outboxMessage.findMany({
      where: { status: 'PENDING' },
      select: { topic: true, subscriber: true, attempts: true, lastError: true, lockedUntil: true },
    });
    console.error('outbox rows still pending:', JSON.stringify(pending));
    throw error;
  });
}

/**
 * Waits up to 10 s for the outbox to drain, and goes on either way: a row a failed test left
 * pending is deleted by beforeEach, and that test's own failure says why.
 */
const quiescent = () => waitFor(outboxDrained, 10_000).catch(() => undefined);

const openCounts = async () => {
  const rows = await w.prisma.ticket.groupBy({
    by: ['assigneeId'],
    where: { organizationId, status: { notIn: ['RESOLVED', 'CLOSED'] } },
    _count: true,
  });
  return Object.fromEntries(rows.map((r) => [r.assigneeId ?? 'queued', r._count]));
};

describe('groups', () => {
  it('admins manage groups; members must be active staff; names are unique', async () => {
    const bad = await w
      .http()
      .post('/api/groups')
      .set(as('admin'))
      .send({ name: 'Tier1', members: [{ userId: ids.customer }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('members.0.userId');

    const group = await createGroup({
      name: 'Tier1',
      routing: 'load_balanced',
      members: [{ userId: ids.a, capacity: 3, skills: ['Billing', 'lang:fr'] }],
    });
    const got = await w.http().get(`/api/groups/${group.id}`).set(as('a'));
    expect(got.status).toBe(200);
    expect(got.body.members).toEqual([
      expect.objectContaining({ userId: ids.a, capacity: 3, skills: ['billing', 'lang:fr'] }),
    ]);
    expect(
      (await w.http().post('/api/groups').set(as('admin')).send({ name: 'Tier1' })).status,
    ).toBe(409);
    expect((await w.http().post('/api/groups').set(as('a')).send({ name: 'X' })).status).toBe(403);
    expect((await w.http().get('/api/groups').set(as('customer'))).status).toBe(403);

    const patched = await w
      .http()
      .patch(`/api/groups/${group.id}`)
      .set(as('admin'))
      .send({ members: [{ userId: ids.b }] });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.members.map((m: { userId: string }) => m.userId)).toEqual([ids.b]);
  });

  it('a ticket’s assignee must be a member of its group (409 naming both)', async () => {
    const group = await createGroup({ name: 'Billing', members: [{ userId: ids.a }] });
    const ticket = await newTicket({ groupId: group.id });
    expect((await w.http().get(`/api/tickets/${ticket.id}`).set(as('a'))).body.group).toEqual({
      id: group.id,
      name: 'Billing',
    });

    const refused = await w
      .http()
      .patch(`/api/tickets/${ticket.id}`)
      .set(as('admin'))
      .send({ assigneeId: ids.b });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('assignee_not_in_group');
    expect(refused.body.detail).toContain('Blair B');
    expect(refused.body.detail).toContain('Billing');

    const claimed = await w.http().post(`/api/tickets/${ticket.id}/claim`).set(as('b'));
    expect(claimed.status).toBe(409);
    const created = await w.http().post('/api/tickets').set(as('admin')).send({
      subject: 'Refund twice',
      description: 'I was charged twice.',
      requesterId: ids.customer,
      groupId: group.id,
      assigneeId: ids.c,
    });
    expect(created.status).toBe(409);

    const moved = await w
      .http()
      .patch(`/api/tickets/${ticket.id}`)
      .set(as('admin'))
      .send({ assigneeId: ids.a });
    expect(moved.status, moved.text).toBe(200);
    // Changing the group away from the assignee's is refused too, unless the assignee changes.
    const other = await createGroup({ name: 'Other', members: [{ userId: ids.b }] });
    expect(
      (
        await w
          .http()
          .patch(`/api/tickets/${ticket.id}`)
          .set(as('admin'))
          .send({ groupId: other.id })
      ).status,
    ).toBe(409);
    const both = await w
      .http()
      .patch(`/api/tickets/${ticket.id}`)
      .set(as('admin'))
      .send({ groupId: other.id, assigneeId: ids.b });
    expect(both.status, both.text).toBe(200);

    const listed = await w.http().get(`/api/tickets?groupId=${other.id}`).set(as('admin'));
    expect(listed.body.data.map((t: { id: string }) => t.id)).toEqual([ticket.id]);
    const none = await w.http().get('/api/tickets?groupId=none').set(as('admin'));
    expect(none.body.data).toEqual([]);
  });
});

describe('agent load', () => {
  it('the users’ load counters follow assignments, status, priority and deletion', async () => {
    const counters = async () =>
      Object.fromEntries(
        (
          await w.prisma.user.findMany({
            where: { id: { in: [ids.a, ids.b] } },
            select: { id: true, openTicketCount: true, openTicketWeight: true },
          })
        ).map((u) => [u.id, [u.openTicketCount, u.openTicketWeight]]),
      );
    const one = await newTicket({ assigneeId: ids.a, priority: 'HIGH' });
    const two = await newTicket({ assigneeId: ids.a });
    expect(await counters()).toEqual({ [ids.a]: [2, 5], [ids.b]: [0, 0] });
    const patch = (id: string, body: object) =>
      w.http().patch(`/api/tickets/${id}`).set(as('admin')).send(body);
    expect((await patch(one.id, { assigneeId: ids.b, priority: 'CRITICAL' })).status).toBe(200);
    expect(await counters()).toEqual({ [ids.a]: [1, 2], [ids.b]: [1, 5] });
    expect((await patch(two.id, { status: 'RESOLVED' })).status).toBe(200);
    expect(await counters()).toEqual({ [ids.a]: [0, 0], [ids.b]: [1, 5] });
    expect((await w.http().delete(`/api/tickets/${one.id}`).set(as('admin'))).status).toBe(204);
    expect(await counters()).toEqual({ [ids.a]: [0, 0], [ids.b]: [0, 0] });
  });

  it('each member row carries its user’s load and last assignment, in every group, from the moment it joins', async () => {
    const users = async () =>
      (
        await w.prisma.user.findMany({
          where: { id: { in: [ids.a, ids.b] } },
          select: { id: true, openTicketCount: true, openTicketWeight: true, lastAssignedAt: true },
        })
      ).map(({ id, ...load }) => [id, load] as const);
    const membersOf = async (groupId: string) =>
      Object.fromEntries(
        (
          await w.prisma.groupMember.findMany({
            where: { groupId },
            select: {
              userId: true,
              openTicketCount: true,
              openTicketWeight: true,
              lastAssignedAt: true,
            },
          })
        ).map(({ userId, ...load }) => [userId, load]),
      );
    const first = await createGroup({
      name: 'Copies 1',
      routing: 'manual',
      members: [{ userId: ids.a }, { userId: ids.b }],
    });
    const second = await createGroup({
      name: 'Copies 2',
      routing: 'manual',
      members: [{ userId: ids.a }],
    });
    const expectCopies = async (groups: { id: string; members: string[] }[]) => {
      const loads = new Map(await users());
      for (const group of groups) {
        expect(await membersOf(group.id)).toEqual(
          Object.fromEntries(group.members.map((id) => [id, loads.get(id)])),
        );
      }
    };
    const one = await newTicket({ assigneeId: ids.a, priority: 'URGENT' });
    await newTicket({ assigneeId: ids.b });
    expect((await users()).find(([id]) => id === ids.a)![1].openTicketCount).toBeGreaterThan(0);
    await expectCopies([
      { id: first.id, members: [ids.a, ids.b] },
      { id: second.id, members: [ids.a] },
    ]);
    const moved = await w
      .http()
      .patch(`/api/tickets/${one.id}`)
      .set(as('admin'))
      .send({ assigneeId: ids.b });
    expect(moved.status, moved.text).toBe(200);
    // B joins the second group holding tickets: the new row starts with B's load.
    const joined = await w
      .http()
      .patch(`/api/groups/${second.id}`)
      .set(as('admin'))
      .send({ members: [{ userId: ids.a }, { userId: ids.b }] });
    expect(joined.status, joined.text).toBe(200);
    await expectCopies([
      { id: first.id, members: [ids.a, ids.b] },
      { id: second.id, members: [ids.a, ids.b] },
    ]);
    expect((await membersOf(second.id))[ids.b]!.openTicketCount).toBeGreaterThanOrEqual(2);
  });
});

describe('routing', () => {
  it('round robin: 5 tickets over 20 connections → A 2, B 2, one queued; resolving frees A within 2 s', async () => {
    const group = await createGroup({
      name: 'Tier1',
      routing: 'round_robin',
      members: [
        { userId: ids.a, capacity: 2 },
        { userId: ids.b, capacity: 2 },
      ],
    });
    // 5 creates and 15 reads of the board at once, each on a connection of its own.
    const creates = Array.from({ length: 5 }, (_, i) =>
      newTicket({ groupId: group.id, subject: `Sign-in loop ${i}` }),
    );
    const reads = Array.from({ length: 15 }, () =>
      w.http().get(`/api/tickets?groupId=${group.id}`).set(as('admin')),
    );
    const [made] = await Promise.all([Promise.all(creates), Promise.all(reads)]);
    await waitFor(async () => (await openCounts()).queued === 1, 10_000, '4 tickets routed');
    await settled();
    expect(await openCounts()).toEqual({ [ids.a]: 2, [ids.b]: 2, queued: 1 });

    // Routing's assignments are ordinary ones: activity (actor system, reason), one event each.
    const activity = await w.prisma.ticketActivity.findMany({
      where: { ticketId: { in: made.map((t) => t.id) }, type: 'ASSIGNED' },
    });
    expect(activity).toHaveLength(4);
    expect(
      activity.every((a) => a.actorType === 'system' && a.reason === 'routing: round_robin'),
    ).toBe(true);
    const assignedEvents = await w.prisma.outboxMessage.count({
      where: {
        kind: 'EVENT',
        topic: 'ticket.assigned',
        aggregateId: { in: made.map((t) => t.id) },
      },
    });
    expect(assignedEvents).toBe(4);

    const queued = await w.prisma.ticket.findFirstOrThrow({
      where: { organizationId, assigneeId: null },
    });
    const ofA = await w.prisma.ticket.findFirstOrThrow({ where: { assigneeId: ids.a } });
    const resolved = await w
      .http()
      .patch(`/api/tickets/${ofA.id}`)
      .set(as('a'))
      .send({ status: 'RESOLVED' });
    expect(resolved.status, resolved.text).toBe(200);
    await waitFor(async () => (await assigneeOf(queued.id)) === ids.a, 2000, 'the queued ticket');
  }, 60_000);

  it('load balanced: the member with the fewest open tickets gets the next one', async () => {
    const group = await createGroup({
      name: 'Load',
      members: [{ userId: ids.a }, { userId: ids.b }],
    });
    for (let i = 0; i < 3; i++) await newTicket({ groupId: group.id, assigneeId: ids.a });
    await w
      .http()
      .patch(`/api/groups/${group.id}`)
      .set(as('admin'))
      .send({ routing: 'load_balanced' });
    const next = await newTicket({ groupId: group.id });
    await waitFor(async () => (await assigneeOf(next.id)) !== null, 5000, 'routing');
    expect(await assigneeOf(next.id)).toBe(ids.b);
  });

  it('load balanced: a tie goes to the member assigned a ticket longest ago, by anyone', async () => {
    await w.prisma.user.updateMany({ where: { organizationId }, data: { lastAssignedAt: null } });
    const group = await createGroup({
      name: 'Tie',
      routing: 'load_balanced',
      members: [{ userId: ids.a }, { userId: ids.b }],
    });
    const lastAssignedAt = async (id: string) =>
      (await w.prisma.user.findUniqueOrThrow({ where: { id } })).lastAssignedAt;
    const resolve = async (id: string) => {
      const res = await w
        .http()
        .patch(`/api/tickets/${id}`)
        .set(as('admin'))
        .send({ status: 'RESOLVED' });
      expect(res.status, res.text).toBe(200);
    };
    // B gets a ticket by hand, outside the group, and solves it: both are back at 0 open
    // tickets, A never assigned one, so A is first.
    const byHand = await newTicket({ assigneeId: ids.b });
    const stamped = await lastAssignedAt(ids.b);
    expect(stamped).not.toBeNull();
    await resolve(byHand.id);
    expect(await lastAssignedAt(ids.b)).toEqual(stamped);
    const first = await newTicket({ groupId: group.id });
    await waitFor(async () => (await assigneeOf(first.id)) !== null, 5000, 'routing');
    expect(await assigneeOf(first.id)).toBe(ids.a);
    // A solves it: level again, and now B was assigned one longer ago.
    await resolve(first.id);
    const second = await newTicket({ groupId: group.id });
    await waitFor(async () => (await assigneeOf(second.id)) !== null, 5000, 'routing');
    expect(await assigneeOf(second.id)).toBe(ids.b);
  });

  it('load balanced: creates arriving together are spread over the members, each counting the tickets being placed', async () => {
    const group = await createGroup({
      name: 'Burst',
      routing: 'load_balanced',
      members: [{ userId: ids.a }, { userId: ids.b }, { userId: ids.c }],
    });
    // Nine creates at once, each placed by its create: before the ledger of tickets in flight
    // (groups/assignments-in-flight.ts) they read the same loads and chose the same member.
    const created = await Promise.all(
      Array.from({ length: 9 }, (_, i) => newTicket({ groupId: group.id, subject: `Burst ${i}` })),
    );
    const assignees = await Promise.all(created.map((t) => assigneeOf(t.id)));
    const perMember = [ids.a, ids.b, ids.c].map(
      (id) => assignees.filter((assignee) => assignee === id).length,
    );
    expect(perMember.reduce((sum, n) => sum + n, 0)).toBe(9);
    // Three each, but for a create whose commit the next choice saw before its hold was
    // released (counted twice for that instant): never more than one off.
    for (const n of perMember) expect(n).toBeGreaterThanOrEqual(2);
    for (const n of perMember) expect(n).toBeLessThanOrEqual(4);
    // Their notifications and mails done before the next test deletes the tickets.
    await settled();
  });

  it('a new ticket is placed by its create when nothing stands before it; else by the subscriber after the commit', async () => {
    const group = await createGroup({
      name: 'At create',
      routing: 'load_balanced',
      members: [{ userId: ids.a }, { userId: ids.b }],
    });
    await newTicket({ groupId: group.id, assigneeId: ids.a });
    // Empty queue, uncapped members, no trigger: the 201 already names the assignee.
    const placed = await postTicket({ groupId: group.id });
    expect(placed.status, placed.text).toBe(201);
    expect(placed.body.assignee).toEqual({ id: ids.b, name: 'Blair B' });
    const activity = await w.prisma.ticketActivity.findMany({
      where: { ticketId: placed.body.id, type: 'ASSIGNED' },
    });
    expect(activity).toEqual([
      expect.objectContaining({
        actorType: 'system',
        actorName: 'Routing',
        reason: 'routing: load_balanced',
      }),
    ]);
    await settled();
    const assigned = await w.prisma.outboxMessage.findMany({
      where: { kind: 'EVENT', topic: 'ticket.assigned', aggregateId: placed.body.id },
    });
    expect(assigned).toHaveLength(1);
    expect(assigned[0]!.payload).toMatchObject({
      data: {
        actor: { type: 'system', name: 'Routing' },
        reason: 'routing: load_balanced',
        assignee: { id: ids.b },
      },
    });

    // A capped member chosen: the subscriber places it (under the member's lock), after the commit.
    await w
      .http()
      .patch(`/api/groups/${group.id}`)
      .set(as('admin'))
      .send({ members: [{ userId: ids.c, capacity: 5 }] });
    const capped = await newTicket({ groupId: group.id });
    expect(await assigneeOf(capped.id)).toBeNull();
    await waitFor(async () => (await assigneeOf(capped.id)) === ids.c, 5000, 'routing');
  });

  it('a create naming another organization’s routed group is a 400 on groupId: routing’s read is the check, and places nothing', async () => {
    const other = await createOrganizationWithUsers(w.prisma, {
      agent: { role: 'AGENT', name: 'Other Agent' },
    });
    const foreign = await w.prisma.group.create({
      data: {
        organizationId: other.organization.id,
        name: 'Elsewhere',
        routing: 'load_balanced',
        members: { create: [{ userId: other.users.agent.id }] },
      },
    });
    const before = await w.prisma.ticket.count({ where: { organizationId } });
    const res = await postTicket({ groupId: foreign.id });
    expect(res.status, res.text).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'groupId', message: 'no such group in this organization' },
    ]);
    expect(await w.prisma.ticket.count({ where: { organizationId } })).toBe(before);
    expect(await w.prisma.ticket.count({ where: { assigneeId: other.users.agent.id } })).toBe(0);
  });

  it('skills: a lang:fr ticket goes only to a French-speaking member, and waits while none is available', async () => {
    const group = await createGroup({
      name: 'Skills',
      routing: 'skills',
      skillRules: [{ tag: 'french', skills: ['lang:fr'] }],
      members: [{ userId: ids.a }, { userId: ids.c, skills: ['lang:fr'] }],
    });
    const fr = await newTicket({ groupId: group.id, tags: ['french'] });
    await waitFor(async () => (await assigneeOf(fr.id)) !== null, 5000, 'routing');
    expect(await assigneeOf(fr.id)).toBe(ids.c);

    const suggested = await w.http().get(`/api/tickets/${fr.id}/suggested-agents`).set(as('a'));
    expect(suggested.status).toBe(200);
    expect(suggested.body.requiredSkills).toEqual(['lang:fr']);
    expect(suggested.body.data[0]).toMatchObject({
      agent: { id: ids.c },
      eligible: true,
      reason: 'skills lang:fr; 1 open ticket',
    });
    expect(suggested.body.data[1]).toMatchObject({ agent: { id: ids.a }, eligible: false });
    expect(suggested.body.data[1].reason).toContain('lacks lang:fr');

    expect(
      (await w.http().put('/api/me/availability').set(as('c')).send({ status: 'away' })).status,
    ).toBe(200);
    const waiting = await newTicket({ groupId: group.id, tags: ['french'] });
    const plain = await newTicket({ groupId: group.id });
    await waitFor(async () => (await assigneeOf(plain.id)) !== null, 5000, 'the plain ticket');
    await settled();
    expect(await assigneeOf(plain.id)).toBe(ids.a);
    expect(await assigneeOf(waiting.id)).toBeNull();

    await w.http().put('/api/me/availability').set(as('c')).send({ status: 'available' });
    await waitFor(async () => (await assigneeOf(waiting.id)) === ids.c, 5000, 'C back');
  });

  it('away: nothing is assigned to them; with returnOnAway their tickets go back to the queue', async () => {
    const group = await createGroup({
      name: 'Away',
      routing: 'round_robin',
      returnOnAway: true,
      members: [{ userId: ids.a }, { userId: ids.b, capacity: 0 }],
    });
    const first = await newTicket({ groupId: group.id });
    await waitFor(async () => (await assigneeOf(first.id)) === ids.a, 5000, 'routing to A');

    const away = await w.http().put('/api/me/availability').set(as('a')).send({ status: 'away' });
    expect(away.body).toEqual({ status: 'away' });
    expect((await w.http().get('/api/me/availability').set(as('a'))).body).toEqual({
      status: 'away',
    });
    await waitFor(async () => (await assigneeOf(first.id)) === null, 5000, 'the ticket back');
    const back = await w.prisma.ticketActivity.findFirst({
      where: { ticketId: first.id, type: 'UNASSIGNED' },
    });
    expect(back).toMatchObject({ actorType: 'system', reason: 'routing: agent away' });

    const second = await newTicket({ groupId: group.id });
    await settled();
    expect(await assigneeOf(second.id)).toBeNull();

    // B's capacity raised: the queue drains to B, oldest first.
    await w
      .http()
      .patch(`/api/groups/${group.id}`)
      .set(as('admin'))
      .send({ members: [{ userId: ids.a }, { userId: ids.b, capacity: 1 }] });
    await waitFor(async () => (await assigneeOf(first.id)) === ids.b, 5000, 'B takes the oldest');
    expect(await assigneeOf(second.id)).toBeNull();
  });

  it('two routing workers and a claim at the same moment: one assignee, one ticket.assigned event', async () => {
    for (let round = 0; round < 5; round++) {
      const group = await createGroup({
        name: `Race ${round}`,
        members: [{ userId: ids.a }, { userId: ids.b }],
      });
      const ticket = await newTicket({ groupId: group.id });
      await settled();
      // Routing turned on behind the API's back: nothing has asked to route the ticket yet.
      await w.prisma.group.update({ where: { id: group.id }, data: { routing: 'round_robin' } });
      const route = () => w.prisma.$transaction((tx) => drainGroup(tx, group.id, new Date()));
      const [claim, one, two] = await Promise.all([
        w.http().post(`/api/tickets/${ticket.id}/claim`).set(as('b')),
        route(),
        route(),
      ]);
      expect([200, 409]).toContain(claim.status);
      // At most one drain placed it (a claim answered 200 may be B finding it already theirs).
      expect(one + two).toBeLessThanOrEqual(1);
      await settled();
      const events = await w.prisma.outboxMessage.count({
        where: { kind: 'EVENT', topic: 'ticket.assigned', aggregateId: ticket.id },
      });
      const claims = await w.prisma.ticketActivity.count({
        where: { ticketId: ticket.id, type: { in: ['ASSIGNED', 'CLAIMED'] } },
      });
      expect(claims).toBe(1);
      expect(events).toBe(1);
      expect(await assigneeOf(ticket.id)).not.toBeNull();
    }
  });
});

describe('restricted agents', () => {
  it('see nothing of another group’s ticket: 404 on every path, absent from lists, search, counts, statistics and the live stream', async () => {
    const restricted = await createUser(w.prisma, {
      organizationId,
      role: 'AGENT',
      name: 'Dana Restricted',
    });
    const mine = await createGroup({ name: 'Mine', members: [{ userId: restricted.id }] });
    const theirs = await createGroup({ name: 'Theirs', members: [{ userId: ids.a }] });
    const set = await w
      .http()
      .patch(`/api/users/${restricted.id}`)
      .set(as('admin'))
      .send({ groupRestricted: true });
    expect(set.status, set.text).toBe(200);
    expect(set.body.groupRestricted).toBe(true);
    const token = await signIn(w, restricted);
    const asD = authHeader(token);

    const visible = await newTicket({ groupId: mine.id, subject: 'Visible printer jam' });
    const hidden = await newTicket({ groupId: theirs.id, subject: 'Hidden zebra outage' });
    const ungrouped = await newTicket({ subject: 'Ungrouped zebra outage' });
    const file = await w
      .http()
      .post(`/api/tickets/${hidden.id}/attachments`)
      .set(as('admin'))
      .attach('files', samplePdf(), { filename: 'zebra-notes.pdf' });
    expect(file.status, file.text).toBe(201);
    await settled();

    for (const path of [
      `/api/tickets/${hidden.id}`,
      `/api/tickets/${hidden.reference}`,
      `/api/tickets/${ungrouped.id}`,
      `/api/tickets/${hidden.id}/responses`,
      `/api/tickets/${hidden.id}/activity`,
      `/api/tickets/${hidden.id}/sla`,
      `/api/tickets/${hidden.id}/presence`,
      `/api/tickets/${hidden.id}/suggested-agents`,
      `/api/attachments/${file.body.data[0].id}/content`,
      `/api/groups/${theirs.id}`,
    ]) {
      expect((await w.http().get(path).set(asD)).status, path).toBe(404);
    }
    expect(
      (await w.http().patch(`/api/tickets/${hidden.id}`).set(asD).send({ priority: 'LOW' })).status,
    ).toBe(404);
    expect((await w.http().post(`/api/tickets/${hidden.id}/claim`).set(asD)).status).toBe(404);

    const list = await w.http().get('/api/tickets').set(asD);
    expect(list.body.data.map((t: { id: string }) => t.id)).toEqual([visible.id]);
    const search = await w.http().get('/api/tickets').query({ q: 'zebra' }).set(asD);
    expect(search.body.data).toEqual([]);
    const counts = await w.http().get('/api/tickets/counts').set(asD);
    expect(counts.status).toBe(200);
    expect(counts.body.total).toBe(1);
    const stats = await w.http().get('/api/tickets/stats').set(asD);
    const total = Object.values(stats.body.byStatus as Record<string, number>).reduce(
      (a, b) => a + b,
      0,
    );
    expect(total).toBe(1);
    const groups = await w.http().get('/api/groups').set(asD);
    expect(groups.body.data.map((g: { id: string }) => g.id)).toEqual([mine.id]);
    // A ticket they create goes to their group.
    const own = await w.http().post('/api/tickets').set(asD).send({
      subject: 'Created by Dana',
      description: 'A ticket made by a restricted agent.',
      requesterId: ids.customer,
    });
    expect(own.status, own.text).toBe(201);
    expect(own.body.group).toEqual({ id: mine.id, name: 'Mine' });

    // The live stream: a change of the hidden ticket never arrives; one of theirs does.
    await w.app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}`;
    const stream = await openLiveStream(baseUrl, token);
    try {
      await w.http().patch(`/api/tickets/${hidden.id}`).set(as('admin')).send({ priority: 'HIGH' });
      await w
        .http()
        .patch(`/api/tickets/${visible.id}`)
        .set(as('admin'))
        .send({ priority: 'HIGH' });
      const heard = await stream.next(
        (e) => e.event === 'ticket' && (e.data as { ticketId: string }).ticketId === visible.id,
      );
      expect(heard).toBeDefined();
      const about = stream.events
        .filter((e) => e.event === 'ticket')
        .map((e) => (e.data as { ticketId: string }).ticketId);
      expect(about).not.toContain(hidden.id);
    } finally {
      stream.close();
    }
  });
});
