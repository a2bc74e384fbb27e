/**
 * Fault tests of webhook delivery ("Reliability"): a real receiver on 127.0.0.1
 * fails on demand (500, timeout, connection reset, 503 with Retry-After, 410) and the workers are
 * driven step by step with a scheduling clock moved forward by the test, so retries are
 * deterministic. Asserted: every event arrives once the receiver recovers, each webhook-id is
 * accepted exactly once, the order per ticket holds across retries, nothing is lost; 410 and
 * continuous failure disable the endpoint (with the internal event that tells admins); retries
 * stop after the last attempt; a crashed worker's delivery is taken over after its lease; a
 * restart loses nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../src/generated/prisma/client.js';
import { WEBHOOK_EVENT_TYPES } from '../src/modules/events/events.schemas.js';
import {
  createEndpoint,
  createWebhookTestApp,
  startReceiver,
  type Receiver,
  type ReceiverMode,
  type WebhookTestApp,
} from './helpers/webhooks.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';

let t: WebhookTestApp;
let admin: string;
let agent: string;
let organizationId: string;
let acmeUsers: Record<'admin' | 'agent', User>;
const HOUR = 3600_000;

beforeAll(async () => {
  // Timeouts after 300 ms: the same code path as 10 s, sooner.
  t = await createWebhookTestApp({ env: { WEBHOOK_TIMEOUT_MS: '300' }, seed: false });
  const { organization, users } = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT' },
  });
  organizationId = organization.id;
  acmeUsers = users;
  ({ admin, agent } = await signInAll(t, users));
});
afterAll(async () => t?.close());

async function newTicket(subject: string): Promise<string> {
  const res = await t
    .http()
    .post('/api/tickets')
    .set(authHeader(agent))
    .send({ subject, description: 'A ticket for the fault tests.' });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function patch(ticketId: string, body: object): Promise<void> {
  const res = await t.http().patch(`/api/tickets/${ticketId}`).set(authHeader(agent)).send(body);
  expect(res.status).toBe(200);
}

async function removeEndpoint(id: string): Promise<void> {
  await t.http().delete(`/api/webhooks/${id}`).set(authHeader(admin));
}

/** The organization's events of webhook types written since `since`, in outbox order. */
async function eventsSince(since: bigint) {
  return t.prisma.outboxMessage.findMany({
    where: {
      kind: 'EVENT',
      sequence: { gt: since },
      topic: { in: [...WEBHOOK_EVENT_TYPES] },
      organizationId,
    },
    orderBy: { sequence: 'asc' },
    select: { id: true, aggregateId: true, sequence: true, topic: true },
  });
}

async function lastSequence(): Promise<bigint> {
  const last = await t.prisma.outboxMessage.findFirst({ orderBy: { sequence: 'desc' } });
  return last?.sequence ?? 0n;
}

