import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createChat, createOrganizationWithUsers, createUser } from './helpers/factories.js';

let t: TestApp;
let agent: string;
let agent2: string;
let admin: string;
let customer: string;
let globexAgent: string;
let acmeId: string;
let agentId: string;
let agent2Id: string;
let globexId: string;
let globexAgentId: string;
let customerId: string;

const CHAT_KEYS = [
  'agentId',
  'createdAt',
  'customerEmail',
  'customerName',
  'escalated',
  'id',
  'organizationId',
  'status',
  'ticketIds',
  'updatedAt',
];
const MESSAGE_KEYS = ['chatId', 'content', 'createdAt', 'id', 'senderName', 'senderType'];

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  // The agents whose names the messages carry.
  const acme = await createOrganizationWithUsers(t.prisma, {
    agent: { role: 'AGENT', name: 'Alex Agent' },
    agent2: { role: 'AGENT', name: 'Camille Tremblay' },
    admin: { role: 'ADMIN' },
    customer: { role: 'CUSTOMER' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { agent: { role: 'AGENT' } });
  ({ agent, agent2, admin, customer } = await signInAll(t, acme.users));
  globexAgent = await signIn(t, globex.users.agent);
  acmeId = acme.organization.id;
  agentId = acme.users.agent.id;
  agent2Id = acme.users.agent2.id;
  // Six chats of the organization (one escalated, with a conversation), one of another's.
  await createChat(t.prisma, {
    organizationId: acmeId,
    customerName: 'Maya Patel',
    customerEmail: 'maya.patel@example.com',
    escalated: true,
    messages: [
      { senderType: 'bot', senderName: 'Acme Assistant', content: 'Hi! How can I help?' },
      { senderType: 'customer', senderName: 'Maya Patel', content: 'I was charged twice.' },
      { senderType: 'bot', senderName: 'Acme Assistant', content: 'Let me find an agent.' },
      {
        senderType: 'agent',
        senderId: agentId,
        senderName: 'Alex Agent',
        content: 'I am looking at it.',
      },
    ],
  });
  await createChat(t.prisma, {
    organizationId: acmeId,
    customerName: 'Jonas Becker',
    customerEmail: 'jonas.becker@example.com',
    messages: [{ senderType: 'customer', senderName: 'Jonas Becker', content: 'Where is it?' }],
  });
  for (let i = 0; i < 4; i++) await createChat(t.prisma, { organizationId: acmeId });
  await createChat(t.prisma, { organizationId: globex.organization.id });
  globexId = globex.organization.id;
  globexAgentId = globex.users.agent.id;
  customerId = acme.users.customer.id;
});
afterAll(async () => t?.close());

async function newChat(token = agent, body: Record<string, unknown> = {}) {
  const res = await t
    .http()
    .post('/api/chats')
    .set(authHeader(token))
    .send({ customerName: 'Nora Lindqvist', customerEmail: 'nora@example.com', ...body });
  expect(res.status).toBe(201);
  return res.body as {
    id: string;
    agentId: string | null;
    updatedAt: string;
    customerName: string;
  };
}

const paths = (body: { errors?: { path: string }[] }) =>
  (body.errors ?? []).map((e) => e.path).sort();

