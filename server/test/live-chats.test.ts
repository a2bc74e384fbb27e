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

let t: WebhookTestApp;
let baseUrl: string;
let receiver: Receiver;
const tokens: Record<string, string> = {};
const streams: LiveStream[] = [];
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

/** Opens `GET /api/live` as `who` and resolves once the `ready` event came (subscribed). */
async function openStream(who: string): Promise<LiveStream> {
  const stream = await openLiveStream(baseUrl, tokens[who]!);
  streams.push(stream);
  return stream;
}

beforeAll(async () => {
  t = await createWebhookTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  for (const email of ['agent@acme.test', 'admin@acme.test', 'agent@globex.test']) {
    tokens[email] = await t.login(email);
  }
  receiver = await startReceiver();
  receiver.secrets = [
    (
      await createEndpoint(t, tokens['admin@acme.test']!, {
        url: receiver.url,
        eventTypes: [...WEBHOOK_EVENT_TYPES],
        includeInternal: true,
      })
    ).secret,
  ];
  // Events of the seed are dispatched (and delivered) before the streams open.
  await t.app.events.drain();
});

afterAll(async () => {
  for (const stream of streams) stream.close();
  await receiver?.close();
  await t?.close();
});

describe('chat notices on GET /api/live', () => {
  it("reach the organization's agents, not another organization's, without content", async () => {
    const acmeAgent = await openStream('agent@acme.test');
    const globexAgent = await openStream('agent@globex.test');

    const chat = await t
      .http()
      .post('/api/chats')
      .set(auth('admin@acme.test'))
      .send({ customerName: 'Nora Lindqvist', customerEmail: 'nora@example.com' });
    expect(chat.status).toBe(201);
    const chatId = chat.body.id as string;
    const message = await t
      .http()
      .post(`/api/chats/${chatId}/messages`)
      .set(auth('agent@acme.test'))
      .send({ senderType: 'agent', content: 'Secret words of the chat' });
    expect(message.status, JSON.stringify(message.body)).toBe(201);
    // Nothing is published before the dispatcher runs.
    expect(acmeAgent.events.some((e) => e.event === 'chat')).toBe(false);
    await t.app.events.runDispatcherOnce();

    const added = await acmeAgent.next(
      (e) => e.event === 'chat' && e.data.type === 'chat.message_added',
    );
    const agent = await t.prisma.user.findUniqueOrThrow({ where: { email: 'agent@acme.test' } });
    expect(added.data).toEqual({
      type: 'chat.message_added',
      organizationId: chat.body.organizationId,
      chatId,
      actorId: agent.id,
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
      agentId: { before: null, after: agent.id },
    });

    // A change of the chat: its notice comes too.
    const closed = await t
      .http()
      .patch(`/api/chats/${chatId}`)
      .set(auth('admin@acme.test'))
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
      .set(auth('agent@globex.test'))
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
      .set(auth('admin@acme.test'))
      .send({ url: receiver.url, eventTypes: ['chat.message_added'] });
    expect(res.status).toBe(400);
  });
});
