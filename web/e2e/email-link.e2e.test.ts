/**
 * Issue 5's email in a real browser, against the production build started like `pnpm start`
 * without SMTP_URL: the server's workers capture each mail under its data folder
 * (DATA_DIR/mail: an .eml and a .json per mail). A customer creates a ticket through the API; the
 * "ticket created" mail is read from the data folder; its tracking link opens the ticket in
 * Chromium with no sign-in; a reply there shows in the timeline. The development mailbox page
 * (/dev/mail) lists the mail and shows it; admins find it, sent, on the "Email notifications"
 * page (375 px, no sideways scrolling, no serious axe violation). Screenshots go to
 * web/e2e/artifacts/.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe.js';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { signInAs } from './support/sign-in.js';

const artifacts = path.resolve(import.meta.dirname, 'artifacts');

let server: DocketServer;
let browser: Browser;

interface CapturedMail {
  id: string;
  kind: string;
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** The captured mails of the server's data folder. */
function capturedMails(): CapturedMail[] {
  const dir = path.join(server.dataDir, 'mail');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as CapturedMail);
}

/** Waits (20 s at most) for a captured mail matching `match`: the server's workers send it. */
async function waitForMail(match: (mail: CapturedMail) => boolean): Promise<CapturedMail> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const mail = capturedMails().find(match);
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error('no such mail was captured within 20 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await startDocketServer();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('email tracking link', () => {
  it('opens the ticket from the captured "ticket created" mail and takes a reply', async () => {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'customer@acme.test', password: 'docket-demo' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const subject = `Parcel never arrived ${Date.now()}`;
    const created = await fetch(`${server.url}/api/tickets`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        subject,
        description: 'The tracking page has said "in transit" for two weeks.',
      }),
    });
    expect(created.status).toBe(201);
    const ticket = (await created.json()) as { id: string; reference: string };

    const mail = await waitForMail(
      (m) => m.kind === 'ticket_created' && m.subject.includes(ticket.reference),
    );
    expect(mail.to).toContain('customer@acme.test');
    expect(mail.subject).toBe(`[${ticket.reference}] We received your request: ${subject}`);
    const eml = readFileSync(path.join(server.dataDir, 'mail', `${mail.id}.eml`), 'utf8');
    expect(eml).toContain(`Message-ID: ${mail.messageId}`);
    expect(eml).toContain(`In-Reply-To: <ticket-${ticket.id}@`);
    const link = /https?:\/\/\S+\/t\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();

    const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
    const page = await context.newPage();
    // The link's path on the test server (PUBLIC_URL names localhost, the server 127.0.0.1).
    await page.goto(`${server.url}${new URL(link!).pathname}`);
    await page.getByRole('heading', { level: 1, name: subject }).waitFor();
    const text = `Still nothing at the door — ${new Date().toISOString()}`;
    await page.getByLabel('Reply', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByTestId('timeline-reply').filter({ hasText: text }).waitFor();
    await page.screenshot({ path: path.join(artifacts, 'email-link-375.png'), fullPage: true });
    await context.close();
  });

  it('shows the captured mails on the development mailbox page', async () => {
    const [mail] = capturedMails();
    expect(mail).toBeDefined();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/dev/mail`);
    await page.getByRole('heading', { level: 1, name: 'Development mailbox' }).waitFor();
    await page.getByRole('link', { name: mail!.subject }).click();
    await page.getByRole('heading', { level: 1, name: mail!.subject }).waitFor();
    const frame = page.frameLocator('iframe[title="HTML part of the mail"]');
    await frame
      .getByText(/Hello /)
      .first()
      .waitFor();
    await page.screenshot({ path: path.join(artifacts, 'dev-mail.png'), fullPage: true });
    await context.close();
  });

  it('an agent replies, the mail is answered from /dev/mail, and the reply shows live without the quote', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInAs(page, server.url, 'agent@acme.test');
    await page.waitForURL(/\/tickets/);
    // A ticket of the demo customer, created for this test.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'customer@acme.test', password: 'docket-demo' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const created = await fetch(`${server.url}/api/tickets`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        subject: `Round trip by mail ${Date.now()}`,
        description: 'Will my answer by mail come back to you?',
      }),
    });
    const ticket = (await created.json()) as { id: string; reference: string };
    await page.goto(`${server.url}/tickets/${ticket.reference}`);
    await page.getByLabel('Reply').fill('Yes: just answer this email.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByTestId('response').filter({ hasText: 'just answer this email' }).waitFor();

    const mail = await waitForMail(
      (m) => m.kind === 'reply_added' && m.subject.includes(ticket.reference),
    );
    const devPage = await context.newPage();
    await devPage.goto(`${server.url}/dev/mail/${mail.id}`);
    await devPage.getByRole('button', { name: 'Reply as the recipient' }).click();
    await devPage.getByRole('status').filter({ hasText: 'response_added' }).waitFor();
    await devPage.close();

    // On the ticket page, without a reload: the customer's mail, its quote cut.
    const reply = page.getByTestId('response').filter({ hasText: 'that answers my question' });
    await reply.waitFor();
    expect(await reply.textContent()).not.toContain('wrote:');
    // The mail as it arrived, quote included, is one click away for the agent.
    await reply.getByRole('button', { name: 'Show full message (.eml)' }).waitFor();
    await page.screenshot({ path: path.join(artifacts, 'inbound-round-trip.png'), fullPage: true });
    await context.close();
  });

  it('lists the mails for admins on the Email notifications page, on a phone', async () => {
    const [mail] = capturedMails();
    const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
    const page = await context.newPage();
    await signInAs(page, server.url, 'admin@acme.test');
    // On a phone the navigation folds behind the header's Menu button.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('button', { name: 'Admin', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Email notifications' }).click();
    await page.getByRole('heading', { level: 1, name: 'Email notifications' }).waitFor();
    await page.getByLabel('Show').selectOption({ label: 'Sent' });
    const item = page.getByRole('listitem').filter({ hasText: mail!.subject });
    await item.waitFor();
    expect(await item.textContent()).toContain('Sent');
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await expectNoSeriousA11yViolations(page, 'email notifications (375 px)');
    await page.screenshot({ path: path.join(artifacts, 'notifications-375.png'), fullPage: true });
    await context.close();
  });
});