describe('a receiver failing for a while', () => {
  let receiver: Receiver;
  let endpointId: string;
  const FAULTS: ReceiverMode[] = ['fail500', 'reset', 'timeout', 'fail500', 'retryAfter', 'reset'];
  const FAILING_REQUESTS = 30;

  beforeAll(async () => {
    receiver = await startReceiver();
    const endpoint = await createEndpoint(t, admin, {
      url: receiver.url,
      eventTypes: [...WEBHOOK_EVENT_TYPES],
    });
    endpointId = endpoint.id;
    receiver.secrets = [endpoint.secret];
    receiver.mode = (n) => (n <= FAILING_REQUESTS ? FAULTS[(n - 1) % FAULTS.length]! : 'ok');
  });
  afterAll(async () => {
    await removeEndpoint(endpointId);
    await receiver.close();
  });

  it('delivers every event once it recovers: each webhook-id accepted once, order per ticket kept, none lost', async () => {
    const since = await lastSequence();
    // Three tickets changing in turns: their events interleave in the outbox.
    const tickets = [
      await newTicket('Fault ticket A'),
      await newTicket('Fault ticket B'),
      await newTicket('Fault ticket C'),
    ];
    for (const [i, status] of (
      ['OPEN', 'IN_PROGRESS', 'ON_HOLD', 'IN_PROGRESS'] as const
    ).entries()) {
      for (const id of tickets) {
        await patch(id, { status });
        if (i === 1) await patch(id, { priority: 'URGENT', tags: [`round-${i}`] });
      }
    }
    const events = await eventsSince(since);
    expect(events.length).toBe(3 * (1 + 4 + 1));

    // Each round: everything due now is attempted once; then an hour passes.
    let rounds = 0;
    while (rounds < 60) {
      await t.app.events.drain({ now: t.clock.now });
      const pending = await t.prisma.webhookDelivery.count({
        where: { endpointId, status: 'PENDING' },
      });
      if (pending === 0) break;
      t.clock.advance(HOUR);
      rounds++;
    }

    const accepted = receiver.accepted();
    const delivered = new Set(accepted.map((r) => r.id));
    const lost = events.filter((e) => !delivered.has(e.id));
    const retried = receiver.requests.length - accepted.length;
    const faults = receiver.requests.filter((r) => r.answered !== 200);
    // The closing note's counts.
    console.info(
      `[webhook faults] events sent: ${events.length}; requests: ${receiver.requests.length}; ` +
        `failed attempts retried: ${retried} (500: ${faults.filter((r) => r.answered === 500).length}, ` +
        `503+Retry-After: ${faults.filter((r) => r.answered === 503).length}, ` +
        `timeouts and resets: ${faults.filter((r) => r.answered === 0).length}); ` +
        `delivered: ${delivered.size}; accepted twice: ${accepted.length - delivered.size}; ` +
        `lost: ${lost.length}; rounds: ${rounds}`,
    );
    expect(retried).toBe(FAILING_REQUESTS);
    expect(lost).toEqual([]);
    expect(accepted.length).toBe(events.length); // each webhook-id accepted exactly once
    expect(delivered.size).toBe(events.length);
    expect(receiver.requests.every((r) => r.verified)).toBe(true);

    // Order per ticket, over every request (failed attempts included): never a later event of
    // a ticket before an earlier one was accepted.
    const position = new Map(events.map((e, i) => [e.id, i]));
    for (const ticket of tickets) {
      const seen = receiver.requests
        .filter((r) => r.event.data.ticket?.id === ticket)
        .map((r) => position.get(r.id)!);
      expect(seen, ticket).toEqual([...seen].sort((a, b) => a - b));
      const acceptedOrder = accepted
        .filter((r) => r.event.data.ticket?.id === ticket)
        .map((r) => r.id);
      expect(acceptedOrder).toEqual(
        events.filter((e) => e.aggregateId === ticket).map((e) => e.id),
      );
    }
  });

  it('explains every failure in the delivery log', async () => {
    const attempts = await t.prisma.webhookDeliveryAttempt.findMany({
      where: { delivery: { endpointId }, succeeded: false },
    });
    expect(attempts).toHaveLength(FAILING_REQUESTS);
    const errors = attempts.map((a) => a.error ?? '');
    expect(errors.some((e) => /answered 500/.test(e))).toBe(true);
    expect(errors.some((e) => /answered 503/.test(e))).toBe(true);
    expect(errors.some((e) => /timeout/.test(e))).toBe(true);
    expect(errors.some((e) => /ECONNRESET|other side closed|socket/i.test(e))).toBe(true);
    expect(errors.every((e) => e.length > 0)).toBe(true);
    const with500 = attempts.find((a) => a.statusCode === 500)!;
    expect(with500.responseExcerpt).toBe('receiver exploded: database unavailable');
    expect(with500.latencyMs).toEqual(expect.any(Number));
  });
});

describe('retry timing', () => {
  it('honours Retry-After, beyond the backoff', async () => {
    const receiver = await startReceiver();
    receiver.mode = 'retryAfter';
    const endpoint = await createEndpoint(t, admin, {
      url: receiver.url,
      eventTypes: ['ticket.created'],
    });
    try {
      await newTicket('Retry-After ticket');
      const now = t.clock.now;
      await t.app.events.drain({ now });
      const delivery = await t.prisma.webhookDelivery.findFirstOrThrow({
        where: { endpointId: endpoint.id },
      });
      expect(delivery).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: 503 });
      // 3600 s asked for; the backoff alone would have been 10 s.
      expect(delivery.nextAttemptAt.getTime() - now.getTime()).toBe(3600_000);
      // Not before: nothing is sent 59 minutes later.
      await t.app.events.drain({ now: new Date(now.getTime() + 59 * 60_000) });
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await removeEndpoint(endpoint.id);
      await receiver.close();
    }
  });

  it('gives up after the last attempt, then later events of the ticket go on', async () => {
    const receiver = await startReceiver();
    receiver.mode = 'fail500';
    const endpoint = await createEndpoint(t, admin, {
      url: receiver.url,
      eventTypes: ['ticket.created', 'ticket.status_changed'],
    });
    try {
      const ticket = await newTicket('Hopeless ticket');
      await patch(ticket, { status: 'OPEN' });
      for (let round = 0; round < 20; round++) {
        await t.app.events.drain({ now: t.clock.now });
        t.clock.advance(6 * HOUR + 1);
      }
      const [first, second] = await t.prisma.webhookDelivery.findMany({
        where: { endpointId: endpoint.id },
        orderBy: { sequence: 'asc' },
      });
      expect(first).toMatchObject({ status: 'FAILED', attempts: 15 });
      expect(first!.lastError).toMatch(/answered 500.*gave up after 15 attempts/);
      // The ticket's next event was held back while the first was retried, then tried in turn.
      expect(second!.attempts).toBeGreaterThan(0);
      const firstDone = receiver.requests.findLastIndex((r) => r.id === first!.eventId);
      const secondStart = receiver.requests.findIndex((r) => r.id === second!.eventId);
      expect(secondStart).toBeGreaterThan(firstDone);
    } finally {
      await removeEndpoint(endpoint.id);
      await receiver.close();
    }
  });
});

