/**
 * Triggers and time-based rules (docs/product.md "Rules") through the API and the outbox workers
 * on the real database: checks at save, rules firing for tickets from every channel with the
 * actor `rule`, chains and the depth limit, time-based rules firing once (two workers racing),
 * the dry run writing nothing, and rule runs shown to staff only.
 */
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRuleScheduler, forgetActiveTriggers } from '../src/modules/rules/index.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createApiKey, createChat, createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let tokens: Record<'admin' | 'agent' | 'customer' | 'vip', string>;
let organizationId: string;
let adminKey: string;
let customerId: string;
let mailbox: { id: string; address: string; inboundSecret: string };

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const { organization, users } = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT', name: 'Alex Agent' },
    customer: { role: 'CUSTOMER', name: 'Maya Patel' },
    vip: { role: 'CUSTOMER', name: 'Vera Important', email: 'vera@vip.test' },
  });
  organizationId = organization.id;
  customerId = users.customer.id;
  tokens = await signInAll(t, users);
  adminKey = (await createApiKey(t.prisma, { organizationId, role: 'ADMIN' })).key;
  const res = await t
    .http()
    .post('/api/mailboxes')
    .set(as('admin'))
    .send({ address: `support-${organizationId.slice(0, 8)}@acme.test`, displayName: 'Acme' });
  expect(res.status, res.text).toBe(201);
  mailbox = res.body;
});
afterAll(async () => t?.close());

// Each test starts without rules: rules of one test must not fire in another.
beforeEach(async () => {
  await t.prisma.rule.deleteMany({ where: { organizationId } });
});

const as = (who: keyof typeof tokens) => authHeader(tokens[who]);

async function createRule(body: object) {
  const res = await t.http().post('/api/rules').set(as('admin')).send(body);
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; name: string; position: number };
}

async function newTicket(body: object = {}, who: keyof typeof tokens = 'agent') {
  const res = await t
    .http()
    .post('/api/tickets')
    .set(as(who))
    .send({
      subject: 'Printer on fire',
      description: 'The printer in room 4 is on fire.',
      ...(who === 'agent' && !('requesterEmail' in body) ? { requesterId: customerId } : {}),
      ...body,
    });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; reference: string; version: number };
}

const ticketRow = (id: string) => t.prisma.ticket.findUniqueOrThrow({ where: { id } });
const runsOf = async (id: string) =>
  (await t.http().get(`/api/tickets/${id}/rule-runs`).set(as('agent'))).body.data as {
    rule: { id: string; name: string };
    outcome: string;
    depth: number;
    reason: string;
    event: { type: string };
    effect: { changes?: Record<string, unknown> };
  }[];

const vipUrgent = {
  name: 'VIP → urgent',
  active: true,
  event: 'ticket.created',
  conditions: { all: [{ field: 'requester.domain', operator: 'is', value: 'vip.test' }] },
  actions: [
    { type: 'set_priority', value: 'URGENT' },
    { type: 'send_webhook', note: 'VIP waiting' },
  ],
};

describe('rules: saving', () => {
  it('refuses what a rule cannot do, naming the field; admins only', async () => {
    const bad = await t
      .http()
      .post('/api/rules')
      .set(as('admin'))
      .send({
        name: 'Bad',
        event: 'schedule',
        conditions: { all: [{ field: 'ticket.priority', operator: 'changed_to', value: 'HIGH' }] },
        actions: [
          { type: 'reply', content: 'Hi {{ requester.nickname }}' },
          { type: 'assign', value: 'me' },
        ],
      });
    expect(bad.status).toBe(400);
    const paths = (bad.body.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'conditions.all.0.operator',
        'conditions.all',
        'actions.0.content',
        'actions.1.value',
      ]),
    );
    const body = { ...vipUrgent, active: false };
    expect((await t.http().post('/api/rules').set(as('agent')).send(body)).status).toBe(403);
    expect((await t.http().post('/api/rules').set(authHeader(adminKey)).send(body)).status).toBe(
      403,
    );
    const rule = await createRule(body);
    const list = await t.http().get('/api/rules').set(as('admin'));
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual([rule.id]);
    expect((await t.http().get(`/api/rules/${rule.id}`).set(as('customer'))).status).toBe(403);
  });

  it('accepts response.added as ticket.response_added', async () => {
    const rule = await createRule({
      name: 'Customer replied',
      event: 'response.added',
      conditions: { all: [{ field: 'response.authorType', operator: 'in', value: ['CUSTOMER'] }] },
      actions: [{ type: 'add_tags', value: ['customer-replied'] }],
    });
    expect((await t.http().get(`/api/rules/${rule.id}`).set(as('admin'))).body.event).toBe(
      'ticket.response_added',
    );
  });
});

