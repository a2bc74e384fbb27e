/**
 * Data-subject requests and retention (docs/product.md "Data-subject requests"), against the real
 * app and database: a rich footprint of Bob Smith <bob@example.test> made through the normal flows
 * (tickets, public replies, an internal note naming him, an attachment, a rating, a chat, a CC on
 * someone else's ticket by mail, a mail from him, an Idempotency-Key request, email notifications,
 * events and webhook deliveries, sign-ins in the audit log); then the export (his public data,
 * nothing internal) and the erasure, checked by a scan of every text-like column of every table
 * of the database; and the retention job.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention } from '../src/modules/data-subjects/index.js';
import { createAttachmentStore } from '../src/modules/attachments/attachment-store.js';
import { createAttachmentsService } from '../src/modules/attachments/attachments.service.js';
import type { TestApp } from './helpers/app.js';
import { authHeader, signIn, TEST_PASSWORD } from './helpers/auth.js';
import { createOrganizationWithUsers, createChat, createTicket } from './helpers/factories.js';
import { startS3TestApp, type S3TestApp } from './helpers/s3.js';
import { sampleImage } from './helpers/sample-files.js';
import {
  createWebhookTestApp,
  startReceiver,
  type Receiver,
  type WebhookTestApp,
} from './helpers/webhooks.js';

/** The User-Agent of Bob's browser: his, so erased with him. */
const BOB_BROWSER = 'BobBrowser/1.0 (Bob Smith)';
const BOB_EMAIL = 'bob@example.test';
const BOB_NAME = 'Bob Smith';
const NOTE = 'INTERNAL-NOTE-5c1d: Bob Smith called, refund quietly';
const PUBLIC_REPLY = 'We have refunded order B-2, thanks for your patience.';

let t: WebhookTestApp;
let folder: string;
let receiver: Receiver;
let organizationId: string;
let admin: string;
let agent: string;
let bob: string;
let bobId: string;
const bobTickets: { id: string; reference: string }[] = [];
let carolTicketId: string;
let attachmentKey: string;

/** The entries of a ZIP: name → bytes. */
function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** A text-like column of the public schema. */
interface Column {
  table: string;
  column: string;
}

/** Every text, varchar, char, json, jsonb, tsvector (and text array) column of the public schema. */
async function textColumns(): Promise<Column[]> {
  return t.prisma.$queryRaw<Column[]>`
    SELECT c.table_name AS "table", c.column_name AS "column"
    FROM information_schema.columns c
    JOIN information_schema.tables tb
      ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
    WHERE c.table_schema = 'public'
      AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'tsvector')
           OR (c.data_type = 'ARRAY' AND c.udt_name IN ('_text', '_varchar')))
    ORDER BY 1, 2`;
}