describe('hostile answers', () => {
  it('records an answer full of NUL bytes and invalid UTF-8, and retries it', async () => {
    const receiver = await startReceiver();
    receiver.mode = 'garbage';
    const endpoint = await createEndpoint(t, admin, {
      url: receiver.url,
      eventTypes: ['ticket.created'],
    });
    try {
      await newTicket('Garbage ticket');
      const result = await t.app.events.drain({ now: t.clock.now });
      expect(result.attempted).toBe(1);
      const delivery = await t.prisma.webhookDelivery.findFirstOrThrow({
        where: { endpointId: endpoint.id },
        include: { attemptLog: true },
      });
      expect(delivery).toMatchObject({
        status: 'PENDING',
        attempts: 1,
        lastStatusCode: 500,
        lockedUntil: null,
        responseExcerpt: 'ok\uFFFD\uFFFD!',
      });
      expect(delivery.attemptLog).toHaveLength(1);
    } finally {
      await removeEndpoint(endpoint.id);
      await receiver.close();
    }
  });
});

describe('disabling', () => {
  it('disables the endpoint on 410 Gone, tells admins, and resumes once re-enabled', async () => {
    const receiver = await startReceiver();
    receiver.mode = 'gone';
    const endpoint = await createEndpoint(t, admin, {
      url: receiver.url,
      eventTypes: ['ticket.created', 'ticket.updated'],
    });
    receiver.secrets = [endpoint.secret];
    const notices: unknown[] = [];
    t.app.events.registerEventSubscriber(
      'test-admin-notices',
      async (event) => {
        notices.push(event);
      },
      { types: ['webhook_endpoint.disabled'] },
    );
    try {
      const ticket = await newTicket('Gone ticket');
      await t.app.events.drain({ now: t.clock.now });
      expect(receiver.requests).toHaveLength(1);
      const disabled = await t.http().get(`/api/webhooks/${endpoint.id}`).set(authHeader(admin));
      expect(disabled.body).toMatchObject({
        enabled: false,
        disabledReason: 'The endpoint answered 410 Gone',
      });
      const first = await t.prisma.webhookDelivery.findFirstOrThrow({
        where: { endpointId: endpoint.id },
      });
      expect(first.status).toBe('FAILED');
      expect(first.lastError).toMatch(/answered 410.*disabled/);
      // The admins' notice: an internal event, handed to subscribers (email notifications).
      expect(notices).toEqual([
        expect.objectContaining({
          type: 'webhook_endpoint.disabled',
          data: expect.objectContaining({
            endpoint: expect.objectContaining({ id: endpoint.id, url: receiver.url }),
            reason: 'The endpoint answered 410 Gone',
            actor: { type: 'system', id: null, name: 'Docket webhooks' },
          }),
        }),
      ]);

      // Disabled: new events make no delivery for it.
      await patch(ticket, { priority: 'LOW' });
      await t.app.events.drain({ now: t.clock.now });
      expect(await t.prisma.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(1);
      const retryWhileDisabled = await t
        .http()
        .post(`/api/webhooks/${endpoint.id}/deliveries/${first.id}/retry`)
        .set(authHeader(admin));
      expect(retryWhileDisabled.status).toBe(409);
      expect(retryWhileDisabled.body.code).toBe('endpoint_disabled');

      // Re-enabled: the admin redelivers the failed one, with the same webhook-id.
      receiver.mode = 'ok';
      const enabled = await t
        .http()
        .patch(`/api/webhooks/${endpoint.id}`)
        .set(authHeader(admin))
        .send({ enabled: true });
      expect(enabled.body).toMatchObject({ enabled: true, disabledAt: null, failingSince: null });
      const retry = await t
        .http()
        .post(`/api/webhooks/${endpoint.id}/deliveries/${first.id}/retry`)
        .set(authHeader(admin));
      expect(retry.status).toBe(202);
      expect(retry.body).toMatchObject({ status: 'PENDING', maxAttempts: 2 });
      await t.app.events.drain({ now: t.clock.now });
      expect(receiver.accepted().map((r) => r.id)).toEqual([first.eventId]);
      expect(receiver.requests.every((r) => r.verified)).toBe(true);
    } finally {
      await removeEndpoint(endpoint.id);
      await receiver.close();
    }
  });

  it('disables an endpoint failing continuously for WEBHOOK_DISABLE_AFTER_HOURS', async () => {
    const receiver = await startReceiver();
    receiver.mode = 'fail500';
    const endpoint = await createEndpoint(t, admin, {
      url: receiver.url,
      eventTypes: ['ticket.created'],
    });
    try {
      await newTicket('Failing ticket');
      const start = t.clock.now;
      await t.app.events.drain({ now: start });
      let row = await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
      expect(row).toMatchObject({ enabled: true, failingSince: start });
      // A failure just inside the window does not disable it.
      t.clock.advance(t.config.webhooks.disableAfterMs - 1000);
      await newTicket('Failing ticket 2');
      await t.app.events.drain({ now: t.clock.now });
      row = await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
      expect(row.enabled).toBe(true);
      // The next failure (retries are due within a minute), past the window, does.
      t.clock.advance(60_000);
      await t.app.events.drain({ now: t.clock.now });
      row = await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
      expect(row.enabled).toBe(false);
      expect(row.disabledReason).toMatch(/^Every delivery failed for 120 hours .*answered 500/);
      const notice = await t.prisma.outboxMessage.findFirst({
        where: { topic: 'webhook_endpoint.disabled', aggregateId: endpoint.id },
      });
      expect(notice).not.toBeNull();
    } finally {
      await removeEndpoint(endpoint.id);
      await receiver.close();
    }
  });

  it('clears the failure window on a success', async () => {
    const receiver = await startReceiver();
    receiver.mode = (n) => (n === 1 ? 'fail500' : 'ok');
    const endpoint = await createEndpoint(t, admin, {
      url: receiver.url,
      eventTypes: ['ticket.created'],
    });
    try {
      await newTicket('Flaky ticket');
      await t.app.events.drain({ now: t.clock.now });
      expect(
        (await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } }))
          .failingSince,
      ).not.toBeNull();
      await t.app.events.drain({ now: t.clock.advance(HOUR) });
      expect(
        (await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } }))
          .failingSince,
      ).toBeNull();
    } finally {
      await removeEndpoint(endpoint.id);
      await receiver.close();
    }
  });
});

