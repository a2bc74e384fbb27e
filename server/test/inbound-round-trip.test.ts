// The mail round trip without a mail server (docs/product.md "Inbound email"): a notification to
// the requester carries the ticket's reply address as Reply-To and Docket's automatic-mail
// headers; "Reply as the recipient" on /dev/mail answers it the way a mail client would, and the
// reply lands on the ticket without the quoted text. Nothing internal is ever mailed.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { authHeader, signIn } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let dataDir: string;
let agent: string;
let customer: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'docket-round-trip-'));
  t = await createTestApp({ seed: false, config: testConfig({ DATA_DIR: dataDir }) });
  const acme = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT' },
    customer: { role: 'CUSTOMER' },
  });
  const admin = await signIn(t, acme.users.admin);
  agent = await signIn(t, acme.users.agent);
  customer = await signIn(t, acme.users.customer);
  const box = await t
    .http()
    .post('/api/mailboxes')
    .set(authHeader(admin))
    .send({ address: `help-${acme.organization.id.slice(0, 8)}@acme.test`, displayName: 'Help' });
  expect(box.status).toBe(201);
});

afterAll(async () => {
  await t?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The captured mails' JSON, newest last. */
async function captured(): Promise<{ id: string; replyTo?: string; subject: string }[]> {
  const dir = path.join(dataDir, 'mail');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  const mails = await Promise.all(
    names.map(async (n) => JSON.parse(await readFile(path.join(dir, n), 'utf8'))),
  );
  return mails.sort((a, b) => String(a.capturedAt).localeCompare(String(b.capturedAt)));
}

describe('the mail round trip', () => {
  it('answers a notification through /dev/mail onto the ticket, without the quote', async () => {
    const created = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(customer))
      .send({ subject: 'Round trip please', description: 'Does a reply by mail come back?' });
    expect(created.status).toBe(201);
    const note = await t
      .http()
      .post(`/api/tickets/${created.body.id}/responses`)
      .set(authHeader(agent))
      .send({ content: 'INTERNAL: customer is a VIP, do not refund', isInternal: true });
    expect(note.status).toBe(201);
    const staffReply = await t
      .http()
      .post(`/api/tickets/${created.body.id}/responses`)
      .set(authHeader(agent))
      .send({ content: 'Yes it does: answer this mail.' });
    expect(staffReply.status).toBe(201);
    await t.app.events.drain();
    await t.app.notifications.drain();

    const mails = await captured();
    expect(mails.length).toBeGreaterThanOrEqual(2);
    const replyMail = mails.at(-1)!;
    expect(replyMail.replyTo).toMatch(/^help-[0-9a-f]{8}\+\d+\.[a-z2-7]{16}@acme\.test$/);
    const eml = await simpleParser(
      await readFile(path.join(dataDir, 'mail', `${replyMail.id}.eml`)),
    );
    expect(eml.headers.get('auto-submitted')).toBe('auto-generated');
    expect(eml.headers.get('x-auto-response-suppress')).toBe('All');
    expect(eml.replyTo?.text).toBe(replyMail.replyTo);
    // Nothing internal is ever mailed.
    for (const mail of mails) {
      const raw = await readFile(path.join(dataDir, 'mail', `${mail.id}.eml`), 'utf8');
      expect(raw).not.toContain('VIP');
    }

    const page = await t.http().get(`/dev/mail/${replyMail.id}`);
    expect(page.text).toContain('Reply as the recipient');
    const answered = await t.http().post(`/dev/mail/${replyMail.id}/reply`);
    expect(answered.status).toBe(303);
    expect(decodeURIComponent(answered.headers.location ?? '')).toContain(
      `response_added ${created.body.reference}`,
    );

    const responses = await t
      .http()
      .get(`/api/tickets/${created.body.id}/responses`)
      .set(authHeader(customer));
    const last = responses.body.data.at(-1);
    expect(last).toMatchObject({
      authorType: 'EMAIL',
      content: 'Thank you, that answers my question.',
    });
    expect(last.author.email).toBeUndefined();
    // The customer's view never carries the inbound log's details.
    expect(last.email).toBeUndefined();
    const asAgent = await t
      .http()
      .get(`/api/tickets/${created.body.id}/responses`)
      .set(authHeader(agent));
    expect(asAgent.body.data.at(-1).email.inboundEmailId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