describe('rules: triggers', () => {
  it('fire for a ticket from the API, the portal, a chat and email, as actor "rule"', async () => {
    const rule = await createRule(vipUrgent);
    const api = await newTicket({ requesterEmail: 'ann@vip.test', requesterName: 'Ann' });
    const portal = await newTicket({}, 'vip');
    const chat = await createChat(t.prisma, {
      organizationId,
      customerName: 'Carl',
      customerEmail: 'carl@vip.test',
      messages: [{ senderType: 'customer', content: 'Help' }],
    });
    const fromChat = await t
      .http()
      .post(`/api/tickets/from-chat/${chat.id}`)
      .set(as('agent'))
      .send({ subject: 'From chat' });
    expect(fromChat.status, fromChat.text).toBe(201);
    const raw = await new MailComposer({
      from: 'Eve <eve@vip.test>',
      to: mailbox.address,
      subject: 'By mail',
      text: 'Hello',
      messageId: `<rules-${Date.now()}@vip.test>`,
    })
      .compile()
      .build();
    const mail = await t
      .http()
      .post('/api/inbound/email')
      .set({
        Authorization: `Basic ${Buffer.from(`${mailbox.id}:${mailbox.inboundSecret}`).toString('base64')}`,
      })
      .set('Content-Type', 'message/rfc822')
      .send(raw);
    expect(mail.status, mail.text).toBe(202);
    const other = await newTicket();
    await t.app.events.drain();

    const ids = [api.id, portal.id, fromChat.body.id, mail.body.ticketId as string];
    for (const id of ids) {
      expect((await ticketRow(id)).priority).toBe('URGENT');
      const runs = await runsOf(id);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        rule: { id: rule.id, name: 'VIP → urgent' },
        outcome: 'applied',
        depth: 1,
        event: { type: 'ticket.created' },
        effect: { changes: { priority: { before: 'MEDIUM', after: 'URGENT' } } },
      });
      // The change's event and the webhook event name the rule as the actor.
      const events = await t.prisma.outboxMessage.findMany({
        where: {
          aggregateId: id,
          kind: 'EVENT',
          topic: { in: ['ticket.updated', 'ticket.rule_triggered'] },
        },
      });
      expect(events.map((e) => e.topic).sort()).toEqual([
        'ticket.rule_triggered',
        'ticket.updated',
      ]);
      for (const event of events) {
        expect((event.payload as { data: { actor: unknown } }).data.actor).toEqual({
          type: 'rule',
          id: rule.id,
          name: 'VIP → urgent',
        });
        expect(event.chainDepth).toBe(1);
      }
      const activity = await t.prisma.ticketActivity.findFirstOrThrow({
        where: { ticketId: id, type: 'PRIORITY_CHANGED' },
      });
      expect(activity).toMatchObject({
        actorType: 'rule',
        actorId: rule.id,
        reason: 'Rule: VIP → urgent',
      });
    }
    expect((await ticketRow(other.id)).priority).toBe('MEDIUM');
    expect(await runsOf(other.id)).toEqual([]);
  });

  it('cost no outbox row in an organization without an active trigger', async () => {
    // beforeEach removed the rules behind the service's back: forget what this process cached.
    forgetActiveTriggers(organizationId);
    const rulesRows = async (ticketId: string) =>
      t.prisma.outboxMessage.count({
        where: { kind: 'SUBSCRIBER', subscriber: 'rules', aggregateId: ticketId },
      });
    const before = await newTicket({ requesterEmail: 'ann@vip.test', requesterName: 'Ann' });
    await t.app.events.drain();
    // The other subscribers still get theirs.
    expect(
      await t.prisma.outboxMessage.count({
        where: { kind: 'SUBSCRIBER', subscriber: 'sla', aggregateId: before.id },
      }),
    ).toBe(1);
    expect(await rulesRows(before.id)).toBe(0);

    await createRule(vipUrgent);
    const after = await newTicket({ requesterEmail: 'ann@vip.test', requesterName: 'Ann' });
    await t.app.events.drain();
    expect(await rulesRows(after.id)).toBeGreaterThan(0);
    expect((await ticketRow(after.id)).priority).toBe('URGENT');
  });

  it('chains: A sets URGENT, B on "priority changed to URGENT" mails once', async () => {
    await createRule(vipUrgent);
    const b = await createRule({
      name: 'Urgent → page on-call',
      active: true,
      event: 'ticket.updated',
      conditions: { all: [{ field: 'ticket.priority', operator: 'changed_to', value: 'URGENT' }] },
      actions: [
        {
          type: 'notify_email',
          to: ['oncall@acme.test'],
          subject: '{{ ticket.reference }} is urgent',
          content: 'Requester: {{ requester.name }}',
        },
      ],
    });
    const ticket = await newTicket({ requesterEmail: 'bob@vip.test', requesterName: 'Bob <b>' });
    await t.app.events.drain();
    const runs = await runsOf(ticket.id);
    expect(runs.map((r) => [r.rule.name, r.depth])).toEqual([
      ['VIP → urgent', 1],
      ['Urgent → page on-call', 2],
    ]);
    const mails = await t.prisma.emailNotification.findMany({
      where: { ticketId: ticket.id, kind: 'rule_notification' },
    });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      recipientEmail: 'oncall@acme.test',
      subject: `${ticket.reference} is urgent`,
    });
    expect(mails[0]!.text).toContain('Requester: Bob <b>');
    expect(mails[0]!.html).toContain('Bob &lt;b&gt;');
    expect(mails[0]!.text).not.toContain(b.name);
  });

  it('stops two rules flipping a tag at the depth limit: one warning, no runaway mail', async () => {
    const flip = (name: string, from: string, to: string) =>
      createRule({
        name,
        active: true,
        event: 'ticket.updated',
        conditions: { all: [{ field: 'ticket.tags', operator: 'contains', value: from }] },
        actions: [
          { type: 'remove_tags', value: [from] },
          { type: 'add_tags', value: [to] },
          {
            type: 'notify_email',
            to: ['loop@acme.test'],
            subject: 'flip {{ ticket.reference }}',
            content: 'flip',
          },
        ],
      });
    await flip('Ping', 'ping', 'pong');
    await flip('Pong', 'pong', 'ping');
    const ticket = await newTicket();
    const patched = await t
      .http()
      .patch(`/api/tickets/${ticket.id}`)
      .set(as('agent'))
      .send({ tags: ['ping'] });
    expect(patched.status).toBe(200);
    await t.app.events.drain();
    await t.app.events.drain();
    const runs = await runsOf(ticket.id);
    // Each change runs both rules (position order, each seeing the other's change): two per step.
    expect(runs.filter((r) => r.outcome === 'applied').map((r) => r.depth)).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4, 5, 5,
    ]);
    expect(runs.filter((r) => r.outcome === 'depth_limit')).toHaveLength(1);
    const warnings = await t.prisma.organizationActivity.findMany({
      where: { organizationId, type: 'rule_chain.stopped' },
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.data).toMatchObject({ ticketId: ticket.id, limit: 5 });
    const mails = await t.prisma.emailNotification.count({
      where: { ticketId: ticket.id, kind: 'rule_notification' },
    });
    expect(mails).toBe(10);
  });

  it('undoes a rule whose change is refused, records it as failed, and runs the next', async () => {
    await createRule({
      name: 'Bad category',
      active: true,
      event: 'ticket.created',
      conditions: { all: [] },
      actions: [{ type: 'set_category', value: 'No such category' }],
    });
    await createRule({
      name: 'Tag all',
      active: true,
      event: 'ticket.created',
      actions: [{ type: 'add_tags', value: ['seen'] }],
    });
    const ticket = await newTicket();
    await t.app.events.drain();
    const runs = await runsOf(ticket.id);
    expect(runs.map((r) => [r.rule.name, r.outcome])).toEqual([
      ['Bad category', 'failed'],
      ['Tag all', 'applied'],
    ]);
    expect((await ticketRow(ticket.id)).tags).toEqual(['seen']);
  });
});

