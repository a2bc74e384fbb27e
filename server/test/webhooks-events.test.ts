/**
 * Every event type reaches a subscribed endpoint, signed (verified by the `standardwebhooks`
 * package), with the documented payload, in the order of the changes; internal notes reach only
 * the endpoints that opted in; another organization's endpoint receives nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitAttachmentAdded } from '../src/modules/tickets/ticket-outbox.repository.js';
import { EventSchemas, WEBHOOK_EVENT_TYPES } from '../src/modules/events/events.schemas.js';
import { ticketInclude } from '../src/modules/tickets/tickets.presenter.js';
import {
  createEndpoint,
  createWebhookTestApp,
  startReceiver,
  type Receiver,
  type WebhookTestApp,
} from './helpers/webhooks.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';

let t: WebhookTestApp;
let all: Receiver;
let internal: Receiver;
let globex: Receiver;
const tokens: Record<string, string> = {};
let ticketId: string;
let chatTicketId: string;

async function call(
  who: string,
  method: 'post' | 'patch' | 'put' | 'delete',
  path: string,
  body?: object,
) {
  const res = await t.http()[method](path).set(authHeader(tokens[who]!)).send(body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
}

beforeAll(async () => {
  t = await createWebhookTestApp({ seed: false });
  [all, internal, globex] = await Promise.all([startReceiver(), startReceiver(), startReceiver()]);
  // The customer's email and name are the ones the tickets and chats below are made with.
  const acme = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT' },
    agent2: { role: 'AGENT' },
    customer: { role: 'CUSTOMER', email: 'customer@acme.test', name: 'Casey Customer' },
  });
  const globexOrg = await createOrganizationWithUsers(t.prisma, { admin: { role: 'ADMIN' } });
  Object.assign(tokens, await signInAll(t, acme.users), {
    adminGlobex: await signIn(t, globexOrg.users.admin),
  });
  all.secrets = [
    (
      await createEndpoint(t, tokens.admin!, {
        url: all.url,
        eventTypes: [...WEBHOOK_EVENT_TYPES],
        description: 'everything but internal notes',
      })
    ).secret,
  ];
  internal.secrets = [
    (
      await createEndpoint(t, tokens.admin!, {
        url: internal.url,
        eventTypes: ['ticket.response_added'],
        includeInternal: true,
      })
    ).secret,
  ];
  globex.secrets = [
    (
      await createEndpoint(t, tokens.adminGlobex!, {
        url: globex.url,
        eventTypes: [...WEBHOOK_EVENT_TYPES],
      })
    ).secret,
  ];

  const agent2 = acme.users.agent2;
  // 1. created (+ assigned)
  ticketId = (
    await call('agent', 'post', '/api/tickets', {
      subject: 'Webhook test ticket',
      description: 'Created to watch every event go out.',
      requesterName: 'Casey Customer',
      requesterEmail: 'customer@acme.test',
      assigneeId: agent2.id,
    })
  ).id;
  const path = `/api/tickets/${ticketId}`;
  // 2. updated (priority, tags)
  await call('agent', 'patch', path, { priority: 'HIGH', tags: ['billing'], reason: 'VIP' });
  // 3. status_changed
  await call('agent', 'patch', path, { status: 'IN_PROGRESS' });
  // 4. unassigned, 5. claimed, 6. unclaimed
  await call('agent', 'patch', path, { assigneeId: null });
  await call('agent', 'post', `${path}/claim`);
  await call('agent', 'post', `${path}/unclaim`);
  // 7. internal note, 8. public reply
  await call('agent', 'post', `${path}/responses`, {
    content: 'Internal: card issuer confirmed the double charge.',
    isInternal: true,
  });
  await call('agent', 'post', `${path}/responses`, { content: 'We are on it.' });
  // 9. waiting on the customer; 10. the customer's reply reopens it
  await call('agent', 'patch', path, { status: 'WAITING_ON_CUSTOMER' });
  await call('customer', 'post', `${path}/responses`, { content: 'Here is the statement.' });
  // 11. session (updated)
  await call('agent', 'put', `${path}/session`, {
    mode: 'video',
    scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  // 12. a chat linked (updated)
  const chat = await call('agent', 'post', '/api/chats', {
    customerName: 'Casey Customer',
    customerEmail: 'customer@acme.test',
  });
  await call('agent', 'post', `${path}/chats`, { chatId: chat.id });
  // 13. a ticket from a chat: created, assigned, chat.converted
  const escalated = await call('agent', 'post', '/api/chats', {
    customerName: 'Maya Patel',
    customerEmail: 'maya@example.com',
    escalated: true,
  });
  chatTicketId = (await call('agent', 'post', `/api/tickets/from-chat/${escalated.id}`, {})).id;
  // 14. attachment.added, as the attachments module emits it
  await t.prisma.$transaction(async (tx) => {
    const row = await tx.ticket.findUniqueOrThrow({
      where: { id: ticketId },
      include: ticketInclude,
    });
    await emitAttachmentAdded(
      tx,
      row,
      { kind: 'system', name: 'Attachments' },
      {
        id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
        responseId: null,
        fileName: 'statement.pdf',
        mimeType: 'application/pdf',
        sizeBytes: 1234,
        createdAt: new Date(),
      },
    );
  });
  // 15. deleted, 16. restored
  await call('admin', 'delete', path);
  await call('admin', 'post', `${path}/restore`);
  // A Globex change, for the Globex endpoint only.
  await call('adminGlobex', 'post', '/api/tickets', {
    subject: 'Globex ticket',
    description: 'Only Globex endpoints hear of it.',
  });

  // 17. ticket.sla_warning and ticket.sla_breached: a policy for tagged tickets only, whose
  // first response (60 minutes) the timer worker finds at risk, then overdue.
  await call('admin', 'post', '/api/sla-policies', {
    name: 'Webhook test',
    conditions: { tags: ['sla-webhooks'] },
    targets: { firstResponseMinutes: 60 },
  });
  await call('agent', 'post', '/api/tickets', {
    subject: 'A ticket with an SLA',
    description: 'Its first response falls due.',
    tags: ['sla-webhooks'],
  });
  await t.app.events.drain();
  await t.app.events.runDeliveriesOnce({ now: new Date(Date.now() + 50 * 60_000) });
  await t.app.events.runDeliveriesOnce({ now: new Date(Date.now() + 70 * 60_000) });

  // 18. ticket.rule_triggered: a rule's send_webhook on tickets tagged rule-webhooks.
  await call('admin', 'post', '/api/rules', {
    name: 'Webhook rule',
    active: true,
    event: 'ticket.created',
    conditions: { all: [{ field: 'ticket.tags', operator: 'contains', value: 'rule-webhooks' }] },
    actions: [{ type: 'send_webhook', note: 'from a rule' }],
  });
  await call('agent', 'post', '/api/tickets', {
    subject: 'A ticket a rule tells of',
    description: 'Its creation triggers a rule.',
    tags: ['rule-webhooks'],
  });

  // 19. ticket.satisfaction_rated: the requester rates a resolved ticket of theirs.
  const rated = await call('customer', 'post', '/api/tickets', {
    subject: 'A ticket rated',
    description: 'Resolved, then rated.',
  });
  await call('agent', 'patch', `/api/tickets/${rated.id}`, { status: 'RESOLVED' });
  await call('customer', 'put', `/api/tickets/${rated.id}/satisfaction`, { score: 5 });

  // 20. ticket.merged: a duplicate folded into the rated ticket's sibling.
  const kept = await call('customer', 'post', '/api/tickets', {
    subject: 'A ticket kept',
    description: 'The duplicate is merged into it.',
  });
  const duplicate = await call('customer', 'post', '/api/tickets', {
    subject: 'A duplicate',
    description: 'Merged into the kept one.',
  });
  await call('agent', 'post', `/api/tickets/${duplicate.id}/merge`, { targetId: kept.id });

  await t.app.events.drain();
});
afterAll(async () => {
  await Promise.all([all?.close(), internal?.close(), globex?.close()]);
  await t?.close();
});

describe('event delivery', () => {
  it('delivers every event type, each signed and verifiable with standardwebhooks', () => {
    const types = new Set(all.accepted().map((r) => r.event.type));
    expect([...types].sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    expect(all.requests.every((r) => r.verified)).toBe(true);
    expect(internal.requests.every((r) => r.verified)).toBe(true);
    for (const r of all.requests) expect(r.id).toBe(r.event.id);
    const byRule = all.accepted().find((r) => r.event.type === 'ticket.rule_triggered')!;
    expect(byRule.event.data).toMatchObject({
      rule: { name: 'Webhook rule' },
      note: 'from a rule',
      actor: { type: 'rule', name: 'Webhook rule' },
    });
  });

  it('sends bodies that match the documented schema of their type', () => {
    for (const r of [...all.requests, ...internal.requests, ...globex.requests]) {
      const schema = EventSchemas[r.event.type as keyof typeof EventSchemas];
      const parsed = schema.safeParse(r.event);
      expect(parsed.success, `${r.event.type}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('sends the events of a ticket in the order of its changes, each once', () => {
    const ofTicket = all
      .accepted()
      .filter((r) => r.event.data.ticket?.id === ticketId)
      .map((r) => {
        const d = r.event.data;
        if (r.event.type === 'ticket.assigned') return `assigned:${d.change}`;
        if (r.event.type === 'ticket.status_changed')
          return `status:${d.previousStatus}>${d.status}`;
        if (r.event.type === 'ticket.updated') return `updated:${Object.keys(d.changes).sort()}`;
        if (r.event.type === 'ticket.response_added') return `response:${d.response.authorType}`;
        return r.event.type;
      });
    expect(ofTicket).toEqual([
      'ticket.created',
      'assigned:assigned',
      'updated:priority,tags',
      'status:NEW>IN_PROGRESS',
      'assigned:unassigned',
      'assigned:claimed',
      'assigned:unclaimed',
      'response:AGENT',
      'status:IN_PROGRESS>WAITING_ON_CUSTOMER',
      'response:CUSTOMER',
      'status:WAITING_ON_CUSTOMER>OPEN',
      'updated:session',
      'updated:linkedChatIds',
      'attachment.added',
      'ticket.deleted',
      'ticket.restored',
    ]);
    const ids = all.accepted().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('says what changed, who did it and why', () => {
    const events = all.accepted().map((r) => r.event);
    const updated = events.find(
      (e) => e.type === 'ticket.updated' && e.data.changes.priority !== undefined,
    )!;
    expect(updated.data.changes).toEqual({
      priority: { before: 'MEDIUM', after: 'HIGH' },
      tags: { before: [], after: ['billing'] },
    });
    expect(updated.data.reason).toBe('VIP');
    expect(updated.data.actor).toMatchObject({ type: 'user', name: expect.any(String) });
    expect(updated.data.ticket.priority).toBe('HIGH');

    const reopened = events.find(
      (e) => e.type === 'ticket.status_changed' && e.data.previousStatus === 'WAITING_ON_CUSTOMER',
    )!;
    expect(reopened.data).toMatchObject({
      status: 'OPEN',
      reason: 'The requester replied',
      actor: { type: 'user' },
    });
    const claimed = events.find(
      (e) => e.type === 'ticket.assigned' && e.data.change === 'claimed',
    )!;
    expect(claimed.data.previousAssignee).toBeNull();
    expect(claimed.data.assignee).toEqual(claimed.data.ticket.assignee);

    const converted = events.find((e) => e.type === 'chat.converted')!;
    expect(converted.data.ticket.id).toBe(chatTicketId);
    expect(converted.data.chat).toMatchObject({ customerName: 'Maya Patel', escalated: true });
    expect(converted.data.ticket.linkedChatIds).toEqual([converted.data.chat.id]);
    const created = events.find(
      (e) => e.type === 'ticket.created' && e.data.ticket.id === chatTicketId,
    )!;
    expect(created.data.ticket.priority).toBe('HIGH');
    for (const e of events) expect(e.organizationId).toBe(e.data.ticket.organizationId);
  });

  it('sends internal notes only to endpoints that opted in', () => {
    const notesOf = (r: Receiver) =>
      r
        .accepted()
        .filter((x) => x.event.type === 'ticket.response_added')
        .map((x) => x.event.data.isInternal);
    expect(notesOf(all)).toEqual([false, false]);
    expect(notesOf(internal)).toEqual([true, false, false]);
    expect(internal.accepted().every((r) => r.event.type === 'ticket.response_added')).toBe(true);
    expect(all.requests.some((r) => r.body.includes('card issuer confirmed'))).toBe(false);
    const note = internal.accepted()[0]!.event;
    expect(note.data.response).toMatchObject({ isInternal: true, content: expect.any(String) });
  });

  it('keeps organizations apart', () => {
    expect(globex.accepted().map((r) => r.event.data.ticket.subject)).toEqual(['Globex ticket']);
    expect(all.requests.some((r) => r.body.includes('Globex ticket'))).toBe(false);
  });

  it('logs each delivery as delivered, with its attempt', async () => {
    const endpoints = await t.http().get('/api/webhooks').set(authHeader(tokens.admin!));
    const first = endpoints.body.data[0];
    const log = await t
      .http()
      .get(`/api/webhooks/${first.id}/deliveries`)
      .query({ limit: 100 })
      .set(authHeader(tokens.admin!));
    expect(log.status).toBe(200);
    expect(log.body.data).toHaveLength(all.accepted().length);
    expect(log.body.data.every((d: { status: string }) => d.status === 'SUCCEEDED')).toBe(true);
    const one = log.body.data[0];
    expect(one).toMatchObject({ attempts: 1, lastStatusCode: 200, responseExcerpt: 'thanks' });
    expect(one.lastLatencyMs).toEqual(expect.any(Number));
    const detail = await t
      .http()
      .get(`/api/webhooks/${first.id}/deliveries/${one.id}`)
      .set(authHeader(tokens.admin!));
    expect(detail.body.attemptLog).toEqual([
      expect.objectContaining({ attempt: 1, succeeded: true, statusCode: 200 }),
    ]);
    expect(detail.body.payload.id).toBe(one.eventId);
  });
});