describe('crashes and restarts', () => {
  it('takes over a delivery whose worker died mid-send once its lease ends', async () => {
    const receiver = await startReceiver();
    const endpoint = await createEndpoint(t, admin, {
      url: receiver.url,
      eventTypes: ['ticket.created'],
    });
    try {
      await newTicket('Crash ticket');
      await t.app.events.runDispatcherOnce({ now: t.clock.now });
      // As a worker leaves it when it dies after taking it: leased, one attempt counted.
      const lease = new Date(t.clock.now.getTime() + 70_000);
      await t.prisma.webhookDelivery.updateMany({
        where: { endpointId: endpoint.id },
        data: { lockedUntil: lease, attempts: 1 },
      });
      expect((await t.app.events.runDeliveriesOnce({ now: t.clock.now })).attempted).toBe(0);
      expect(receiver.requests).toHaveLength(0);
      const after = await t.app.events.runDeliveriesOnce({ now: t.clock.advance(70_001) });
      expect(after).toMatchObject({ attempted: 1, succeeded: 1 });
      const delivery = await t.prisma.webhookDelivery.findFirstOrThrow({
        where: { endpointId: endpoint.id },
      });
      expect(delivery).toMatchObject({ status: 'SUCCEEDED', attempts: 2, lockedUntil: null });
    } finally {
      await removeEndpoint(endpoint.id);
      await receiver.close();
    }
  });

  it('loses nothing across a restart: events written before it are delivered after it', async () => {
    const receiver = await startReceiver();
    const endpoint = await createEndpoint(t, admin, {
      url: receiver.url,
      eventTypes: ['ticket.created', 'ticket.status_changed'],
    });
    receiver.secrets = [endpoint.secret];
    try {
      const since = await lastSequence();
      const ticket = await newTicket('Restart ticket');
      await t.app.events.runDispatcherOnce({ now: t.clock.now, limit: 1 }); // one dispatched…
      await patch(ticket, { status: 'OPEN' }); // …one not yet
      await t.restart();
      await t.app.events.drain({ now: t.clock.now });
      const events = await eventsSince(since);
      expect(receiver.accepted().map((r) => r.id)).toEqual(events.map((e) => e.id));
      expect(receiver.requests.every((r) => r.verified)).toBe(true);
      ({ admin, agent } = await signInAll(t, acmeUsers));
    } finally {
      await removeEndpoint(endpoint.id);
      await receiver.close();
    }
  });
});