/** Rows per (table, column) whose value, as text, contains `needle` (any case). */
async function scan(needles: string[]): Promise<{
  tables: number;
  columns: number;
  hits: { table: string; column: string; needle: string; rows: number }[];
}> {
  const columns = await textColumns();
  const hits = [];
  for (const { table, column } of columns) {
    for (const needle of needles) {
      const rows = await t.prisma.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM "${table}" WHERE position(lower($1) IN lower("${column}"::text)) > 0`,
        needle,
      );
      const n = Number(rows[0]!.n);
      if (n > 0) hits.push({ table, column, needle, rows: n });
    }
  }
  return { tables: new Set(columns.map((c) => c.table)).size, columns: columns.length, hits };
}

/** Raw mail to the mailbox through the inbound endpoint. */
let basic: string;
const deliver = (mail: string) =>
  t
    .http()
    .post('/api/inbound/email')
    .set('Authorization', basic)
    .set('Content-Type', 'message/rfc822')
    .send(Buffer.from(mail.replace(/\n/g, '\r\n')));

async function settle() {
  await t.app.events.drain();
  await t.app.notifications.drain();
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'docket-dsr-'));
  receiver = await startReceiver();
  t = await createWebhookTestApp({
    seed: false,
    env: { DATA_DIR: folder, ATTACHMENT_CLEANUP_INTERVAL_MINUTES: '0' },
  });
  const { organization, users } = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN', name: 'Ada Admin' },
    agent: { role: 'AGENT', name: 'Alex Agent' },
    carol: { role: 'CUSTOMER', name: 'Carol Client', email: 'carol@example.test' },
  });
  organizationId = organization.id;
  admin = await signIn(t, users.admin);
  agent = await signIn(t, users.agent);
  // A webhook endpoint: every event becomes a delivery whose payload names the requester.
  const hook = await t
    .http()
    .post('/api/webhooks')
    .set(authHeader(admin))
    .send({
      url: receiver.url,
      eventTypes: ['ticket.created', 'ticket.updated', 'ticket.response_added'],
    });
  expect(hook.status, hook.text).toBe(201);
  receiver.secrets = [hook.body.secret];
  // Bob's account, made by the admin (an audit entry with his name and email), a failed and a
  // good sign-in (entries with his email, his address and User-Agent).
  const created = await t
    .http()
    .post('/api/users')
    .set(authHeader(admin))
    .send({ email: BOB_EMAIL, name: BOB_NAME, role: 'CUSTOMER', password: TEST_PASSWORD });
  expect(created.status, created.text).toBe(201);
  bobId = created.body.id;
  expect(
    (
      await t
        .http()
        .post('/api/auth/login')
        .set('User-Agent', BOB_BROWSER)
        .send({ email: BOB_EMAIL, password: 'wrong-password-1' })
    ).status,
  ).toBe(401);
  bob = await signIn(t, BOB_EMAIL);
  // Ratings on.
  const csat = await t
    .http()
    .patch('/api/satisfaction/settings')
    .set(authHeader(admin))
    .send({ enabled: true, scale: 'five_point' });
  expect(csat.status, csat.text).toBe(200);
  // Two tickets of his, one made with an Idempotency-Key.
  for (const [i, key] of [
    [1, 'bob-create-1'],
    [2, null],
  ] as const) {
    let req = t.http().post('/api/tickets').set(authHeader(bob));
    if (key) req = req.set('Idempotency-Key', key);
    const res = await req.send({
      subject: `Refund for order B-${i}`,
      description: `Hello, this is ${BOB_NAME} (${BOB_EMAIL}); order B-${i} was charged twice.`,
    });
    expect(res.status, res.text).toBe(201);
    bobTickets.push(res.body);
  }
  const [first, second] = bobTickets as [{ id: string; reference: string }, { id: string }];
  // An attachment of his on the first ticket.
  const upload = await t
    .http()
    .post(`/api/tickets/${first.id}/attachments`)
    .set(authHeader(bob))
    .attach('files', await sampleImage('png'), 'bob-smith-receipt.png');
  expect(upload.status, upload.text).toBe(201);
  const row = await t.prisma.attachment.findFirstOrThrow({ where: { ticketId: first.id } });
  attachmentKey = row.storageKey;
  // Staff: an internal note naming him, a public reply, then resolution and his rating.
  for (const body of [
    { content: NOTE, isInternal: true },
    { content: `Hi ${BOB_NAME}, ${PUBLIC_REPLY}` },
  ]) {
    const res = await t
      .http()
      .post(`/api/tickets/${first.id}/responses`)
      .set(authHeader(agent))
      .send(body);
    expect(res.status, res.text).toBe(201);
  }
  const reply = await t
    .http()
    .post(`/api/tickets/${second.id}/responses`)
    .set(authHeader(bob))
    .send({ content: `Any news? Regards, ${BOB_NAME}` });
  expect(reply.status, reply.text).toBe(201);
  const resolved = await t
    .http()
    .patch(`/api/tickets/${first.id}`)
    .set(authHeader(agent))
    .send({ status: 'RESOLVED' });
  expect(resolved.status, resolved.text).toBe(200);
  const rated = await t
    .http()
    .put(`/api/tickets/${first.id}/satisfaction`)
    .set(authHeader(bob))
    .send({ score: 4, comment: `Quick help, ${BOB_NAME} is happy` });
  expect(rated.status, rated.text).toBe(200);
  // A chat of his.
  await createChat(t.prisma, {
    organizationId,
    customerName: BOB_NAME,
    customerEmail: BOB_EMAIL,
    messages: [
      { senderType: 'customer', senderName: BOB_NAME, content: `Hi, ${BOB_NAME} here about B-1` },
      { senderType: 'agent', senderName: 'Alex Agent', content: 'Let me check.' },
    ],
  });
  // Mail: a mailbox; Carol writes with Bob in Cc (a CC on her ticket); Bob writes a new mail.
  const box = await t
    .http()
    .post('/api/mailboxes')
    .set(authHeader(admin))
    .send({ address: 'help@acme-dsr.test', displayName: 'Help' });
  expect(box.status, box.text).toBe(201);
  basic = `Basic ${Buffer.from(`${box.body.id}:${box.body.inboundSecret}`).toString('base64')}`;
  const carolMail = await deliver(
    `From: Carol Client <carol@example.test>\nTo: help@acme-dsr.test\nCc: ${BOB_NAME} <${BOB_EMAIL}>\nSubject: Shared account question\nMessage-ID: <carol-1@mail.test>\n\nHello, my colleague is in copy.\n`,
  );
  expect(carolMail.status, carolMail.text).toBe(202);
  carolTicketId = carolMail.body.ticketId;
  const bobMail = await deliver(
    `From: ${BOB_NAME} <${BOB_EMAIL}>\nTo: help@acme-dsr.test\nSubject: Another question from ${BOB_NAME}\nMessage-ID: <m-77@mail.test>\n\nHello, it is ${BOB_NAME} again.\n`,
  );
  expect(bobMail.status, bobMail.text).toBe(202);
  // An unrelated ticket, closed, for the statistics.
  await createTicket(t.prisma, { organizationId, subject: 'Unrelated ticket', status: 'CLOSED' });
  await settle();
});

afterAll(async () => {
  await t?.close();
  await receiver?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('data-subject export', () => {
  it('400 without a valid email, 404 for nobody, 403 for an agent', async () => {
    const bad = await t
      .http()
      .post('/api/data-subjects/export')
      .set(authHeader(admin))
      .send({ email: 'x'.repeat(300) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('email');
    const nobody = await t
      .http()
      .post('/api/data-subjects/export')
      .set(authHeader(admin))
      .send({ email: 'nobody@example.test' });
    expect(nobody.status).toBe(404);
    expect(nobody.headers['content-type']).toMatch(/^application\/problem\+json/);
    const asAgent = await t
      .http()
      .post('/api/data-subjects/export')
      .set(authHeader(agent))
      .send({ email: BOB_EMAIL });
    expect(asAgent.status).toBe(403);
  });

  it('a ZIP of his public data and files, without anything internal, and an audit entry', async () => {
    const res = await t
      .http()
      .post('/api/data-subjects/export')
      .set(authHeader(admin))
      .send({ email: 'BOB@example.test' })
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="personal-data-.+\.zip"$/,
    );
    const entries = await unzip(res.body as Buffer);
    const json = entries.get('data.json')!.toString('utf8');
    const data = JSON.parse(json);
    expect(data.person).toMatchObject({ id: bobId, name: BOB_NAME, email: BOB_EMAIL });
    const requested = data.tickets.filter((x: { relation: string }) => x.relation === 'requester');
    const cc = data.tickets.filter((x: { relation: string }) => x.relation === 'cc');
    expect(requested.map((x: { reference: string }) => x.reference)).toEqual(
      expect.arrayContaining(bobTickets.map((b) => b.reference)),
    );
    expect(requested).toHaveLength(3); // two by the portal, one by mail
    expect(cc).toHaveLength(1);
    expect(json).toContain(PUBLIC_REPLY);
    expect(json).toContain('Any news?');
    expect(json).not.toContain('INTERNAL-NOTE');
    expect(json).not.toContain('refund quietly');
    // Staff replies are signed "Support team", never by name.
    const authors = requested.flatMap(
      (x: { timeline: { type: string; author?: { name: string } }[] }) =>
        x.timeline.filter((i) => i.type === 'reply').map((i) => i.author!.name),
    );
    expect(authors).toContain('Support team');
    expect(authors).not.toContain('Alex Agent');
    expect(json).not.toContain('isInternal');
    const first = requested.find(
      (x: { reference: string }) => x.reference === bobTickets[0]!.reference,
    );
    expect(first.satisfaction).toMatchObject({ score: 4 });
    expect(first.attachments).toEqual([
      expect.objectContaining({
        fileName: 'bob-smith-receipt.png',
        file: `attachments/${bobTickets[0]!.reference}/bob-smith-receipt.png`,
      }),
    ]);
    const png = entries.get(`attachments/${bobTickets[0]!.reference}/bob-smith-receipt.png`);
    expect(png?.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(data.chats).toHaveLength(1);
    expect(data.chats[0].messages.map((m: { content: string }) => m.content)).toContain(
      'Let me check.',
    );
    const audit = await t.prisma.organizationActivity.findFirstOrThrow({
      where: { organizationId, type: 'data_subject.exported' },
    });
    expect(audit.data).toMatchObject({
      userId: bobId,
      counts: { tickets: 4, chats: 1, attachments: 1 },
    });
    expect(JSON.stringify(audit.data)).not.toContain(BOB_EMAIL);
  });
});

describe('data-subject erasure', () => {
  it('400 without confirm, 409 for oneself', async () => {
    const noConfirm = await t
      .http()
      .post('/api/data-subjects/erase')
      .set(authHeader(admin))
      .send({ email: BOB_EMAIL });
    expect(noConfirm.status).toBe(400);
    expect(noConfirm.body.errors[0].path).toBe('confirm');
    const adminRow = await t.prisma.user.findFirstOrThrow({
      where: { organizationId, role: 'ADMIN' },
    });
    const self = await t
      .http()
      .post('/api/data-subjects/erase')
      .set(authHeader(admin))
      .send({ email: adminRow.email, confirm: true });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('cannot_erase_self');
  });

  it('leaves no trace of his name or email in any column of any table, and keeps the statistics', async () => {
    const needles = [BOB_EMAIL, BOB_NAME];
    const before = await scan(needles);
    const rowsBefore = before.hits.reduce((n, h) => n + h.rows, 0);
    console.info(
      `scan before erasure: ${before.tables} tables, ${before.columns} columns, ${rowsBefore} matching rows in`,
      before.hits.map((h) => `${h.table}.${h.column} (${h.needle}): ${h.rows}`).join('; '),
    );
    // The fixture really spreads him around.
    const where = new Set(before.hits.map((h) => h.table));
    for (const table of [
      'users',
      'tickets',
      'ticket_responses',
      'chats',
      'chat_messages',
      'email_notifications',
      'outbox_messages',
      'webhook_deliveries',
      'idempotency_records',
      'inbound_emails',
      'ticket_ccs',
      'organization_activity',
    ])
      expect(where, table).toContain(table);
    const window = {
      from: new Date(Date.now() - 30 * 24 * 3600_000).toISOString(),
      to: new Date(Date.now() + 3600_000).toISOString(),
    };
    const stats = await t.http().get('/api/tickets/stats').query(window).set(authHeader(admin));
    expect(stats.status).toBe(200);
    const count = await t.prisma.ticket.count({ where: { organizationId } });
    expect(existsSync(path.join(folder, 'attachments', ...attachmentKey.split('/')))).toBe(true);

    const res = await t
      .http()
      .post('/api/data-subjects/erase')
      .set(authHeader(admin))
      .send({ email: BOB_EMAIL, confirm: true });
    expect(res.status, res.text).toBe(200);
    expect(res.body.userId).toBe(bobId);
    expect(res.body.pseudonym).toEqual({
      name: `Erased person ${bobId.slice(0, 4)}`,
      email: `erased-${bobId}@erased.invalid`,
    });
    expect(res.body.counts).toMatchObject({ attachments: 1, chats: 1, ticketCcs: 1 });
    expect(res.body.counts.storedFilesRemoved).toBeGreaterThanOrEqual(1);
    expect(res.body.counts.idempotencyRecords).toBeGreaterThanOrEqual(1);
    expect(res.body.counts.auditEntriesRewritten).toBeGreaterThanOrEqual(3);

    const after = await scan(needles);
    console.info(
      `scan after erasure: ${after.tables} tables, ${after.columns} columns, ${after.hits.reduce((n, h) => n + h.rows, 0)} matching rows`,
      after.hits,
    );
    expect(after.tables).toBe(before.tables);
    expect(after.hits).toEqual([]);
    // No "bob" lexeme left in his tickets' search vectors.
    const lexemes = await t.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "tickets"
      WHERE "requesterEmail" = ${res.body.pseudonym.email}
        AND (position('''bob' IN "searchVector"::text) > 0 OR position('''bob' IN "staffSearchVector"::text) > 0
             OR position('''smith' IN "staffSearchVector"::text) > 0)`;
    expect(Number(lexemes[0]!.n)).toBe(0);
    const erasedTickets = await t.prisma.ticket.count({
      where: { requesterEmail: res.body.pseudonym.email },
    });
    expect(erasedTickets).toBe(3);
    // The internal note's words stay, with the name replaced.
    const note = await t.prisma.ticketResponse.findFirstOrThrow({
      where: { isInternal: true, ticketId: bobTickets[0]!.id },
    });
    expect(note.content).toBe(
      `INTERNAL-NOTE-5c1d: Erased person ${bobId.slice(0, 4)} called, refund quietly`,
    );
    // Files gone from the store; skeletons and statistics kept.
    expect(existsSync(path.join(folder, 'attachments', ...attachmentKey.split('/')))).toBe(false);
    expect(await t.prisma.ticket.count({ where: { organizationId } })).toBe(count);
    const statsAfter = await t
      .http()
      .get('/api/tickets/stats')
      .query(window)
      .set(authHeader(admin));
    expect(statsAfter.body).toEqual(stats.body);
    // His account: pseudonymised, off, sessions and sign-in gone.
    const user = await t.prisma.user.findUniqueOrThrow({ where: { id: bobId } });
    expect(user).toMatchObject({
      isActive: false,
      passwordHash: null,
      name: res.body.pseudonym.name,
    });
    expect(user.erasedAt).not.toBeNull();
    expect(await t.prisma.userSession.count({ where: { userId: bobId } })).toBe(0);
    expect(
      (await t.http().post('/api/auth/login').send({ email: BOB_EMAIL, password: TEST_PASSWORD }))
        .status,
    ).toBe(401);
    // His failed sign-in stays in the log, without his browser's User-Agent or address.
    const failed = await t.prisma.organizationActivity.findMany({
      where: { type: 'auth.sign_in_failed', organizationId: user.organizationId },
    });
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.filter((e) => e.userAgent === BOB_BROWSER || e.ip !== null)).toEqual([]);
    // The audit chain verifies, with the erasure entry and its counts.
    const verify = await t.http().get('/api/organization/activity/verify').set(authHeader(admin));
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ valid: true, firstInvalid: null });
    const entry = await t.prisma.organizationActivity.findFirstOrThrow({
      where: { organizationId, type: 'data_subject.erased' },
    });
    expect(entry.data).toMatchObject({
      userId: bobId,
      counts: { tickets: res.body.counts.tickets },
    });
    // Nobody of that email any more.
    const again = await t
      .http()
      .post('/api/data-subjects/erase')
      .set(authHeader(admin))
      .send({ email: BOB_EMAIL, confirm: true });
    expect(again.status).toBe(404);
    // Carol's ticket is hers still.
    const carol = await t.prisma.ticket.findUniqueOrThrow({ where: { id: carolTicketId } });
    expect(carol.requesterEmail).toBe('carol@example.test');
  });
});