describe('rules: time-based', () => {
  const closeResolved = {
    name: 'Resolved for 4 days → Closed',
    active: true,
    event: 'schedule',
    conditions: {
      all: [
        { field: 'ticket.status', operator: 'is', value: 'RESOLVED' },
        { field: 'ticket.hoursInStatus', operator: 'greater_than', value: 96 },
      ],
    },
    actions: [{ type: 'set_status', value: 'CLOSED' }],
  };

  async function resolved() {
    const ticket = await newTicket();
    const res = await t
      .http()
      .patch(`/api/tickets/${ticket.id}`)
      .set(as('agent'))
      .send({ status: 'RESOLVED' });
    expect(res.status, res.text).toBe(200);
    return ticket;
  }

  it('closes each matching ticket exactly once, leaves a reopened one alone; racing workers make one change', async () => {
    await t.app.events.drain();
    const rule = await createRule(closeResolved);
    const a = await resolved();
    const b = await resolved();
    const reopened = await resolved();
    expect(
      (
        await t
          .http()
          .patch(`/api/tickets/${reopened.id}`)
          .set(as('agent'))
          .send({ status: 'OPEN' })
      ).status,
    ).toBe(200);
    const soon = new Date(Date.now() + 95 * 3_600_000);
    const later = new Date(Date.now() + 97 * 3_600_000);
    const worker = () => createRuleScheduler({ prisma: t.prisma, log: t.app.log });
    expect((await worker().runOnce({ now: soon })).succeeded).toBe(0);
    // Two workers at once: one change per ticket.
    const [one, two] = await Promise.all([
      worker().runOnce({ now: later }),
      worker().runOnce({ now: later }),
    ]);
    expect(one.succeeded + two.succeeded).toBe(2);
    expect((await worker().runOnce({ now: later })).succeeded).toBe(0);
    for (const id of [a.id, b.id]) {
      expect((await ticketRow(id)).status).toBe('CLOSED');
      const changes = await t.prisma.ticketActivity.count({
        where: { ticketId: id, type: 'STATUS_CHANGED', actorType: 'rule', actorId: rule.id },
      });
      expect(changes).toBe(1);
      expect((await runsOf(id)).map((r) => [r.event.type, r.outcome])).toEqual([
        ['schedule', 'applied'],
      ]);
    }
    expect((await ticketRow(reopened.id)).status).toBe('OPEN');
    expect(await runsOf(reopened.id)).toEqual([]);
  });

  it('fires again after the ticket left the status and came back', async () => {
    await createRule({
      name: 'Waiting on customer for 3 days → reminder',
      active: true,
      event: 'schedule',
      conditions: {
        all: [
          { field: 'ticket.status', operator: 'is', value: 'WAITING_ON_CUSTOMER' },
          { field: 'ticket.hoursInStatus', operator: 'greater_than', value: 72 },
        ],
      },
      actions: [
        {
          type: 'reply',
          content: 'Hello {{ requester.firstName }}, any news on {{ ticket.reference }}?',
        },
      ],
    });
    const ticket = await newTicket();
    const wait = () =>
      t
        .http()
        .patch(`/api/tickets/${ticket.id}`)
        .set(as('agent'))
        .send({ status: 'WAITING_ON_CUSTOMER' });
    expect((await wait()).status).toBe(200);
    const in4days = new Date(Date.now() + 4 * 86_400_000);
    const scheduler = createRuleScheduler({ prisma: t.prisma, log: t.app.log });
    expect((await scheduler.runOnce({ now: in4days })).succeeded).toBe(1);
    expect((await scheduler.runOnce({ now: in4days })).succeeded).toBe(0);
    const replies = await t.prisma.ticketResponse.findMany({ where: { ticketId: ticket.id } });
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({
      authorType: 'SYSTEM',
      isInternal: false,
      content: `Hello Maya, any news on ${ticket.reference}?`,
    });
    // The customer answers (OPEN), the agent waits again: a new stretch in the status.
    const answer = await t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(as('customer'))
      .send({ content: 'Still broken' });
    expect(answer.status, answer.text).toBe(201);
    expect((await wait()).status).toBe(200);
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect((await scheduler.runOnce({ now: tomorrow })).succeeded).toBe(0);
    expect((await scheduler.runOnce({ now: in4days })).succeeded).toBe(1);
    expect(
      await t.prisma.ticketResponse.count({ where: { ticketId: ticket.id, authorType: 'SYSTEM' } }),
    ).toBe(2);
  });
});

