/**
 * Markdown replies in a real browser, against the production build (docs/product.md
 * "Markdown"): an agent writes `**bold**` and a `<script>` line, and sends it with "Send and set
 * status → Resolved" (one request). The dashboard timeline and the requester's tracking link
 * show the bold rendered and no raw `**`, the script as text and never run; the ticket is
 * RESOLVED; the captured reply mail (DATA_DIR/mail, no SMTP_URL) has no raw `**` in its text
 * part and `<strong>` in its HTML part.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { waitForCapturedMail, type CapturedMail } from './support/captured-mail.js';
import { apiTokenOf, signInAs } from './support/sign-in.js';

let server: DocketServer;
let browser: Browser;

const waitForMail = (match: (mail: CapturedMail) => boolean) =>
  waitForCapturedMail(server.dataDir, match);
const tokenOf = (email: string) => apiTokenOf(server.url, email);

/** Whether the page ran the reply's script (it would set `window.pwned`) or opened a dialog. */
function watchForScript(page: Page): () => Promise<boolean> {
  let dialog = false;
  page.on('dialog', (d) => {
    dialog = true;
    void d.dismiss();
  });
  return async () =>
    dialog ||
    (await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned === true));
}

beforeAll(async () => {
  server = await startDocketServer();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Markdown replies', () => {
  it('renders an agent reply as Markdown on the tracker and in the mail, sent and resolved in one go', async () => {
    const customer = await tokenOf('customer@acme.test');
    const subject = `Refund question ${Date.now()}`;
    const created = await fetch(`${server.url}/api/tickets`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${customer}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        subject,
        description: 'Will the answer be readable?',
      }),
    });
    expect(created.status).toBe(201);
    const ticket = (await created.json()) as { id: string; reference: string };

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const ranOnDashboard = watchForScript(page);
    await signInAs(page, server.url, 'agent@acme.test');
    await page.waitForURL(/\/tickets/);
    await page.goto(`${server.url}/tickets/${ticket.reference}`);
    await page.getByRole('heading', { level: 1, name: subject }).waitFor();
    await page
      .getByLabel('Reply', { exact: true })
      .fill(
        'Your refund is **approved** and on its way.\n\n<script>window.pwned = true; alert(1)</script>',
      );
    await page.getByRole('button', { name: 'Send and set status' }).click();
    await page.getByRole('menuitem', { name: 'Resolved' }).click();
    // Both written by the one request: the reply and the status.
    const agent = await tokenOf('agent@acme.test');
    const statusOf = async () => {
      const res = await fetch(`${server.url}/api/tickets/${ticket.id}`, {
        headers: { Authorization: `Bearer ${agent}` },
      });
      return ((await res.json()) as { status: string }).status;
    };
    await expect.poll(statusOf, { timeout: 15_000 }).toBe('RESOLVED');
    // A resolved ticket may leave the inbox's list: open it again by its reference.
    await page.goto(`${server.url}/tickets/${ticket.reference}`);
    await page.getByRole('heading', { level: 1, name: subject }).waitFor();
    const reply = page.getByTestId('response').filter({ hasText: 'on its way' });
    await reply.locator('strong', { hasText: 'approved' }).waitFor();
    expect(await reply.textContent()).not.toContain('**');
    expect(await ranOnDashboard()).toBe(false);
    await context.close();

    // The requester's tracking link: rendered, the script shown as text and not run.
    const link = await fetch(`${server.url}/api/tickets/${ticket.id}/tracking-link`, {
      headers: { Authorization: `Bearer ${agent}` },
    });
    const { url } = (await link.json()) as { url: string };
    const tracker = await browser.newContext({ viewport: { width: 375, height: 812 } });
    const trackerPage = await tracker.newPage();
    const ranOnTracker = watchForScript(trackerPage);
    await trackerPage.goto(`${server.url}${new URL(url).pathname}`);
    const publicReply = trackerPage.getByTestId('timeline-reply').filter({ hasText: 'on its way' });
    await publicReply.locator('strong', { hasText: 'approved' }).waitFor();
    const text = (await publicReply.textContent()) ?? '';
    expect(text).not.toContain('**');
    expect(text).toContain('<script>');
    expect(await publicReply.locator('script').count()).toBe(0);
    expect(await ranOnTracker()).toBe(false);
    await tracker.close();

    // The reply mail: clean text, rendered HTML, no script element.
    const mail = await waitForMail(
      (m) => m.kind === 'reply_added' && m.subject.includes(ticket.reference),
    );
    expect(mail.text).toContain('Your refund is approved and on its way.');
    expect(mail.text).not.toContain('**');
    expect(mail.html).toContain('<strong>approved</strong>');
    expect(mail.html).not.toMatch(/<script/i);
  });
});