describe('retention', () => {
  it('erases or deletes old CLOSED tickets only, once a day, with an audit entry', async () => {
    const old = new Date(Date.now() - 400 * 24 * 3600_000);
    const oldClosed = await createTicket(t.prisma, {
      organizationId,
      subject: 'Old closed ticket',
      requesterName: 'Olga Old',
      requesterEmail: 'olga@example.test',
      status: 'CLOSED',
      closedAt: old,
      createdAt: old,
    });
    await t.prisma.ticketResponse.create({
      data: {
        organizationId,
        ticketId: oldClosed.id,
        content: 'Thanks, Olga Old here (olga@example.test)',
        authorType: 'CUSTOMER',
        // As a portal reply: no author email, the name only.
        authorName: 'Olga Old',
      },
    });
    const recentClosed = await createTicket(t.prisma, {
      organizationId,
      requesterName: 'Olga Old',
      requesterEmail: 'olga@example.test',
      status: 'CLOSED',
      closedAt: new Date(),
    });
    const oldOpen = await createTicket(t.prisma, {
      organizationId,
      requesterName: 'Olga Old',
      requesterEmail: 'olga@example.test',
      status: 'OPEN',
      createdAt: old,
    });
    const bad = await t
      .http()
      .put('/api/data-subjects/retention')
      .set(authHeader(admin))
      .send({ closedTicketsMonths: 0, action: 'erase' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('closedTicketsMonths');
    const set = await t
      .http()
      .put('/api/data-subjects/retention')
      .set(authHeader(admin))
      .send({ closedTicketsMonths: 12, action: 'erase' });
    expect(set.status, set.text).toBe(200);
    expect(set.body).toEqual({ closedTicketsMonths: 12, action: 'erase', lastRunAt: null });

    const store = await createAttachmentStore(t.config.attachments);
    const attachments = createAttachmentsService({ prisma: t.prisma, config: t.config, store });
    const deps = {
      prisma: t.prisma,
      removeKeys: (k: readonly string[]) => attachments.removeUnreferencedKeys(k),
    };
    const runs = await runRetention(deps);
    const mine = runs.find((r) => r.organizationId === organizationId);
    expect(mine).toMatchObject({ action: 'erase', tickets: 1 });
    const erased = await t.prisma.ticket.findUniqueOrThrow({ where: { id: oldClosed.id } });
    expect(erased.requesterEmail).toBe(`erased-${oldClosed.id}@erased.invalid`);
    expect(erased.status).toBe('CLOSED');
    const response = await t.prisma.ticketResponse.findFirstOrThrow({
      where: { ticketId: oldClosed.id },
    });
    expect(response.content).not.toContain('Olga Old');
    expect(response.content).not.toContain('olga@example.test');
    expect(response.authorName).toBe(`Erased requester ${oldClosed.id.slice(0, 4)}`);
    for (const id of [recentClosed.id, oldOpen.id]) {
      expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).requesterEmail).toBe(
        'olga@example.test',
      );
    }
    // Once a day: a second pass now does nothing.
    expect(
      (await runRetention(deps)).find((r) => r.organizationId === organizationId),
    ).toBeUndefined();
    const entries = await t.prisma.organizationActivity.findMany({
      where: { organizationId, type: 'retention.ran' },
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.data).toMatchObject({ action: 'erase', tickets: 1 });

    // Delete, the next day.
    const put = await t
      .http()
      .put('/api/data-subjects/retention')
      .set(authHeader(admin))
      .send({ closedTicketsMonths: 12, action: 'delete' });
    expect(put.status).toBe(200);
    const tomorrow = new Date(Date.now() + 25 * 3600_000);
    const deleted = await runRetention(deps, { now: tomorrow });
    expect(deleted.find((r) => r.organizationId === organizationId)).toMatchObject({
      action: 'delete',
      tickets: 1,
    });
    expect(await t.prisma.ticket.findUnique({ where: { id: oldClosed.id } })).toBeNull();
    expect(await t.prisma.ticket.findUnique({ where: { id: recentClosed.id } })).not.toBeNull();
    expect(await t.prisma.ticket.findUnique({ where: { id: oldOpen.id } })).not.toBeNull();
    const state = await t.http().get('/api/data-subjects/retention').set(authHeader(admin));
    expect(state.body).toMatchObject({ closedTicketsMonths: 12, action: 'delete' });
    expect(state.body.lastRunAt).toBe(tomorrow.toISOString());
    const verify = await t.http().get('/api/organization/activity/verify').set(authHeader(admin));
    expect(verify.body.valid).toBe(true);
  });
});

describe('erasure with the S3 attachment store', () => {
  let s3: S3TestApp;
  let s3App: TestApp;

  beforeAll(async () => {
    s3 = await startS3TestApp('docket-dsr');
    s3App = s3.t;
  });
  afterAll(async () => {
    await s3?.close();
  });

  const objectKeys = () => s3.keys();

  it('removes the person’s objects from the bucket after the commit', async () => {
    const { users } = await createOrganizationWithUsers(s3App.prisma, {
      admin: { role: 'ADMIN' },
      dana: { role: 'CUSTOMER', name: 'Dana Doe', email: 'dana@example.test' },
    });
    const dana = await signIn(s3App, users.dana);
    const ticket = await s3App.http().post('/api/tickets').set(authHeader(dana)).send({
      subject: 'Photo of the damage',
      description: 'The parcel arrived broken, see photo.',
    });
    expect(ticket.status, ticket.text).toBe(201);
    const upload = await s3App
      .http()
      .post(`/api/tickets/${ticket.body.id}/attachments`)
      .set(authHeader(dana))
      .attach('files', await sampleImage('jpeg', 80, 60), 'damage.jpg');
    expect(upload.status, upload.text).toBe(201);
    const stored = await objectKeys();
    expect(stored.length).toBeGreaterThanOrEqual(1);
    const admin = await signIn(s3App, users.admin);
    const res = await s3App
      .http()
      .post('/api/data-subjects/erase')
      .set(authHeader(admin))
      .send({ email: 'dana@example.test', confirm: true });
    expect(res.status, res.text).toBe(200);
    expect(res.body.counts.attachments).toBe(1);
    expect(res.body.counts.storedFilesRemoved).toBe(stored.length);
    expect(await objectKeys()).toEqual([]);
  });
});