describe('roles', () => {
  it('lets agents and admins use every chat route, refuses customers with 403 and no token with 401', async () => {
    const chat = await newChat();
    const calls = [
      {
        method: 'post',
        url: '/api/chats',
        body: { customerName: 'Role Test', customerEmail: 'role@example.com' },
        ok: 201,
      },
      { method: 'get', url: '/api/chats', ok: 200 },
      { method: 'get', url: `/api/chats/${chat.id}`, ok: 200 },
      {
        method: 'post',
        url: `/api/chats/${chat.id}/messages`,
        body: { senderType: 'bot', content: 'Hello!' },
        ok: 201,
      },
      { method: 'patch', url: `/api/chats/${chat.id}`, body: { escalated: true }, ok: 200 },
    ] as const;
    for (const call of calls) {
      const send = (token?: string) => {
        const req = t.http()[call.method](call.url);
        if (token) req.set(authHeader(token));
        return 'body' in call ? req.send(call.body) : req;
      };
      expect((await send(agent)).status, `agent ${call.method} ${call.url}`).toBe(call.ok);
      expect((await send(admin)).status, `admin ${call.method} ${call.url}`).toBe(call.ok);
      const asCustomer = await send(customer);
      expect(asCustomer.status, `customer ${call.method} ${call.url}`).toBe(403);
      expect(asCustomer.body.code).toBe('forbidden');
      const anonymous = await send();
      expect(anonymous.status, `anonymous ${call.method} ${call.url}`).toBe(401);
      expect(anonymous.body.code).toBe('unauthorized');
    }
  });

  it('answers a customer 403 before looking at the input, and writes nothing', async () => {
    const before = await t.prisma.chat.count();
    const res = await t
      .http()
      .post('/api/chats')
      .set(authHeader(customer))
      .send({ nonsense: true });
    expect(res.status).toBe(403);
    expect(await t.prisma.chat.count()).toBe(before);
  });

  it("hides another organization's chats as 404 on every route, and from its list", async () => {
    const chat = await newChat(agent, { customerName: 'Acme Only' });
    for (const res of [
      await t.http().get(`/api/chats/${chat.id}`).set(authHeader(globexAgent)),
      await t
        .http()
        .post(`/api/chats/${chat.id}/messages`)
        .set(authHeader(globexAgent))
        .send({ senderType: 'agent', content: 'Hi' }),
      await t
        .http()
        .patch(`/api/chats/${chat.id}`)
        .set(authHeader(globexAgent))
        .send({ status: 'CLOSED' }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    const stored = await t.prisma.chat.findUniqueOrThrow({ where: { id: chat.id } });
    expect(stored).toMatchObject({ status: 'OPEN', agentId: null });
    expect(await t.prisma.chatMessage.count({ where: { chatId: chat.id } })).toBe(0);

    const list = await t.http().get('/api/chats?limit=100').set(authHeader(globexAgent));
    expect(list.status).toBe(200);
    expect(
      list.body.data.every((c: { organizationId: string }) => c.organizationId === globexId),
    ).toBe(true);
    expect(list.body.data.map((c: { id: string }) => c.id)).not.toContain(chat.id);
  });

  it('answers 404 for an unknown uuid and for an id that is not a uuid', async () => {
    expect(
      (await t.http().get('/api/chats/00000000-0000-4000-8000-000000000000').set(authHeader(agent)))
        .status,
    ).toBe(404);
    expect((await t.http().get('/api/chats/banana').set(authHeader(agent))).status).toBe(404);
  });
});

describe('POST /api/chats', () => {
  it('opens a chat: 201, Location, the exact chat shape, the email lower-cased', async () => {
    const res = await t
      .http()
      .post('/api/chats')
      .set(authHeader(agent))
      .send({ customerName: '  Maya Patel ', customerEmail: ' Maya.Patel@Example.COM ' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/chats/${res.body.id}`);
    expect(Object.keys(res.body).sort()).toEqual(CHAT_KEYS);
    expect(res.body).toMatchObject({
      organizationId: acmeId,
      customerName: 'Maya Patel',
      customerEmail: 'maya.patel@example.com',
      escalated: false,
      status: 'OPEN',
      agentId: null,
      ticketIds: [],
    });
    const stored = await t.prisma.chat.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(stored.customerEmail).toBe('maya.patel@example.com');
    const escalated = await newChat(agent, { escalated: true });
    expect(escalated).toMatchObject({ escalated: true });
  });

  it('names each invalid or unknown field and writes nothing', async () => {
    const before = await t.prisma.chat.count();
    const res = await t.http().post('/api/chats').set(authHeader(agent)).send({
      customerName: '   ',
      customerEmail: 'not-an-email',
      escalated: 'yes',
      organizationId: acmeId,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(paths(res.body)).toEqual([
      'customerEmail',
      'customerName',
      'escalated',
      'organizationId',
    ]);
    const missing = await t.http().post('/api/chats').set(authHeader(agent)).send({});
    expect(missing.status).toBe(400);
    expect(paths(missing.body)).toEqual(['customerEmail', 'customerName']);
    expect(await t.prisma.chat.count()).toBe(before);
  });
});

describe('GET /api/chats/:id', () => {
  it('gives the chat with its messages oldest first, in the exact message shape', async () => {
    const seeded = await t.prisma.chat.findFirstOrThrow({
      where: { organizationId: acmeId, customerName: 'Maya Patel', escalated: true },
      include: { messages: { orderBy: { createdAt: 'asc' } } },
    });
    const res = await t.http().get(`/api/chats/${seeded.id}`).set(authHeader(agent));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual([...CHAT_KEYS, 'messages'].sort());
    expect(res.body.messages).toHaveLength(seeded.messages.length);
    expect(res.body.messages.length).toBeGreaterThan(2);
    for (const m of res.body.messages) expect(Object.keys(m).sort()).toEqual(MESSAGE_KEYS);
    const times = res.body.messages.map((m: { createdAt: string }) => Date.parse(m.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(res.body.messages.map((m: { id: string }) => m.id)).toEqual(
      seeded.messages.map((m) => m.id),
    );
    expect(res.body.messages[0]).toMatchObject({
      chatId: seeded.id,
      senderType: 'bot',
      senderName: 'Acme Assistant',
    });
  });

  it('lists the tickets made from and linked to the chat, without deleted ones', async () => {
    const chat = await newChat();
    const ticket = async (subject: string) => {
      const res = await t
        .http()
        .post('/api/tickets')
        .set(authHeader(agent))
        .send({ subject, description: 'A ticket made to test the links of a chat.' });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const origin = await ticket('Made from the chat');
    const linked = await ticket('Linked to the chat later');
    const deleted = await ticket('Linked then deleted');
    await t.prisma.ticket.update({ where: { id: origin }, data: { originChatId: chat.id } });
    await t.prisma.ticketChat.create({
      data: { ticketId: origin, chatId: chat.id, createdAt: new Date(Date.now() - 2000) },
    });
    await t.prisma.ticketChat.create({
      data: { ticketId: linked, chatId: chat.id, createdAt: new Date(Date.now() - 1000) },
    });
    await t.prisma.ticketChat.create({ data: { ticketId: deleted, chatId: chat.id } });
    await t.prisma.ticket.update({ where: { id: deleted }, data: { deletedAt: new Date() } });

    const res = await t.http().get(`/api/chats/${chat.id}`).set(authHeader(agent));
    expect(res.body.ticketIds).toEqual([origin, linked]);
    const list = await t.http().get('/api/chats?limit=100').set(authHeader(agent));
    expect(list.body.data.find((c: { id: string }) => c.id === chat.id).ticketIds).toEqual([
      origin,
      linked,
    ]);
  });
});

describe('POST /api/chats/:id/messages', () => {
  it('names the sender by type, and makes the first answering agent the chat agent', async () => {
    const chat = await newChat(agent, {
      customerName: 'Omar Haddad',
      customerEmail: 'omar@example.com',
    });
    const post = (token: string, body: Record<string, unknown>) =>
      t.http().post(`/api/chats/${chat.id}/messages`).set(authHeader(token)).send(body);

    const fromCustomer = await post(agent, {
      senderType: 'customer',
      content: '  My order is late.  ',
    });
    expect(fromCustomer.status).toBe(201);
    expect(Object.keys(fromCustomer.body).sort()).toEqual(MESSAGE_KEYS);
    expect(fromCustomer.body).toMatchObject({
      chatId: chat.id,
      senderType: 'customer',
      senderName: 'Omar Haddad',
      content: 'My order is late.',
    });

    const fromBot = await post(agent, { senderType: 'bot', content: 'Let me find someone.' });
    expect(fromBot.body).toMatchObject({ senderType: 'bot', senderName: 'Bot' });
    // The customer and bot messages leave the chat unassigned.
    expect((await t.prisma.chat.findUniqueOrThrow({ where: { id: chat.id } })).agentId).toBeNull();

    const fromAgent2 = await post(agent2, { senderType: 'agent', content: 'Bonjour, je regarde.' });
    expect(fromAgent2.body).toMatchObject({ senderType: 'agent', senderName: 'Camille Tremblay' });
    const fromAgent = await post(agent, { senderType: 'agent', content: 'I can help too.' });
    expect(fromAgent.body).toMatchObject({ senderName: 'Alex Agent' });

    const stored = await t.prisma.chat.findUniqueOrThrow({ where: { id: chat.id } });
    expect(stored.agentId).toBe(agent2Id);
    const messages = await t.prisma.chatMessage.findMany({
      where: { chatId: chat.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(messages.map((m) => [m.senderType, m.senderId])).toEqual([
      ['customer', null],
      ['bot', null],
      ['agent', agent2Id],
      ['agent', agentId],
    ]);
    const view = await t.http().get(`/api/chats/${chat.id}`).set(authHeader(agent));
    expect(view.body.agentId).toBe(agent2Id);
    expect(view.body.messages.map((m: { content: string }) => m.content)).toEqual([
      'My order is late.',
      'Let me find someone.',
      'Bonjour, je regarde.',
      'I can help too.',
    ]);
  });

  it("names bot messages after the organization's configured bot", async () => {
    const before = await t.prisma.organization.findUniqueOrThrow({ where: { id: acmeId } });
    await t.prisma.organization.update({
      where: { id: acmeId },
      data: { settings: { ...(before.settings as object), chatBotName: 'Acme Assistant' } },
    });
    try {
      const chat = await newChat();
      const res = await t
        .http()
        .post(`/api/chats/${chat.id}/messages`)
        .set(authHeader(agent))
        .send({ senderType: 'bot', content: 'Hi!' });
      expect(res.body.senderName).toBe('Acme Assistant');
    } finally {
      await t.prisma.organization.update({
        where: { id: acmeId },
        data: { settings: before.settings as object },
      });
    }
  });

  it('accepts 1 to 10,000 characters and names the field at fault otherwise, writing nothing', async () => {
    const chat = await newChat();
    const post = (body: Record<string, unknown>) =>
      t.http().post(`/api/chats/${chat.id}/messages`).set(authHeader(agent)).send(body);
    expect((await post({ senderType: 'customer', content: 'x'.repeat(10_000) })).status).toBe(201);
    for (const [body, fields] of [
      [{ senderType: 'customer', content: 'x'.repeat(10_001) }, ['content']],
      [{ senderType: 'customer', content: ' \n ' }, ['content']],
      [{ senderType: 'customer' }, ['content']],
      [{ senderType: 'robot', content: 'Hello' }, ['senderType']],
      [{ senderType: 'agent', content: 'Hello', senderName: 'Spoofed' }, ['senderName']],
    ] as const) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(paths(res.body)).toEqual(fields);
    }
    expect(await t.prisma.chatMessage.count({ where: { chatId: chat.id } })).toBe(1);
    expect((await t.prisma.chat.findUniqueOrThrow({ where: { id: chat.id } })).agentId).toBeNull();
  });

  it('refuses messages on a CLOSED chat with 409 chat_closed, and takes them again once reopened', async () => {
    const chat = await newChat();
    expect(
      (
        await t
          .http()
          .patch(`/api/chats/${chat.id}`)
          .set(authHeader(agent))
          .send({ status: 'CLOSED' })
      ).status,
    ).toBe(200);
    const res = await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(authHeader(agent))
      .send({ senderType: 'agent', content: 'Still there?' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('chat_closed');
    expect(await t.prisma.chatMessage.count({ where: { chatId: chat.id } })).toBe(0);
    expect((await t.prisma.chat.findUniqueOrThrow({ where: { id: chat.id } })).agentId).toBeNull();

    await t.http().patch(`/api/chats/${chat.id}`).set(authHeader(agent)).send({ status: 'OPEN' });
    const again = await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(authHeader(agent))
      .send({ senderType: 'agent', content: 'Back!' });
    expect(again.status).toBe(201);
  });

  it('lets only one of two agents answering at once take the chat', async () => {
    const chat = await newChat();
    const results = await Promise.all(
      [agent, agent2, agent, agent2].map((token) =>
        t
          .http()
          .post(`/api/chats/${chat.id}/messages`)
          .set(authHeader(token))
          .send({ senderType: 'agent', content: 'Hello, I am here.' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const messages = await t.prisma.chatMessage.findMany({ where: { chatId: chat.id } });
    const earliest = Math.min(...messages.map((m) => m.createdAt.getTime()));
    const firstSenders = messages
      .filter((m) => m.createdAt.getTime() === earliest)
      .map((m) => m.senderId);
    // Messages are written under the chat's row lock, so the earliest message's author took the
    // chat and the later ones did not take it over.
    const taken = (await t.prisma.chat.findUniqueOrThrow({ where: { id: chat.id } })).agentId;
    expect([agentId, agent2Id]).toContain(taken);
    expect(firstSenders).toContain(taken);
  });
});

describe('GET /api/chats', () => {
  it('pages through every chat of the organization, newest activity first, without repeats', async () => {
    const total = await t.prisma.chat.count({ where: { organizationId: acmeId } });
    expect(total).toBeGreaterThan(5);
    const seen: { id: string; updatedAt: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: {
        status: number;
        body: { data: { id: string; updatedAt: string }[]; nextCursor: string | null };
      } = await t
        .http()
        .get('/api/chats')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(authHeader(agent));
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      for (const chat of res.body.data) {
        expect(Object.keys(chat).sort()).toEqual([...CHAT_KEYS, 'lastMessage'].sort());
      }
      seen.push(...res.body.data);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((c) => c.id)).size).toBe(total);
    const times = seen.map((c) => Date.parse(c.updatedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("gives each chat's last message: who, when and a one-line excerpt, null without messages", async () => {
    const maya = await t.prisma.chat.findFirstOrThrow({
      where: { organizationId: acmeId, customerName: 'Maya Patel' },
    });
    const fresh = await newChat();
    const long = await newChat();
    const text = `First line\n\n   second   line ${'é'.repeat(300)}`;
    const posted = await t
      .http()
      .post(`/api/chats/${long.id}/messages`)
      .set(authHeader(agent2))
      .send({ senderType: 'customer', content: text });
    expect(posted.status).toBe(201);
    const res = await t.http().get('/api/chats?limit=100').set(authHeader(agent));
    expect(res.status).toBe(200);
    const byId = new Map(
      (res.body.data as { id: string; lastMessage: unknown }[]).map((c) => [c.id, c.lastMessage]),
    );
    expect(byId.get(maya.id)).toEqual({
      senderType: 'agent',
      senderName: 'Alex Agent',
      excerpt: 'I am looking at it.',
      createdAt: expect.any(String),
    });
    expect(byId.get(fresh.id)).toBeNull();
    const last = byId.get(long.id) as { senderName: string; excerpt: string; createdAt: string };
    expect(last.senderName).toBe(long.customerName);
    expect(last.excerpt).toHaveLength(160);
    expect(last.excerpt.startsWith('First line second line éé')).toBe(true);
    expect(last.excerpt.endsWith('…')).toBe(true);
    expect(last.createdAt).toBe(posted.body.createdAt);
    // Another organization's list never shows this organization's chats or messages.
    const other = await t.http().get('/api/chats?limit=100').set(authHeader(globexAgent));
    expect(other.body.data.map((c: { id: string }) => c.id)).not.toContain(long.id);
  });

  it('reads the last messages of a page in one statement, whatever the page size', async () => {
    // Every statement sent to PostgreSQL goes through a pg Client's query().
    const spy = vi.spyOn(pg.Client.prototype, 'query');
    const counted = async (limit: number) => {
      spy.mockClear();
      const res = await t.http().get(`/api/chats?limit=${limit}`).set(authHeader(agent));
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeGreaterThan(limit === 2 ? 1 : 2);
      return spy.mock.calls
        .map(([q]) => (typeof q === 'string' ? q : (q as { text?: string })?.text) ?? '')
        .filter((sql) => sql.includes('chat_messages')).length;
    };
    try {
      expect(await counted(2)).toBe(1);
      expect(await counted(50)).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('moves a chat to the top when it gets a message', async () => {
    const seeded = await t.prisma.chat.findFirstOrThrow({
      where: { organizationId: acmeId, customerName: 'Jonas Becker' },
    });
    await t
      .http()
      .post(`/api/chats/${seeded.id}/messages`)
      .set(authHeader(agent2))
      .send({ senderType: 'customer', content: 'Any news?' });
    const res = await t.http().get('/api/chats?limit=1').set(authHeader(agent));
    expect(res.body.data[0].id).toBe(seeded.id);
    expect(Date.parse(res.body.data[0].updatedAt)).toBeGreaterThan(seeded.updatedAt.getTime());
  });

  it('filters by status, escalation and agent', async () => {
    const closed = await newChat();
    await t
      .http()
      .patch(`/api/chats/${closed.id}`)
      .set(authHeader(agent))
      .send({ status: 'CLOSED', agentId: agentId });
    const escalated = await newChat(agent, { escalated: true });
    const list = async (query: Record<string, string>) => {
      const res = await t
        .http()
        .get('/api/chats')
        .query({ limit: '100', ...query })
        .set(authHeader(agent));
      expect(res.status).toBe(200);
      return res.body.data as {
        id: string;
        status: string;
        escalated: boolean;
        agentId: string | null;
      }[];
    };
    const closedOnes = await list({ status: 'CLOSED' });
    expect(closedOnes.map((c) => c.id)).toContain(closed.id);
    expect(closedOnes.every((c) => c.status === 'CLOSED')).toBe(true);
    const open = await list({ status: 'OPEN' });
    expect(open.map((c) => c.id)).not.toContain(closed.id);
    expect(open.every((c) => c.status === 'OPEN')).toBe(true);

    const esc = await list({ escalated: 'true' });
    expect(esc.map((c) => c.id)).toContain(escalated.id);
    expect(esc.every((c) => c.escalated)).toBe(true);
    const notEsc = await list({ escalated: 'false' });
    expect(notEsc.map((c) => c.id)).not.toContain(escalated.id);
    expect(notEsc.length).toBeGreaterThan(0);
    expect(notEsc.every((c) => !c.escalated)).toBe(true);

    const mine = await list({ agentId: 'me' });
    expect(mine.map((c) => c.id)).toContain(closed.id);
    expect(mine.every((c) => c.agentId === agentId)).toBe(true);
    expect((await list({ agentId: agentId })).map((c) => c.id)).toEqual(mine.map((c) => c.id));
    const none = await list({ agentId: 'none' });
    expect(none.map((c) => c.id)).toContain(escalated.id);
    expect(none.every((c) => c.agentId === null)).toBe(true);
    const both = await list({ status: 'CLOSED', agentId: 'none' });
    expect(both.map((c) => c.id)).not.toContain(closed.id);
  });

  it('names a bad filter, limit or cursor', async () => {
    for (const [query, field] of [
      ['status=PENDING', 'status'],
      ['escalated=maybe', 'escalated'],
      ['agentId=someone', 'agentId'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
    ] as const) {
      const res = await t.http().get(`/api/chats?${query}`).set(authHeader(agent));
      expect(res.status, query).toBe(400);
      expect(paths(res.body), query).toEqual([field]);
    }
  });
});

describe('PATCH /api/chats/:id', () => {
  it('closes, escalates, assigns and unassigns', async () => {
    const chat = await newChat();
    const patch = (body: Record<string, unknown>) =>
      t.http().patch(`/api/chats/${chat.id}`).set(authHeader(admin)).send(body);
    const assigned = await patch({ agentId: agent2Id, escalated: true });
    expect(assigned.status).toBe(200);
    expect(Object.keys(assigned.body).sort()).toEqual(CHAT_KEYS);
    expect(assigned.body).toMatchObject({ agentId: agent2Id, escalated: true, status: 'OPEN' });
    expect(Date.parse(assigned.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(chat.updatedAt));
    const closed = await patch({ status: 'CLOSED' });
    expect(closed.body).toMatchObject({ agentId: agent2Id, escalated: true, status: 'CLOSED' });
    const unassigned = await patch({ agentId: null, escalated: false });
    expect(unassigned.body).toMatchObject({ agentId: null, escalated: false, status: 'CLOSED' });
    expect(await t.prisma.chat.findUniqueOrThrow({ where: { id: chat.id } })).toMatchObject({
      agentId: null,
      escalated: false,
      status: 'CLOSED',
    });
  });

  it('assigns only active agents and admins of the organization, naming agentId otherwise', async () => {
    const chat = await newChat();
    const inactive = await createUser(t.prisma, {
      organizationId: acmeId,
      role: 'AGENT',
      isActive: false,
    });
    for (const id of [
      globexAgentId,
      customerId,
      inactive.id,
      '00000000-0000-4000-8000-000000000000',
    ]) {
      const res = await t
        .http()
        .patch(`/api/chats/${chat.id}`)
        .set(authHeader(agent))
        .send({ agentId: id, status: 'CLOSED' });
      expect(res.status).toBe(400);
      expect(paths(res.body)).toEqual(['agentId']);
    }
    // Nothing half-written: the status in the same request was not applied either.
    expect(await t.prisma.chat.findUniqueOrThrow({ where: { id: chat.id } })).toMatchObject({
      agentId: null,
      status: 'OPEN',
    });
  });

  it('refuses an empty body, unknown fields and bad values', async () => {
    const chat = await newChat();
    const patch = (body: Record<string, unknown>) =>
      t.http().patch(`/api/chats/${chat.id}`).set(authHeader(agent)).send(body);
    const empty = await patch({});
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('validation_failed');
    expect(empty.body.errors).toEqual([
      { path: 'body', message: 'give at least one of status, escalated, agentId' },
    ]);
    expect(paths(await patch({ status: 'ARCHIVED' }).then((r) => r.body))).toEqual(['status']);
    // An unknown field alone: refused by name, and the body still names no change.
    expect(paths(await patch({ customerEmail: 'x@example.com' }).then((r) => r.body))).toEqual([
      'body',
      'customerEmail',
    ]);
    expect(paths(await patch({ agentId: 'alex' }).then((r) => r.body))).toEqual(['agentId']);
    expect(paths(await patch({ escalated: 'true' }).then((r) => r.body))).toEqual(['escalated']);
  });
});

describe('OpenAPI', () => {
  it('documents every chat route', async () => {
    const res = await t.http().get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths['/api/chats']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(res.body.paths['/api/chats/{id}']).sort()).toEqual(['get', 'patch']);
    expect(Object.keys(res.body.paths['/api/chats/{id}/messages'])).toEqual(['post']);
    const list = res.body.paths['/api/chats'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'escalated', 'agentId', 'limit', 'cursor']),
    );
    for (const id of [
      'Chat',
      'ChatMessage',
      'ChatWithMessages',
      'CreateChatBody',
      'CreateChatMessageBody',
    ]) {
      expect(res.body.components.schemas, id).toHaveProperty(id);
    }
  });
});
