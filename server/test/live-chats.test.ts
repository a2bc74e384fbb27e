/**
 * The chat inbox, live: creating a chat, writing in it and changing it emit the internal events
 * `chat.created`, `chat.message_added` and `chat.updated` in the transaction of the write; the
 * dispatcher turns them into `chat` notices on the SSE stream `GET /api/live` of the chat's
 * organization only, carrying ids and no content. They are never sent to webhooks, not even to
 * an endpoint subscribed to every type, and an endpoint may not subscribe to them.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '../src/modules/events/events.schemas.js';
import {
  createEndpoint,
  createWebhookTestApp,
  startReceiver,
  type Receiver,
  type WebhookTestApp,
} from './helpers/webhooks.js';
import { openLiveStream, type LiveStream } from './helpers/sse.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';

let t: WebhookTestApp;
let baseUrl: string;
let receiver: Receiver;
const tokens: Record<string, string> = {};
const streams: LiveStream[] = [];
let agentId: string;

/** Opens `GET /api/live` as `who` and resolves once the `ready` event came (subscribed). */
async function openStream(who: string): Promise<LiveStream> {
  const stream = await openLiveStream(baseUrl, tokens[who]!);
  streams.push(stream);
  return stream;
}

beforeAll(async () => {
  t = await createWebhookTestApp({ seed: false });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const acme = await createOrganizationWithUsers(t.prisma, {
    agent: { role: 'AGENT' },
    admin: { role: 'ADMIN' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { agent: { role: 'AGENT' } });
  agentId = acme.users.agent.id;
  Object.assign(tokens, await signInAll(t, acme.users), {
    globexAgent: await signIn(t, globex.users.agent),
  });
  receiver = await startReceiver();
  receiver.secrets = [
    (
      await createEndpoint(t, tokens.admin!, {
        url: receiver.url,
        eventTypes: [...WEBHOOK_EVENT_TYPES],
        includeInternal: true,
      })
    ).secret,
  ];
  // Events written so far are dispatched (and delivered) before the streams open.
  await t.app.events.drain();
});

afterAll(async () => {
  for (const stream of streams) stream.close();
  await receiver?.close();
  await t?.close();
});

describe('chat notices on GET /api/live', () => {
  it("reach the organization's agents, not another organization's, without content", async () => {
    const acmeAgent = await openStream('agent');
    const globexAgent = await openStream('globexAgent');

    const chat = await t
      .http()
      .post('/api/chats')
      .set(authHeader(tokens.admin!))
      .send({ customerName: 'Nora Lindqvist', customerEmail: 'nora@example.com' });
    expect(chat.status).toBe(201);
    const chatId = chat.body.id as string;
    const message = await t
      .http()
      .post(`/api/chats/${chatId}/messages`)
      .set(authHeader(tokens.agent!))
      .send({ senderType: 'agent', content: 'Secret words of the chat' });
    expect(message.status, JSON.stringify(message.body)).toBe(201);
    // Nothing is published before the dispatcher runs.
    expect(acmeAgent.events.some((e) => e.event === 'chat')).toBe(false);
    await t.app.events.runDispatcherOnce();

    const added = await acmeAgent.next(
      (e) => e.event === 'chat' && e.data.type === 'chat.message_added',
    );
    expect(added.data).toEqual({
      type: 'chat.message_added',
      organizationId: chat.body.organizationId,
      chatId,
      actorId: agentId,
      at: expect.any(String),
    });
    const chatNotices = acmeAgent.events.filter((e) => e.event === 'chat');
    expect(chatNotices.map((e) => e.data.type)).toEqual(['chat.created', 'chat.message_added']);
    expect(JSON.stringify(acmeAgent.events)).not.toContain('Secret words');

    // The event itself carries ids and small fields only.
    const event = await t.prisma.outboxMessage.findFirstOrThrow({
      where: { kind: 'EVENT', topic: 'chat.message_added', aggregateId: chatId },
    });
    expect(JSON.stringify(event.payload)).not.toContain('Secret words');
    expect((event.payload as { data: Record<string, unknown> }).data).toMatchObject({
      chatId,
      messageId: message.body.id,
      senderType: 'agent',
      agentId: { before: null, after: agentId },
    });

    // A change of the chat: its notice comes too.
    const closed = await t
      .http()
      .patch(`/api/chats/${chatId}`)
      .set(authHeader(tokens.admin!))
      .send({ status: 'CLOSED' });
    expect(closed.status).toBe(200);
    await t.app.events.runDispatcherOnce();
    await acmeAgent.next((e) => e.event === 'chat' && e.data.type === 'chat.updated');
    const updated = await t.prisma.outboxMessage.findFirstOrThrow({
      where: { kind: 'EVENT', topic: 'chat.updated', aggregateId: chatId },
    });
    expect((updated.payload as { data: { changes: unknown } }).data.changes).toEqual({
      status: { before: 'OPEN', after: 'CLOSED' },
    });

    // A Globex change afterwards reaches the Globex stream, which had received none of Acme's.
    const globexChat = await t
      .http()
      .post('/api/chats')
      .set(authHeader(tokens.globexAgent!))
      .send({ customerName: 'Ola', customerEmail: 'ola@example.com' });
    expect(globexChat.status).toBe(201);
    await t.app.events.runDispatcherOnce();
    await globexAgent.next((e) => e.event === 'chat' && e.data.chatId === globexChat.body.id);
    expect(globexAgent.events.some((e) => e.data.chatId === chatId)).toBe(false);
    expect(acmeAgent.events.some((e) => e.data.chatId === globexChat.body.id)).toBe(false);
    acmeAgent.close();
    globexAgent.close();
  });
});

describe('chat events and webhooks', () => {
  it('are never delivered, even to an endpoint subscribed to everything', async () => {
    await t.app.events.drain();
    const chatEvents = await t.prisma.outboxMessage.count({
      where: { kind: 'EVENT', topic: { startsWith: 'chat.' } },
    });
    expect(chatEvents).toBeGreaterThanOrEqual(4);
    expect(receiver.requests.some((r) => r.event.type.startsWith('chat.'))).toBe(false);
    const deliveries = await t.prisma.webhookDelivery.count({
      where: { eventType: { in: ['chat.created', 'chat.message_added', 'chat.updated'] } },
    });
    expect(deliveries).toBe(0);
  });

  it('may not be subscribed to (400)', async () => {
    const res = await t
      .http()
      .post('/api/webhooks')
      .set(authHeader(tokens.admin!))
      .send({ url: receiver.url, eventTypes: ['chat.message_added'] });
    expect(res.status).toBe(400);
  });
});
