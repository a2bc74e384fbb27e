// Inbound email through POST /api/inbound/email (docs/product.md "Inbound email"): mailboxes,
// new tickets, threading (headers, reply address, subject tag for participants only), loop and
// duplicate safety, follow-ups of CLOSED tickets, files, the inbound log and its access rules.
// Messages are built with nodemailer's MailComposer, a MIME writer independent of the parser.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplyAddresses } from '../src/modules/mailboxes/index.js';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import {
  createAdminAndAgentKeys,
  createOrganizationWithUsers,
  createTicket,
} from './helpers/factories.js';
import { sampleExe, sampleImage } from './helpers/sample-files.js';

let t: TestApp;
let admin: string;
let agent: string;
let customer: string;
let globexAdmin: string;
let adminKey: string;
let agentKey: string;
let acmeId: string;
let mailbox: { id: string; address: string; inboundSecret: string };
let customerEmail: string;

const MAX_MB = 1;

beforeAll(async () => {
  t = await createTestApp({
    seed: false,
    config: testConfig({ INBOUND_MAX_MESSAGE_MB: String(MAX_MB), INBOUND_MAX_PER_SENDER: '8' }),
  });
  const acme = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT' },
    customer: { role: 'CUSTOMER' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { admin: { role: 'ADMIN' } });
  ({ admin, agent, customer } = await signInAll(t, acme.users));
  ({ admin: globexAdmin } = await signInAll(t, globex.users));
  acmeId = acme.organization.id;
  customerEmail = acme.users.customer.email;
  ({ adminKey, agentKey } = await createAdminAndAgentKeys(t.prisma, acmeId, acme.users.admin.id));
  const res = await t
    .http()
    .post('/api/mailboxes')
    .set(authHeader(admin))
    .send({ address: `Support-${acmeId.slice(0, 8)}@Acme.test`, displayName: 'Acme support' });
  expect(res.status, res.text).toBe(201);
  mailbox = res.body;
});
afterAll(async () => t?.close());

let n = 0;
/** A raw message; `messageId` defaults to a fresh one. */
async function message(options: Mail.Options): Promise<Buffer> {
  n++;
  return new MailComposer({
    to: mailbox.address,
    subject: `Printer on fire ${n}`,
    text: `Hello,\nthe printer in room ${n} is on fire.\nRegards`,
    messageId: `<m${n}-${Date.now()}@client.example>`,
    date: new Date(),
    ...options,
  })
    .compile()
    .build();
}

