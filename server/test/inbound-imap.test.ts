// A mailbox with an IMAP account, fetched by the app's IMAP worker from a real Dovecot
// (helpers/dovecot.ts) into tickets (docs/product.md "Inbound email", way in 1): mail another
// client already read is fetched, each message once, flagged \Seen after its commit; a crash
// between commit and cursor loses nothing and duplicates nothing; a broken account is reported
// as the mailbox's last error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';
import { startDovecot, type TestDovecot } from './helpers/dovecot.js';

let t: TestApp;
let dovecot: TestDovecot;
let admin: string;
let acmeId: string;

beforeAll(async () => {
  [t, dovecot] = await Promise.all([createTestApp({ seed: false }), startDovecot()]);
  const acme = await createOrganizationWithUsers(t.prisma, { admin: { role: 'ADMIN' } });
  ({ admin } = await signInAll(t, acme.users));
  acmeId = acme.organization.id;
});
afterAll(async () => {
  await t?.close();
  await dovecot?.stop();
});

let n = 0;
function rawMail(from: string, subject: string, extra = ''): string {
  n++;
  return [
    `From: ${from}`,
    'To: imap-support@acme.test',
    `Subject: ${subject}`,
    `Message-ID: <imap-${n}-${Date.now()}@client.example>`,
    'Date: Thu, 03 Dec 2026 08:00:00 +0000',
    extra,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Body of ${subject}.`,
    '',
  ]
    .filter((line, i) => line !== '' || i > 5)
    .join('\r\n');
}

async function createImapMailbox(user: string, password = dovecot.users[user]!) {
  const res = await t
    .http()
    .post('/api/mailboxes')
    .set(authHeader(admin))
    .send({
      address: `${user}-${acmeId.slice(0, 6)}@acme.test`,
      displayName: `IMAP ${user}`,
      imap: { host: dovecot.host, port: dovecot.port, tls: false, user, password },
    });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string };
}

const ticketsFrom = (email: string) =>
  t.prisma.ticket.count({ where: { organizationId: acmeId, requesterEmail: email } });

describe('IMAP fetching', () => {
  it('makes tickets of new mail, including mail another client read, and flags it \\Seen after', async () => {
    await dovecot.append('alice', 'INBOX', rawMail('one@example.net', 'First by IMAP'));
    await dovecot.append('alice', 'INBOX', rawMail('two@example.net', 'Read elsewhere'), [
      '\\Seen',
    ]);
    const box = await createImapMailbox('alice');
    const pass = await t.app.imap.runOnce();
    expect(pass.fetched).toBe(2);
    expect(await ticketsFrom('one@example.net')).toBe(1);
    expect(await ticketsFrom('two@example.net')).toBe(1);
    const flags = await dovecot.flags('alice', 'INBOX');
    expect([...flags.values()].every((f) => f.includes('\\Seen'))).toBe(true);
    const mailbox = await t.http().get(`/api/mailboxes/${box.id}`).set(authHeader(admin));
    expect(mailbox.body.state).toMatchObject({ lastError: null, mailsProcessed: 2 });
    expect(mailbox.body.state.lastPollAt).not.toBeNull();
    const ticket = await t.prisma.ticket.findFirstOrThrow({
      where: { organizationId: acmeId, requesterEmail: 'one@example.net' },
    });
    expect(ticket.channel).toBe('email');

    // Nothing new: nothing fetched, nothing doubled.
    expect((await t.app.imap.runOnce()).fetched).toBe(0);
    expect(await ticketsFrom('one@example.net')).toBe(1);
  });

  it('loses nothing and duplicates nothing when the cursor was not saved after a commit', async () => {
    await createImapMailbox('bob');
    await dovecot.append('bob', 'INBOX', rawMail('crash@example.net', 'Before the crash'));
    expect((await t.app.imap.runOnce()).fetched).toBe(1);
    // The process "died" after the commit, before the cursor was saved: rewind it.
    await t.prisma.mailbox.updateMany({
      where: { imapUser: 'bob', organizationId: acmeId },
      data: { imapLastUid: null, imapUidValidity: null },
    });
    await dovecot.append('bob', 'INBOX', rawMail('crash@example.net', 'After the crash'));
    expect((await t.app.imap.runOnce()).fetched).toBe(2);
    // The first message came again and was recognised; the second is new.
    expect(await ticketsFrom('crash@example.net')).toBe(2);
    const log = await t.prisma.inboundEmail.count({
      where: { organizationId: acmeId, fromAddress: 'crash@example.net' },
    });
    expect(log).toBe(2);
  });

  it('suspends an auto-reply fetched by IMAP like one delivered to the endpoint', async () => {
    await createImapMailbox('carol');
    await dovecot.append(
      'carol',
      'INBOX',
      rawMail('away@example.net', 'Out of office', 'Auto-Submitted: auto-replied'),
    );
    await t.app.imap.runOnce();
    const row = await t.prisma.inboundEmail.findFirstOrThrow({
      where: { organizationId: acmeId, fromAddress: 'away@example.net' },
    });
    expect(row).toMatchObject({ outcome: 'suspended', cause: 'auto_reply', source: 'imap' });
    expect(await ticketsFrom('away@example.net')).toBe(0);
  });

  it('records a failing account as the mailbox’s last error and frees its lease', async () => {
    const box = await createImapMailbox('dave', 'wrong-password');
    await t.app.imap.runOnce();
    const row = await t.prisma.mailbox.findUniqueOrThrow({ where: { id: box.id } });
    expect(row.lastError).toMatch(/login|authentication/i);
    expect(row.imapLockedBy).toBeNull();
  });
});