describe('rules: test (dry run), runs and leakage', () => {
  it('tells which tickets match and what would change, writing nothing', async () => {
    const rule = await createRule({ ...vipUrgent, active: false });
    const vip = await newTicket({}, 'vip');
    const plain = await newTicket();
    await t.app.events.drain();
    const tables = await t.prisma.$queryRaw<{ relname: string }[]>`
      SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema()`;
    const counts = async () => {
      const result: Record<string, number> = {};
      for (const { relname } of tables) {
        const [row] = await t.prisma.$queryRawUnsafe<{ n: bigint }[]>(
          `SELECT count(*) AS n FROM "${relname}"`,
        );
        result[relname] = Number(row!.n);
      }
      return result;
    };
    const before = await counts();
    const byIds = await t
      .http()
      .post(`/api/rules/${rule.id}/test`)
      .set(as('admin'))
      .send({ ticketIds: [vip.reference, plain.id] });
    expect(byIds.status, byIds.text).toBe(200);
    expect(byIds.body).toMatchObject({ evaluated: 2, matched: 1 });
    expect(byIds.body.results[0]).toMatchObject({
      ticket: { id: vip.id },
      matches: true,
      effect: { changes: { priority: { before: 'MEDIUM', after: 'URGENT' } }, webhook: true },
    });
    expect(byIds.body.results[1]).toMatchObject({ matches: false, effect: null });
    const byFilter = await t
      .http()
      .post(`/api/rules/${rule.id}/test`)
      .set(as('admin'))
      .send({ filter: { status: 'NEW' } });
    expect(byFilter.status, byFilter.text).toBe(200);
    expect(byFilter.body.results.map((r: { ticket: { id: string } }) => r.ticket.id)).toContain(
      vip.id,
    );
    const badFilter = await t
      .http()
      .post(`/api/rules/${rule.id}/test`)
      .set(as('admin'))
      .send({ filter: { status: 'ASLEEP' } });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.errors[0].path).toMatch(/^filter\.status/);
    expect(await counts()).toEqual(before);
    expect((await ticketRow(vip.id)).priority).toBe('MEDIUM');
  });

  it('shows rule runs to staff only; customers see the support team, not the rule', async () => {
    await createRule({
      ...vipUrgent,
      actions: [
        { type: 'set_status', value: 'OPEN' },
        { type: 'reply', content: 'We are on it, {{ requester.firstName }}.' },
      ],
    });
    const ticket = await newTicket({}, 'vip');
    await t.app.events.drain();
    expect(await runsOf(ticket.id)).toHaveLength(1);
    expect((await t.http().get(`/api/tickets/${ticket.id}/rule-runs`).set(as('vip'))).status).toBe(
      403,
    );
    const activity = await t.http().get(`/api/tickets/${ticket.id}/activity`).set(as('vip'));
    expect(activity.status).toBe(200);
    const text = JSON.stringify(activity.body);
    expect(text).not.toContain('VIP → urgent');
    expect(text).not.toContain('Rule:');
    expect(text).not.toContain('"rule"');
    const seen = await t.http().get(`/api/tickets/${ticket.id}`).set(as('vip'));
    expect(JSON.stringify(seen.body)).not.toContain('VIP → urgent');
    const responses = await t.http().get(`/api/tickets/${ticket.id}/responses`).set(as('vip'));
    expect(JSON.stringify(responses.body)).not.toContain('VIP → urgent');
    expect(JSON.stringify(responses.body)).toContain('We are on it, Vera.');
  });
});
