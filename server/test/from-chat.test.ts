// The chat-to-ticket flow (docs/api.md `POST /api/tickets/from-chat/:chatId`, `POST /api/tickets/:id/chats`;
// docs/product.md "Chats and the chat-to-ticket flow") and the transcript format.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FROM_CHAT_TAG, formatTranscript } from '../src/modules/chats/index.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createApiKey, createCategory, createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let admin: string;
let agent: string;
let customer: string;
let globexAgent: string;
let apiKey: string;
let acmeId: string;
let globexId: string;
let agentId: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  // The agent the transcripts name, a customer whose email a chat uses, a "Payment" category.
  const acme = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT', name: 'Alex Agent' },
    customer: { role: 'CUSTOMER', email: 'customer@acme.test' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { agent: { role: 'AGENT' } });
  ({ admin, agent, customer } = await signInAll(t, acme.users));
  globexAgent = await signIn(t, globex.users.agent);
  acmeId = acme.organization.id;
  globexId = globex.organization.id;
  agentId = acme.users.agent.id;
  await createCategory(t.prisma, { organizationId: acmeId, name: 'Payment' });
  apiKey = (
    await createApiKey(t.prisma, {
      organizationId: acmeId,
      name: 'Chat bridge',
      role: 'AGENT',
      createdById: acme.users.admin.id,
    })
  ).key;
});
afterAll(async () => t?.close());

const start = new Date('2026-03-01T09:15:30.000Z');
const minutes = (n: number) => new Date(start.getTime() + n * 60_000);

/** A chat of `organizationId` with a short conversation (customer, bot, agent). */
async function makeChat(
  overrides: {
    organizationId?: string;
    customerName?: string;
    customerEmail?: string;
    escalated?: boolean;
  } = {},
  messages?: {
    senderType: 'customer' | 'agent' | 'bot';
    senderName?: string | null;
    content: string;
    createdAt: Date;
  }[],
) {
  const customerName = overrides.customerName ?? 'Maya Patel';
  return t.prisma.chat.create({
    data: {
      organizationId: overrides.organizationId ?? acmeId,
      customerName,
      customerEmail: overrides.customerEmail ?? 'maya.patel@example.com',
      escalated: overrides.escalated ?? false,
      createdAt: start,
      messages: {
        create: messages ?? [
          {
            senderType: 'bot',
            senderName: 'Acme Assistant',
            content: 'Hi! How can I help?',
            createdAt: start,
          },
          {
            senderType: 'customer',
            senderName: customerName,
            content: 'I was charged twice.',
            createdAt: minutes(1),
          },
          {
            senderType: 'agent',
            senderName: 'Alex Agent',
            content: 'Let me check.\nOne moment please.',
            createdAt: minutes(2),
          },
        ],
      },
    },
  });
}

const fromChat = (chatId: string, token: string, body: object = {}) =>
  t.http().post(`/api/tickets/from-chat/${chatId}`).set(authHeader(token)).send(body);

