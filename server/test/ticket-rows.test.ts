/**
 * tickets/tickets.repository.ts loads ticket rows with one SQL statement instead of the ORM's query per
 * relation (measured by bench/, issue "Benchmark at a million tickets"). These tests hold it to
 * the ORM's answer: every ticket of an organization loaded both ways must be equal, relations
 * included (category, assignee, linked chats in order, followed-up ticket, the ticket's own
 * files but not deleted ones nor a response's), so a column or relation added to the model or
 * to `ticketInclude` without the loader following fails here — through the pg pool (outside a
 * transaction) and through $queryRaw (inside one) alike. The page loader must keep the order of
 * the page query, and `:id` values no ticket can have are a 404, not a 500.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolOf } from '../src/db/prisma.js';
import { Prisma } from '../src/generated/prisma/client.js';
import { ticketInclude } from '../src/modules/tickets/tickets.presenter.js';
import { loadTicketRow } from '../src/modules/tickets/ticket-access.js';
import { loadTicketPage, ticketPageSql } from '../src/modules/tickets/ticket-list.repository.js';
import { loadTicketRows } from '../src/modules/tickets/tickets.repository.js';
import { TicketListSchema, type ListTicketsQuery } from '../src/modules/tickets/tickets.schemas.js';
import { z } from 'zod';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../src/lib/domain.js';
import type { Principal } from '../src/lib/principal.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn } from './helpers/auth.js';
import {
  createCategory,
  createOrganizationWithUsers,
  createResponse,
  createTicket,
} from './helpers/factories.js';

let t: TestApp;
let orgId: string;
let agent: Principal;
let withEverything: string;
let agentEmail: string;
let customerEmail: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const { organization, users } = await createOrganizationWithUsers(t.prisma, {
    agent: { role: 'AGENT' },
    customer: { role: 'CUSTOMER' },
  });
  orgId = organization.id;
  const user = users.agent;
  agentEmail = user.email;
  customerEmail = users.customer.email;
  agent = {
    kind: 'user',
    id: user.id,
    organizationId: orgId,
    role: user.role,
    name: user.name,
    email: user.email,
  };
  // Tickets of every kind the rows map: each status and priority, with and without category,
  // assignee, requester account, tags; two with a category come first.
  const categories = await Promise.all(
    ['Invoice', 'Refund'].map((name) => createCategory(t.prisma, { organizationId: orgId, name })),
  );
  for (let i = 0; i < 16; i++)
    await createTicket(t.prisma, {
      organizationId: orgId,
      status: TICKET_STATUSES[i % TICKET_STATUSES.length]!,
      priority: TICKET_PRIORITIES[i % TICKET_PRIORITIES.length]!,
      categoryId: i < 2 || i % 3 === 0 ? categories[i % 2]!.id : null,
      assigneeId: i % 4 === 1 ? user.id : null,
      requesterId: i % 5 === 2 ? users.customer.id : null,
      tags: i % 2 === 0 ? ['billing', `tag-${i}`] : [],
      channel: i % 2 === 0 ? 'web' : 'email',
    });

  // One ticket with every relation: category, assignee, two linked chats (linked in an order
  // their ids do not follow), a followed-up ticket, and files of each kind.
  const [ticket, closed] = await t.prisma.ticket.findMany({
    where: { organizationId: orgId, categoryId: { not: null } },
    orderBy: { number: 'asc' },
    take: 2,
  });
  withEverything = ticket!.id;
  await t.prisma.ticket.update({
    where: { id: closed!.id },
    data: { status: 'CLOSED', closedAt: new Date() },
  });
  await t.prisma.ticket.update({
    where: { id: ticket!.id },
    data: { assigneeId: user.id, followUpOfId: closed!.id },
  });
  const chats = await Promise.all(
    ['zed@example.com', 'amy@example.com'].map((email) =>
      t.prisma.chat.create({
        data: { organizationId: orgId, customerName: email, customerEmail: email },
      }),
    ),
  );
  const sortedChats = [...chats].sort((a, b) => (a.id < b.id ? 1 : -1));
  for (const [i, chat] of sortedChats.entries()) {
    await t.prisma.ticketChat.create({
      data: { ticketId: ticket!.id, chatId: chat.id, createdAt: new Date(Date.now() + i * 1000) },
    });
  }
  const response = await createResponse(t.prisma, {
    ticketId: ticket!.id,
    authorId: user.id,
    content: 'See the attached photo.',
  });
  const file = (name: string, extra: Partial<Prisma.AttachmentUncheckedCreateInput> = {}) => ({
    organizationId: orgId,
    ticketId: ticket!.id,
    fileName: name,
    mimeType: 'image/png',
    sizeBytes: 1234,
    sha256: 'a'.repeat(64),
    storageKey: `test/${name}`,
    ...extra,
  });
  await t.prisma.attachment.createMany({
    data: [
      file('kept.png', { width: 10, height: 20, thumbnailKey: 'test/kept-thumb.png' }),
      file('second.png', { createdAt: new Date(Date.now() + 1000) }),
      file('deleted.png', { deletedAt: new Date() }),
      file('on-response.png', { responseId: response.id }),
    ],
  });
  // A deleted ticket: out of the scoped lookups, still loaded by id.
  const deleted = await t.prisma.ticket.findFirstOrThrow({
    where: { organizationId: orgId, id: { notIn: [ticket!.id, closed!.id] } },
  });
  await t.prisma.ticket.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });
});
afterAll(async () => t?.close());

describe('loadTicketRows', () => {
  it('gives exactly what the ORM gives with include: ticketInclude, for every ticket', async () => {
    const viaOrm = await t.prisma.ticket.findMany({
      where: { organizationId: orgId },
      include: ticketInclude,
      orderBy: { id: 'asc' },
    });
    const where = [Prisma.sql`t."organizationId" = ${orgId}::uuid`];
    // Outside a transaction the rows come through the pg pool, inside one through $queryRaw.
    const viaSql = await loadTicketRows(t.prisma, where);
    const viaTransaction = await t.prisma.$transaction((tx) => loadTicketRows(tx, where));
    for (const rows of [viaSql, viaTransaction]) rows.sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(viaOrm.length).toBeGreaterThan(10);
    expect(viaSql).toEqual(viaOrm);
    expect(viaTransaction).toEqual(viaOrm);

    const full = viaSql.find((row) => row.id === withEverything)!;
    expect(full.category).not.toBeNull();
    expect(full.assignee).not.toBeNull();
    expect(full.followUpOf).not.toBeNull();
    expect(full.chatLinks).toHaveLength(2);
    expect(full.attachments.map((a) => a.fileName)).toEqual(['kept.png', 'second.png']);
  });

  it('loads one ticket by id, deleted or not, and answers 404 for an unknown one', async () => {
    const deleted = await t.prisma.ticket.findFirstOrThrow({
      where: { organizationId: orgId, deletedAt: { not: null } },
      include: ticketInclude,
    });
    expect(await loadTicketRow(t.prisma, deleted.id)).toEqual(deleted);
    await expect(
      loadTicketRow(t.prisma, '00000000-0000-4000-8000-000000000000'),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('loadTicketPage', () => {
  const query = (overrides: Partial<ListTicketsQuery> = {}): ListTicketsQuery => ({
    limit: 7,
    sortBy: 'updatedAt',
    sortOrder: 'desc',
    ...overrides,
  });

  it('keeps the order of the page query, with its extra row', async () => {
    for (const q of [
      query(),
      query({ sortBy: 'priority', sortOrder: 'asc' }),
      query({ sortBy: 'number', limit: 3 }),
    ]) {
      const ids = await t.prisma.$queryRaw<{ id: string }[]>(ticketPageSql(agent, q));
      const rows = await loadTicketPage(t.prisma, agent, q);
      expect(rows.map((row) => row.id)).toEqual(ids.map((row) => row.id));
      expect(rows).toHaveLength(q.limit + 1);
      const inTransaction = await t.prisma.$transaction((tx) => loadTicketPage(tx, agent, q));
      expect(inTransaction).toEqual(rows);
    }
  });
});

describe('GET /api/tickets serialized without the encode pass (lib/presented-json.ts)', () => {
  it('answers exactly what the contract encodes, for staff and for a customer', async () => {
    for (const [email, least] of [
      [agentEmail, 10],
      [customerEmail, 2],
    ] as const) {
      const token = await signIn(t, email);
      const res = await t.http().get('/api/tickets?limit=100').set(authHeader(token));
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeGreaterThanOrEqual(least);
      // The contract's encode drops any key it does not know: the answer must have none.
      expect(res.body).toEqual(z.encode(TicketListSchema, res.body));
    }
  });
});

describe('GET /api/tickets/:id with a number no ticket can have', () => {
  it('answers 404, not a server error', async () => {
    const token = await signIn(t, agentEmail);
    for (const id of ['9999999999', 'TKT-9999999999', '0']) {
      const res = await t.http().get(`/api/tickets/${id}`).set(authHeader(token));
      expect(res.status).toBe(404);
    }
  });
});

describe('the search timeout', () => {
  // A table lock held elsewhere makes the search wait: PostgreSQL counts the wait against the
  // statement timeout, so the cancellation is certain without a slow query.
  async function withTicketsLocked<T>(work: () => Promise<T>): Promise<T> {
    const url = (poolOf(t.prisma) as pg.Pool).options.connectionString as string;
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    try {
      await locker.query('BEGIN; LOCK TABLE tickets IN ACCESS EXCLUSIVE MODE');
      return await work();
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  }

  it('cancels a page query that runs too long, and leaves the pooled connection as it was', async () => {
    await withTicketsLocked(async () => {
      await expect(
        loadTicketPage(t.prisma, agent, { ...query(), q: 'invoice' }, { statementTimeoutMs: 200 }),
      ).rejects.toMatchObject({ code: '57014' });
    });
    const pool = poolOf(t.prisma) as pg.Pool;
    const settings = await Promise.all(
      Array.from({ length: 4 }, () => pool.query('SHOW statement_timeout')),
    );
    expect(settings.map((r) => r.rows[0].statement_timeout)).toEqual(['0', '0', '0', '0']);
  });

  it('answers GET /api/tickets?q= with 503 search_timeout and Retry-After, not a stuck request', async () => {
    const token = await signIn(t, agentEmail);
    const res = await withTicketsLocked(() =>
      t.http().get('/api/tickets?q=invoice').set(authHeader(token)),
    );
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('search_timeout');
    expect(res.headers['retry-after']).toBe('1');
  });
});

function query(overrides: Partial<ListTicketsQuery> = {}): ListTicketsQuery {
  return { limit: 7, sortBy: 'updatedAt', sortOrder: 'desc', ...overrides };
}
