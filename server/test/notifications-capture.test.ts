/**
 * Without SMTP_URL (development, `pnpm start`) mails are captured in DATA_DIR/mail — one .eml per
 * mail and a .json for the listing — and shown on the development pages /dev/mail;
 * with SMTP_URL or in production the pages do not exist. Also: the English and
 * French templates have the same keys, and HTML values are escaped.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import type { User } from '../src/generated/prisma/client.js';
import { renderEmail } from '../src/modules/notifications/email-templates.js';
import { createMailTransport } from '../src/modules/notifications/mail-transport.js';
import { en } from '../src/modules/notifications/locales/en.js';
import { frCA } from '../src/modules/notifications/locales/fr-CA.js';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { authHeader, signIn } from './helpers/auth.js';
import { createUser } from './helpers/factories.js';

let t: TestApp;
let dataDir: string;
let customer: User;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'docket-mail-'));
  t = await createTestApp({ seed: false, config: testConfig({ DATA_DIR: dataDir }) });
  // The customer the mail greets by name, in English.
  customer = await createUser(t.prisma, { role: 'CUSTOMER', name: 'Casey Customer', locale: 'en' });
});

afterAll(async () => {
  await t?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('development mail capture', () => {
  it('writes each mail to DATA_DIR/mail and lists it on /dev/mail', async () => {
    expect(t.app.notifications.mode).toBe('capture');
    const token = await signIn(t, customer);
    const created = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(token))
      .send({ subject: 'Captured <b>mail</b> please', description: 'Where do my mails go?' });
    expect(created.status).toBe(201);
    const result = await t.app.notifications.drain();
    expect(result.sent).toBe(1);

    const mailDir = path.join(dataDir, 'mail');
    const files = (await readdir(mailDir)).sort();
    expect(files).toHaveLength(2);
    const eml = files.find((f) => f.endsWith('.eml'))!;
    const id = eml.slice(0, -4);
    expect(files).toContain(`${id}.json`);
    const parsed = await simpleParser(await readFile(path.join(mailDir, eml)));
    expect(parsed.subject).toBe(
      `[${created.body.reference}] We received your request: Captured <b>mail</b> please`,
    );
    expect(parsed.messageId).toBe(`<${id}@localhost>`);
    expect(parsed.text).toContain('/t/');
    // Values are escaped in the HTML part: the subject's markup is text, not markup.
    expect(parsed.html).toContain('Captured &lt;b&gt;mail&lt;/b&gt; please');

    const list = await t.http().get('/dev/mail');
    expect(list.status).toBe(200);
    expect(list.headers['content-type']).toMatch(/^text\/html/);
    expect(list.text).toContain(`href="/dev/mail/${id}"`);
    expect(list.text).toContain('Captured &lt;b&gt;mail&lt;/b&gt; please');

    const one = await t.http().get(`/dev/mail/${id}`);
    expect(one.status).toBe(200);
    expect(one.text).toContain(`<iframe title="HTML part of the mail" sandbox=""`);
    expect(one.text).toContain('Hello Casey Customer,');

    const html = await t.http().get(`/dev/mail/${id}/html`);
    expect(html.status).toBe(200);
    expect(html.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox",
    );
    expect(html.text).toContain('<html lang="en">');

    const raw = await t.http().get(`/dev/mail/${id}/eml`);
    expect(raw.status).toBe(200);
    expect(raw.headers['content-type']).toMatch(/^message\/rfc822/);

    // Another machine gets nothing, even in development.
    const remote = await t.app.inject({
      method: 'GET',
      url: '/dev/mail',
      remoteAddress: '203.0.113.9',
    });
    expect(remote.statusCode).toBe(404);

    const missing = await t.http().get(`/dev/mail/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('makes the folder again when it was removed while the server ran', async () => {
    const mailDir = path.join(dataDir, 'mail');
    await rm(mailDir, { recursive: true, force: true });
    const token = await signIn(t, customer);
    const created = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(token))
      .send({ subject: 'After a clean-up', description: 'Still captured?' });
    expect(created.status).toBe(201);
    const result = await t.app.notifications.drain();
    expect(result.sent).toBe(1);
    expect(result.retried).toBe(0);
    const files = await readdir(mailDir);
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(1);
  });

  it('keeps the newest MAIL_CAPTURE_KEEP mails, by age, those of an earlier run included', async () => {
    const captureDir = path.join(dataDir, 'bounded');
    await mkdir(captureDir);
    // Four mails of an earlier run, their ages not in the order of their names.
    const earlier = ['a', 'b', 'c', 'd'].map((c) => `${c.repeat(8)}-0000-4000-8000-000000000000`);
    const ageMinutes = [10, 40, 20, 30];
    for (const [i, id] of earlier.entries()) {
      for (const ext of ['eml', 'json']) {
        const file = path.join(captureDir, `${id}.${ext}`);
        await writeFile(file, '{}');
        const at = new Date(Date.now() - ageMinutes[i]! * 60_000);
        await utimes(file, at, at);
      }
    }
    const transport = createMailTransport({
      smtpUrl: undefined,
      from: 'Docket <no-reply@docket.localhost>',
      captureDir,
      captureKeep: 3,
    });
    const mail = (id: string) => ({
      id,
      kind: 'ticket_created',
      to: { name: null, address: 'casey@example.test' },
      subject: 'Kept?',
      text: 'Kept?',
      html: '<p>Kept?</p>',
      messageId: `<${id}@localhost>`,
      threadId: null,
      replyTo: null,
      attachments: [],
      date: new Date(),
    });
    const ids = (await readdir(captureDir))
      .filter((f) => f.endsWith('.eml'))
      .map((f) => f.slice(0, -4));
    expect(ids).toHaveLength(4);
    const sent = [1, 2, 3].map((n) => `${String(n).repeat(8)}-0000-4000-8000-000000000000`);
    const idsIn = async () =>
      (await readdir(captureDir))
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5))
        .sort();
    try {
      await transport.send(mail(sent[0]!));
      // Five mails, three kept: the youngest two of the earlier run (a and c), then the new one.
      expect(await idsIn()).toEqual([sent[0], earlier[0], earlier[2]].sort());
      await transport.send(mail(sent[1]!));
      await transport.send(mail(sent[2]!));
      expect(await idsIn()).toEqual([...sent].sort());
      expect((await readdir(captureDir)).filter((f) => f.endsWith('.eml'))).toHaveLength(3);
    } finally {
      transport.close();
    }
  });

  it('has no /dev/mail with SMTP_URL set, nor in production', async () => {
    for (const env of [
      { SMTP_URL: 'smtp://127.0.0.1:2525' } as Record<string, string>,
      { NODE_ENV: 'production', SEED_DEMO_DATA: 'false' },
    ]) {
      const config = testConfig({ DATA_DIR: dataDir, ...env });
      const app = await buildApp(config, { prisma: t.prisma, ownsPrisma: false, logger: false });
      try {
        const res = await app.inject({ method: 'GET', url: '/dev/mail' });
        expect(res.statusCode).toBe(404);
      } finally {
        await app.close();
      }
    }
  });
});

describe('email templates', () => {
  it('have the same keys in English and French (Canada)', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
      );
    expect(keys(frCA).sort()).toEqual(keys(en).sort());
  });

  it('escape values in the HTML part and keep them as typed in the text part', () => {
    const mail = renderEmail(
      'en',
      { key: 'ticket_created.subject', vars: { reference: 'TKT-1', subject: 'a & <b>' } },
      [
        { type: 'paragraph', text: { key: 'greeting', vars: { name: '<script>x</script>' } } },
        { type: 'quote', content: '"quoted" <i>' },
        { type: 'link', label: { key: 'ticket_created.link' }, url: 'https://x.test/?a=1&b="2"' },
      ],
    );
    expect(mail.subject).toBe('[TKT-1] We received your request: a & <b>');
    expect(mail.text).toContain('Hello <script>x</script>,');
    expect(mail.text).toContain('> "quoted" <i>');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Hello &lt;script&gt;x&lt;&#x2F;script&gt;,');
    expect(mail.html).toContain('&quot;quoted&quot; &lt;i&gt;');
    expect(mail.html).toContain('href="https://x.test/?a=1&amp;b=&quot;2&quot;"');
  });
});