describe('POST /api/tickets/from-chat/:chatId', () => {
  it('makes a ticket from an escalated chat: requester, transcript, HIGH, assigned to the caller, tagged, linked both ways', async () => {
    const chat = await makeChat({ escalated: true });
    const res = await fromChat(chat.id, agent);
    expect(res.status).toBe(201);
    const ticket = res.body;
    expect(res.headers.location).toBe(`/api/tickets/${ticket.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(ticket).toMatchObject({
      // The customer's first message (the bot spoke first).
      subject: 'I was charged twice.',
      status: 'NEW',
      priority: 'HIGH',
      channel: 'chat',
      tags: [FROM_CHAT_TAG],
      requester: { id: null, name: 'Maya Patel', email: 'maya.patel@example.com' },
      assignee: { id: agentId, name: 'Alex Agent' },
      originChatId: chat.id,
      linkedChatIds: [chat.id],
    });
    expect(ticket.description).toBe(
      [
        'Chat with Maya Patel <maya.patel@example.com>, started 2026-03-01 09:15 UTC, escalated (3 messages)',
        '',
        '[2026-03-01 09:15 UTC] Acme Assistant (bot): Hi! How can I help?',
        '[2026-03-01 09:16 UTC] Maya Patel (customer): I was charged twice.',
        '[2026-03-01 09:17 UTC] Alex Agent (agent): Let me check.',
        '  One moment please.',
      ].join('\n'),
    );
    const rows = await t.prisma.ticketActivity.findMany({
      where: { ticketId: ticket.id },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    expect(rows.map((r) => [r.type, r.isInternal])).toEqual([
      ['CREATED', false],
      ['ASSIGNED', true],
      ['CHAT_LINKED', true],
    ]);
    expect(rows[2]?.after).toMatchObject({ chatId: chat.id });
    expect(
      await t.prisma.ticketChat.count({ where: { ticketId: ticket.id, chatId: chat.id } }),
    ).toBe(1);

    // The chat lists the ticket.
    const chatView = await t.http().get(`/api/chats/${chat.id}`).set(authHeader(agent));
    expect(chatView.status).toBe(200);
    expect(chatView.body.ticketIds).toEqual([ticket.id]);
  });

  it('returns the same ticket (200) on a later call, whoever asks, without a second ticket', async () => {
    const chat = await makeChat();
    // No body at all: every option takes its default.
    const first = await t.http().post(`/api/tickets/from-chat/${chat.id}`).set(authHeader(agent));
    expect(first.status).toBe(201);
    const counter = (await t.prisma.organization.findUniqueOrThrow({ where: { id: acmeId } }))
      .ticketCounter;
    for (const token of [agent, admin]) {
      const again = await fromChat(chat.id, token, { subject: 'Another subject', priority: 'LOW' });
      expect(again.status).toBe(200);
      expect(again.headers.location).toBeUndefined();
      expect(again.body).toMatchObject({
        id: first.body.id,
        subject: 'I was charged twice.',
        priority: 'MEDIUM',
      });
    }
    expect(await t.prisma.ticket.count({ where: { originChatId: chat.id } })).toBe(1);
    expect(
      (await t.prisma.organization.findUniqueOrThrow({ where: { id: acmeId } })).ticketCounter,
    ).toBe(counter);
  });

  it("takes the subject from the customer's first message: one line, cut to 200 characters, else a fallback", async () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const long = await makeChat({}, [
      { senderType: 'bot', content: 'Hello, what is it about?', createdAt: start },
      {
        senderType: 'customer',
        content: `  My parcel\n\n  never   came. ${words}`,
        createdAt: minutes(1),
      },
      { senderType: 'customer', content: 'A later message', createdAt: minutes(2) },
    ]);
    const subject: string = (await fromChat(long.id, agent)).body.subject;
    expect(subject.startsWith('My parcel never came. word0 word1')).toBe(true);
    expect(subject.length).toBeLessThanOrEqual(200);
    expect(subject.length).toBeGreaterThan(150);
    expect(subject.endsWith('…')).toBe(true);
    // Cut between words, not inside one.
    expect(subject.slice(0, -1)).toMatch(/ word\d+$/);
    expect(words).toContain(subject.slice(0, -1).split(' ').slice(4).join(' '));

    const exact = 'x'.repeat(200);
    const fits = await makeChat({}, [{ senderType: 'customer', content: exact, createdAt: start }]);
    expect((await fromChat(fits.id, agent)).body.subject).toBe(exact);

    const silent = await makeChat({ customerName: 'Ana Silva' }, [
      { senderType: 'agent', content: 'Hello Ana, how can I help?', createdAt: start },
    ]);
    expect((await fromChat(silent.id, agent)).body.subject).toBe('Chat with Ana Silva');
    const empty = await makeChat({ customerName: 'Ben Okoro' }, []);
    expect((await fromChat(empty.id, agent)).body.subject).toBe('Chat with Ben Okoro');
    // Too short to be a subject (tickets need 5 characters).
    const short = await makeChat({ customerName: 'Chen Li' }, [
      { senderType: 'customer', content: ' hi ', createdAt: start },
    ]);
    expect((await fromChat(short.id, agent)).body.subject).toBe('Chat with Chen Li');
  });

  it('makes exactly one ticket from 10 racing calls: one 201, nine 200, and keeps numbering gap-free', async () => {
    const chat = await makeChat({ escalated: true });
    const before = (await t.prisma.organization.findUniqueOrThrow({ where: { id: acmeId } }))
      .ticketCounter;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => fromChat(chat.id, i % 2 ? admin : agent)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await t.prisma.ticket.count({ where: { originChatId: chat.id } })).toBe(1);
    const created = results.find((r) => r.status === 201)!.body;
    expect(created.number).toBe(before + 1);
    expect(
      await t.prisma.ticketActivity.count({ where: { ticketId: created.id, type: 'CREATED' } }),
    ).toBe(1);
    // The next ticket takes the next number: nothing was lost to the failed attempts.
    const next = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(agent))
      .send({ subject: 'After the race', description: 'A plain ticket after the racing calls.' });
    expect(next.body.number).toBe(before + 2);
  });

  it('links the requester to the organization user with the chat email, MEDIUM for a calm chat, and shows the requester their ticket', async () => {
    const chat = await makeChat({ customerName: 'Casey C.', customerEmail: 'customer@acme.test' });
    const res = await fromChat(chat.id, agent);
    expect(res.status).toBe(201);
    const casey = await t.prisma.user.findUniqueOrThrow({ where: { email: 'customer@acme.test' } });
    expect(res.body).toMatchObject({
      priority: 'MEDIUM',
      requester: { id: casey.id, email: 'customer@acme.test' },
    });
    const asCustomer = await t.http().get(`/api/tickets/${res.body.id}`).set(authHeader(customer));
    expect(asCustomer.status).toBe(200);
    expect(asCustomer.body).toMatchObject({ channel: 'chat', assignee: { assigned: true } });
    expect(asCustomer.body).not.toHaveProperty('originChatId');
    expect(asCustomer.body).not.toHaveProperty('linkedChatIds');
    expect(asCustomer.body).not.toHaveProperty('tags');
    const timeline = await t
      .http()
      .get(`/api/tickets/${res.body.id}/activity`)
      .set(authHeader(customer));
    expect(timeline.body.data.map((a: { type: string }) => a.type)).toEqual(['CREATED']);
    expect(timeline.body.data[0].actor).toEqual({ type: 'user', id: null, name: 'Support team' });
  });

  it('takes subject, priority and category from the body, and leaves the transcript out on request', async () => {
    const chat = await makeChat({ escalated: true });
    const res = await fromChat(chat.id, admin, {
      subject: 'Double charge on card',
      priority: 'LOW',
      category: 'payment',
      includeTranscript: false,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      subject: 'Double charge on card',
      priority: 'LOW',
      category: 'Payment',
    });
    expect(res.body.description).toContain('Chat with Maya Patel <maya.patel@example.com>');
    expect(res.body.description).not.toContain('charged twice');
  });

  it('refuses bad input with each field named and writes nothing', async () => {
    const chat = await makeChat();
    const before = (await t.prisma.organization.findUniqueOrThrow({ where: { id: acmeId } }))
      .ticketCounter;
    const bad = await fromChat(chat.id, agent, {
      subject: 'Hi',
      priority: 'SEVERE',
      includeTranscript: 'yes',
      assigneeId: agentId,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'assigneeId',
      'includeTranscript',
      'priority',
      'subject',
    ]);
    const category = await fromChat(chat.id, agent, { category: 'Astrology' });
    expect(category.status).toBe(400);
    expect(category.body.errors).toEqual([{ path: 'category', message: expect.any(String) }]);
    expect(
      (await t.http().post('/api/tickets/from-chat/not-a-uuid').set(authHeader(agent)).send({}))
        .status,
    ).toBe(400);
    expect(await t.prisma.ticket.count({ where: { originChatId: chat.id } })).toBe(0);
    expect(
      (await t.prisma.organization.findUniqueOrThrow({ where: { id: acmeId } })).ticketCounter,
    ).toBe(before);
  });

  it('is for staff: customer 403, another organization 404, unknown chat 404; an API key makes an unassigned ticket', async () => {
    const chat = await makeChat({ escalated: true });
    const asCustomer = await fromChat(chat.id, customer);
    expect(asCustomer.status).toBe(403);
    expect(asCustomer.body.code).toBe('forbidden');
    const otherOrg = await fromChat(chat.id, globexAgent);
    expect(otherOrg.status).toBe(404);
    expect(otherOrg.body.code).toBe('not_found');
    expect((await fromChat('00000000-0000-4000-8000-000000000000', agent)).status).toBe(404);
    expect((await t.http().post(`/api/tickets/from-chat/${chat.id}`).send({})).status).toBe(401);
    expect(await t.prisma.ticket.count({ where: { originChatId: chat.id } })).toBe(0);

    const viaKey = await fromChat(chat.id, apiKey);
    expect(viaKey.status).toBe(201);
    expect(viaKey.body).toMatchObject({ assignee: null, priority: 'HIGH', channel: 'chat' });
    const created = await t.prisma.ticketActivity.findFirstOrThrow({
      where: { ticketId: viaKey.body.id, type: 'CREATED' },
    });
    expect(created.actorType).toBe('api_key');

    const globexChat = await makeChat({ organizationId: globexId });
    expect((await fromChat(globexChat.id, agent)).status).toBe(404);
    expect((await fromChat(globexChat.id, globexAgent)).status).toBe(201);
  });

  it('keeps a long transcript beyond 5,000 characters and cuts a huge one at 100,000', async () => {
    const long = Array.from({ length: 60 }, (_, i) => ({
      senderType: (i % 2 ? 'agent' : 'customer') as 'agent' | 'customer',
      senderName: null,
      content: `Message ${i}: ${'lorem ipsum '.repeat(20)}`,
      createdAt: minutes(i),
    }));
    const chat = await makeChat({}, long);
    const res = await fromChat(chat.id, agent);
    expect(res.status).toBe(201);
    expect(res.body.description.length).toBeGreaterThan(5000);
    expect(res.body.description).toContain('] Maya Patel (customer): Message 0:');
    expect(res.body.description).toContain('] Agent (agent): Message 59:');

    const huge = Array.from({ length: 300 }, (_, i) => ({
      senderType: 'customer' as const,
      senderName: 'Maya',
      content: `${i} ${'x'.repeat(1000)}`,
      createdAt: minutes(i),
    }));
    const hugeChat = await makeChat({}, huge);
    const cut = await fromChat(hugeChat.id, agent);
    expect(cut.status).toBe(201);
    expect(cut.body.description.length).toBeLessThanOrEqual(100_000);
    expect(cut.body.description.length).toBeGreaterThan(99_000);
    expect(cut.body.description).toMatch(
      /\[… transcript cut at 100,000 characters: \d+ messages not shown in full; see the chat\]$/,
    );
  });

  it('answers 409 ticket_deleted when the ticket made from the chat was deleted', async () => {
    const chat = await makeChat();
    const first = await fromChat(chat.id, agent);
    await t.http().delete(`/api/tickets/${first.body.id}`).set(authHeader(admin)).expect(204);
    const again = await fromChat(chat.id, agent);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ticket_deleted');
  });
});

describe('POST /api/tickets/:id/chats', () => {
  async function plainTicket(token = agent): Promise<{ id: string; version: number }> {
    const res = await t.http().post('/api/tickets').set(authHeader(token)).send({
      subject: 'Follow-up on payment',
      description: 'Linking the chats about this payment.',
    });
    expect(res.status).toBe(201);
    return res.body;
  }

  it('links a chat of the organization, with CHAT_LINKED (internal) and a new version; again is a no-op', async () => {
    const ticket = await plainTicket();
    const chat = await makeChat();
    const res = await t
      .http()
      .post(`/api/tickets/${ticket.id}/chats`)
      .set(authHeader(agent))
      .send({ chatId: chat.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ linkedChatIds: [chat.id], originChatId: null, version: 2 });
    expect(res.headers.etag).toBe('"2"');
    const second = await makeChat();
    const both = await t
      .http()
      .post(`/api/tickets/${ticket.id}/chats`)
      .set(authHeader(admin))
      .send({ chatId: second.id });
    expect(both.body.linkedChatIds).toEqual([chat.id, second.id]);

    const again = await t
      .http()
      .post(`/api/tickets/${ticket.id}/chats`)
      .set(authHeader(agent))
      .send({ chatId: chat.id });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(3);
    const rows = await t.prisma.ticketActivity.findMany({
      where: { ticketId: ticket.id, type: 'CHAT_LINKED' },
    });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.isInternal)).toBe(true);
    const chatView = await t.http().get(`/api/chats/${chat.id}`).set(authHeader(agent));
    expect(chatView.body.ticketIds).toContain(ticket.id);
  });

  it('links a chat to the ticket made from another chat', async () => {
    const origin = await makeChat();
    const made = await fromChat(origin.id, agent);
    const later = await makeChat();
    const res = await t
      .http()
      .post(`/api/tickets/${made.body.id}/chats`)
      .set(authHeader(agent))
      .send({ chatId: later.id });
    expect(res.body).toMatchObject({
      originChatId: origin.id,
      linkedChatIds: [origin.id, later.id],
    });
  });

  it('answers 404 for another organization’s chat or ticket, 403 to customers, 400 for a bad body, 409 on CLOSED', async () => {
    const ticket = await plainTicket();
    const globexChat = await makeChat({ organizationId: globexId });
    const foreignChat = await t
      .http()
      .post(`/api/tickets/${ticket.id}/chats`)
      .set(authHeader(agent))
      .send({ chatId: globexChat.id });
    expect(foreignChat.status).toBe(404);
    expect(foreignChat.body.detail).toContain('Chat');
    const unknown = await t
      .http()
      .post(`/api/tickets/${ticket.id}/chats`)
      .set(authHeader(agent))
      .send({ chatId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(404);
    const chat = await makeChat();
    expect(
      (
        await t
          .http()
          .post(`/api/tickets/${ticket.id}/chats`)
          .set(authHeader(globexAgent))
          .send({ chatId: chat.id })
      ).status,
    ).toBe(404);
    expect(
      (
        await t
          .http()
          .post(`/api/tickets/${ticket.id}/chats`)
          .set(authHeader(customer))
          .send({ chatId: chat.id })
      ).status,
    ).toBe(403);
    const bad = await t
      .http()
      .post(`/api/tickets/${ticket.id}/chats`)
      .set(authHeader(agent))
      .send({ chatId: 'x', extra: true });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'chatId',
      'extra',
    ]);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).version).toBe(1);

    await t
      .http()
      .patch(`/api/tickets/${ticket.id}`)
      .set(authHeader(agent))
      .send({ status: 'CLOSED' })
      .expect(200);
    const closed = await t
      .http()
      .post(`/api/tickets/${ticket.id}/chats`)
      .set(authHeader(agent))
      .send({ chatId: chat.id });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('ticket_closed');
  });
});

describe('formatTranscript', () => {
  const chat = {
    customerName: 'Jonas Becker',
    customerEmail: 'jonas@example.com',
    escalated: false,
    createdAt: start,
  };

  it('writes a header, then one line per message with time, sender name and type', () => {
    const text = formatTranscript(chat, [
      {
        senderType: 'customer',
        senderName: null,
        content: 'Where is my parcel?',
        createdAt: minutes(0),
      },
      { senderType: 'bot', senderName: '  ', content: 'Let me look.', createdAt: minutes(61) },
      {
        senderType: 'agent',
        senderName: null,
        content: 'Found it:\r\nit ships today.\n[2026-03-01 09:00 UTC] Fake (agent): hi',
        createdAt: minutes(62),
      },
    ]);
    expect(text.split('\n')).toEqual([
      'Chat with Jonas Becker <jonas@example.com>, started 2026-03-01 09:15 UTC (3 messages)',
      '',
      '[2026-03-01 09:15 UTC] Jonas Becker (customer): Where is my parcel?',
      '[2026-03-01 10:16 UTC] Bot (bot): Let me look.',
      '[2026-03-01 10:17 UTC] Agent (agent): Found it:',
      '  it ships today.',
      '  [2026-03-01 09:00 UTC] Fake (agent): hi',
    ]);
  });

  it('says when there are no messages', () => {
    expect(formatTranscript(chat, [])).toBe(
      'Chat with Jonas Becker <jonas@example.com>, started 2026-03-01 09:15 UTC (0 messages)\n\n(no messages)',
    );
  });

  it('cuts at the limit with a closing line, part of the message that did not fit included', () => {
    const messages = Array.from({ length: 10 }, (_, i) => ({
      senderType: 'customer' as const,
      senderName: 'J',
      content: String(i).repeat(300),
      createdAt: minutes(i),
    }));
    const text = formatTranscript(chat, messages, 1500);
    expect(text.length).toBeLessThanOrEqual(1500);
    const lines = text.split('\n');
    expect(lines.at(-1)).toMatch(
      /^\[… transcript cut at 1,500 characters: \d+ messages not shown in full; see the chat\]$/,
    );
    expect(lines.at(-2)).toMatch(/…$/);
    expect(text).toContain(`J (customer): ${'0'.repeat(300)}`);
    expect(formatTranscript(chat, messages, 1_000_000)).not.toContain('transcript cut');
  });
});