function basic(id = mailbox.id, secret = mailbox.inboundSecret) {
  return { Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` };
}

async function deliver(raw: Buffer, auth: Record<string, string> = basic()) {
  return t
    .http()
    .post('/api/inbound/email')
    .set(auth)
    .set('Content-Type', 'message/rfc822')
    .send(raw);
}

async function deliverOk(raw: Buffer) {
  const res = await deliver(raw);
  expect(res.status, res.text).toBe(202);
  return res.body as {
    id: string;
    outcome: string;
    cause: string | null;
    ticketId: string | null;
    reference: string | null;
    responseId: string | null;
    followUpOf: string | null;
    skippedFiles: { fileName: string; reason: string }[];
  };
}

async function responsesOf(ticketId: string) {
  const res = await t.http().get(`/api/tickets/${ticketId}/responses`).set(authHeader(agent));
  expect(res.status).toBe(200);
  return res.body.data as {
    id: string;
    content: string;
    authorType: string;
    author: { name: string; email?: string };
    attachments: { fileName: string }[];
    email?: { messageId: string | null; inboundEmailId: string };
  }[];
}

describe('mailboxes', () => {
  it('are admin-only, lower-case the address, show the secret once and never the password', async () => {
    expect(mailbox.address).toBe(`support-${acmeId.slice(0, 8)}@acme.test`);
    expect(mailbox.inboundSecret).toMatch(/^dkin_/);
    const list = await t.http().get('/api/mailboxes').set(authHeader(admin));
    expect(list.status).toBe(200);
    expect(list.body.data.map((m: { id: string }) => m.id)).toContain(mailbox.id);
    expect(JSON.stringify(list.body)).not.toContain(mailbox.inboundSecret);
    for (const token of [agent, customer]) {
      expect((await t.http().get('/api/mailboxes').set(authHeader(token))).status).toBe(403);
    }
    const other = await t.http().get(`/api/mailboxes/${mailbox.id}`).set(authHeader(globexAdmin));
    expect(other.status).toBe(404);
    const taken = await t
      .http()
      .post('/api/mailboxes')
      .set(authHeader(globexAdmin))
      .send({ address: mailbox.address, displayName: 'Mine' });
    expect(taken.status).toBe(409);
    const withImap = await t
      .http()
      .post('/api/mailboxes')
      .set(authHeader(admin))
      .send({
        address: `imap-${acmeId.slice(0, 8)}@acme.test`,
        displayName: 'IMAP',
        imap: { host: 'imap.acme.test', user: 'support', password: 'hunter2-secret' },
      });
    expect(withImap.status, withImap.text).toBe(201);
    expect(withImap.body.imap).toMatchObject({ host: 'imap.acme.test', hasPassword: true });
    expect(JSON.stringify(withImap.body)).not.toContain('hunter2-secret');
    const stored = await t.prisma.mailbox.findUniqueOrThrow({ where: { id: withImap.body.id } });
    expect(stored.imapPasswordSealed).not.toContain('hunter2');
  });

  it('refuses a bad address with the field at fault', async () => {
    const res = await t
      .http()
      .post('/api/mailboxes')
      .set(authHeader(admin))
      .send({ address: 'not-an-address', displayName: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('address');
  });
});

describe('POST /api/inbound/email', () => {
  let first: Awaited<ReturnType<typeof deliverOk>>;
  let firstMessageId: string;

  it('makes a ticket from a stranger’s mail, channel email, the sender as guest requester', async () => {
    firstMessageId = `<first-${Date.now()}@client.example>`;
    first = await deliverOk(
      await message({
        from: '"Grace Guest" <Grace.Guest@example.net>',
        subject: 'Cannot log in since Monday',
        messageId: firstMessageId,
      }),
    );
    expect(first).toMatchObject({ outcome: 'ticket_created', cause: null, responseId: null });
    expect(first.reference).toMatch(/^TKT-\d{5}$/);
    const ticket = await t.http().get(`/api/tickets/${first.ticketId}`).set(authHeader(agent));
    expect(ticket.body).toMatchObject({
      subject: 'Cannot log in since Monday',
      channel: 'email',
      requester: { name: 'Grace Guest', email: 'grace.guest@example.net' },
    });
    expect(ticket.body.description).toContain('is on fire');
  });

  it('answers duplicate for the same message again, even in parallel, and makes one ticket', async () => {
    const again = await deliverOk(
      await message({ from: 'grace.guest@example.net', messageId: firstMessageId }),
    );
    expect(again).toMatchObject({ outcome: 'duplicate', id: first.id, ticketId: first.ticketId });
    const raw = await message({ from: 'racer@example.net', subject: 'Two at once please' });
    const both = await Promise.all([deliver(raw), deliver(raw)]);
    const outcomes = both.map((r) => r.body.outcome).sort();
    expect(outcomes).toEqual(['duplicate', 'ticket_created']);
    expect(new Set(both.map((r) => r.body.ticketId)).size).toBe(1);
    const tickets = await t.prisma.ticket.count({
      where: { organizationId: acmeId, requesterEmail: 'racer@example.net' },
    });
    expect(tickets).toBe(1);
  });

  it('threads a reply by In-Reply-To and keeps only the new text', async () => {
    const reply = await deliverOk(
      await message({
        from: 'grace.guest@example.net',
        subject: 'Re: Cannot log in since Monday',
        inReplyTo: firstMessageId,
        references: [firstMessageId],
        text: 'It works again, thank you!\n\nOn Mon, 1 Dec 2026 at 10:00, Acme support <support@acme.test> wrote:\n> Hello,\n> the printer is on fire.\n',
      }),
    );
    expect(reply).toMatchObject({ outcome: 'response_added', ticketId: first.ticketId });
    const responses = await responsesOf(first.ticketId!);
    const mine = responses.find((r) => r.id === reply.responseId)!;
    expect(mine.authorType).toBe('EMAIL');
    expect(mine.content).toBe('It works again, thank you!');
    expect(mine.email?.inboundEmailId).toBe(reply.id);
    // The original stays whole, for "Show full message".
    const original = await t
      .http()
      .get(`/api/inbound-emails/${reply.id}/original`)
      .set(authHeader(agent))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(original.status).toBe(200);
    expect(original.headers['content-type']).toContain('message/rfc822');
    expect((original.body as Buffer).toString()).toContain('> the printer is on fire.');
    const asCustomer = await t
      .http()
      .get(`/api/inbound-emails/${reply.id}/original`)
      .set(authHeader(customer));
    expect(asCustomer.status).toBe(404);
  });

  it('threads by the signed reply address, and refuses a forged token', async () => {
    const ticket = await t.http().get(`/api/tickets/${first.ticketId}`).set(authHeader(agent));
    const addresses = createReplyAddresses(t.config.inbound.replySecret);
    const to = addresses.addressFor(mailbox.address, acmeId, ticket.body.number);
    expect(to.split('@')[0]!.length).toBeLessThanOrEqual(64);
    const byAddress = await deliverOk(
      await message({ from: 'grace.guest@example.net', to: to.toUpperCase(), subject: 'More' }),
    );
    expect(byAddress).toMatchObject({ outcome: 'response_added', ticketId: first.ticketId });
    const forged = to.replace(/\.([a-z2-7])/, (_m, c: string) => `.${c === 'a' ? 'b' : 'a'}`);
    const byForged = await deliverOk(
      await message({ from: 'grace.guest@example.net', to: forged, subject: 'Forged' }),
    );
    expect(byForged.outcome).toBe('ticket_created');
  });

  it('threads by the subject tag only for the requester; a stranger’s tagged mail starts a new ticket', async () => {
    const tag = `[${first.reference}]`;
    const mine = await deliverOk(
      await message({ from: 'grace.guest@example.net', subject: `Re: ${tag} login` }),
    );
    expect(mine).toMatchObject({ outcome: 'response_added', ticketId: first.ticketId });
    const stranger = await deliverOk(
      await message({ from: 'mallory@evil.example', subject: `Re: ${tag} let me in` }),
    );
    expect(stranger.outcome).toBe('ticket_created');
    expect(stranger.ticketId).not.toBe(first.ticketId);
    // Headers do not help a stranger either.
    const headers = await deliverOk(
      await message({ from: 'mallory@evil.example', inReplyTo: firstMessageId }),
    );
    expect(headers.ticketId).not.toBe(first.ticketId);
  });

  it('reopens a RESOLVED ticket; a reply to a CLOSED one makes a follow-up', async () => {
    const resolved = await createTicket(t.prisma, {
      organizationId: acmeId,
      requesterId: (await t.prisma.user.findFirstOrThrow({ where: { email: customerEmail } })).id,
      status: 'RESOLVED',
    });
    const reply = await deliverOk(
      await message({
        from: customerEmail,
        subject: `Re: [TKT-${String(resolved.number).padStart(5, '0')}]`,
      }),
    );
    expect(reply).toMatchObject({ outcome: 'response_added', ticketId: resolved.id });
    const after = await t.prisma.ticket.findUniqueOrThrow({ where: { id: resolved.id } });
    expect(after.status).toBe('OPEN');
    const responses = await responsesOf(resolved.id);
    expect(responses.at(-1)?.author.name).toBeTruthy();

    const closed = await createTicket(t.prisma, {
      organizationId: acmeId,
      requesterId: after.requesterId,
      status: 'CLOSED',
    });
    const late = await deliverOk(
      await message({
        from: customerEmail,
        subject: `Re: [TKT-${String(closed.number).padStart(5, '0')}] thanks`,
      }),
    );
    expect(late).toMatchObject({ outcome: 'ticket_created', followUpOf: closed.id });
    const followUp = await t.prisma.ticket.findUniqueOrThrow({ where: { id: late.ticketId! } });
    expect(followUp.followUpOfId).toBe(closed.id);
    expect(followUp.requesterId).toBe(after.requesterId);
  });

  it('suspends auto-replies, bounces and Docket’s own mail, with their cause, and never tickets them', async () => {
    const cases: [Mail.Options, string][] = [
      [{ from: 'ooo@example.net', headers: { 'Auto-Submitted': 'auto-replied' } }, 'auto_reply'],
      [{ from: 'list@example.net', headers: { Precedence: 'bulk' } }, 'auto_reply'],
      [{ from: 'ooo2@example.net', headers: { 'X-Autoreply': 'yes' } }, 'auto_reply'],
      [{ from: 'MAILER-DAEMON@mx.example.net' }, 'bounce'],
      [{ from: 'bouncer@example.net', headers: { 'Return-Path': '<>' } }, 'bounce'],
      [{ from: mailbox.address.replace('@', '+x@') }, 'loop'],
      [{ from: 'x@example.net', headers: { 'X-Docket-Notification': 'reply_added' } }, 'loop'],
    ];
    const before = await t.prisma.ticket.count({ where: { organizationId: acmeId } });
    for (const [options, cause] of cases) {
      const result = await deliverOk(await message(options));
      expect({ outcome: result.outcome, cause }).toEqual({
        outcome: 'suspended',
        cause: result.cause,
      });
      expect(result.ticketId).toBeNull();
    }
    expect(await t.prisma.ticket.count({ where: { organizationId: acmeId } })).toBe(before);
  });

  it('suspends a sender over the rate, and a message over the size limit', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      outcomes.push((await deliverOk(await message({ from: 'flood@example.net' }))).cause ?? 'ok');
    }
    expect(outcomes.slice(0, 8).every((c) => c === 'ok')).toBe(true);
    expect(outcomes.slice(8)).toEqual(['rate_limited', 'rate_limited']);
    const big = await deliverOk(
      await message({ from: 'big@example.net', text: 'x'.repeat(MAX_MB * 1024 * 1024 + 10) }),
    );
    expect(big).toMatchObject({ outcome: 'suspended', cause: 'too_large' });
  });

  it('keeps accepted files, lists refused ones as skipped, and keeps the mail', async () => {
    const result = await deliverOk(
      await message({
        from: 'files@example.net',
        subject: 'Screenshot and a tool',
        attachments: [
          { filename: 'screen.png', content: await sampleImage('png'), contentType: 'image/png' },
          { filename: 'tool.exe', content: sampleExe(), contentType: 'application/octet-stream' },
        ],
      }),
    );
    expect(result.outcome).toBe('ticket_created');
    expect(result.skippedFiles).toEqual([
      { fileName: 'tool.exe', reason: 'unsupported_file_type' },
    ]);
    const ticket = await t.http().get(`/api/tickets/${result.ticketId}`).set(authHeader(agent));
    expect(ticket.body.attachments.map((a: { fileName: string }) => a.fileName)).toEqual([
      'screen.png',
    ]);
  });

  it('takes an admin API key and picks the mailbox by the recipients; unknown ones are suspended', async () => {
    const viaKey = await deliver(
      await message({ from: 'key@example.net', to: `"Support" <${mailbox.address}>` }),
      authHeader(adminKey),
    );
    expect(viaKey.status).toBe(202);
    expect(viaKey.body.outcome).toBe('ticket_created');
    const unknown = await deliver(
      await message({ from: 'key@example.net', to: 'nobody@acme.test' }),
      authHeader(adminKey),
    );
    expect(unknown.body).toMatchObject({ outcome: 'suspended', cause: 'unknown_mailbox' });
    expect(
      (await deliver(await message({ from: 'k@example.net' }), authHeader(agentKey))).status,
    ).toBe(403);
    expect(
      (await deliver(await message({ from: 'k@example.net' }), authHeader(admin))).status,
    ).toBe(403);
    expect((await deliver(await message({ from: 'k@example.net' }), {})).status).toBe(401);
    expect(
      (await deliver(await message({ from: 'k@example.net' }), basic(mailbox.id, 'dkin_wrong')))
        .status,
    ).toBe(401);
    const json = await t
      .http()
      .post('/api/inbound/email')
      .set(basic())
      .send({ raw: 'not a message' });
    expect(json.status).toBe(415);
  });
});

describe('the inbound log', () => {
  it('lists every mail for admins only, and a suspended mail can be accepted or discarded', async () => {
    const log = await t.http().get('/api/inbound-emails?outcome=suspended').set(authHeader(admin));
    expect(log.status).toBe(200);
    expect(log.body.data.length).toBeGreaterThan(0);
    expect(JSON.stringify(log.body)).not.toContain('"raw"');
    for (const token of [agent, customer]) {
      expect((await t.http().get('/api/inbound-emails').set(authHeader(token))).status).toBe(403);
    }
    const other = await t.http().get('/api/inbound-emails').set(authHeader(globexAdmin));
    expect(other.body.data).toEqual([]);

    const ooo = await deliverOk(
      await message({
        from: 'real.person@example.net',
        headers: { 'Auto-Submitted': 'auto-generated' },
      }),
    );
    expect(ooo.outcome).toBe('suspended');
    const accepted = await t
      .http()
      .post(`/api/inbound-emails/${ooo.id}/accept`)
      .set(authHeader(admin));
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body).toMatchObject({ id: ooo.id, outcome: 'ticket_created' });
    const twice = await t
      .http()
      .post(`/api/inbound-emails/${ooo.id}/accept`)
      .set(authHeader(admin));
    expect(twice.status).toBe(409);

    const bounce = await deliverOk(await message({ from: 'postmaster@example.net' }));
    const discarded = await t
      .http()
      .post(`/api/inbound-emails/${bounce.id}/discard`)
      .set(authHeader(admin));
    expect(discarded.status).toBe(200);
    expect(discarded.body.outcome).toBe('discarded');
  });
});
