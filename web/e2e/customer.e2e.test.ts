/**
 * Issue 5's customer side in a real browser, against the production build on an embedded
 * PostgreSQL with the demo data (one server for the whole file):
 * - the public tracker: the demo customer's seeded ticket by reference and email; a wrong email
 *   and an unknown reference get the same answer; rate-limited look-ups count down;
 * - a tracking link (as the server makes them for emails) opens the ticket and takes a reply,
 *   which reopens a RESOLVED ticket;
 * - the customer portal: sign in, quick counts, create a ticket, reply, close it, and see a
 *   follow-up offered where a reopening is not;
 * - files: an image sent with a new portal ticket shows as a thumbnail; a file whose
 *   content is not what its name says is refused by the server with a plain message; a tracking
 *   link's reply takes a PDF and an image, shown with the reply;
 * - French from the browser's language, and every page at 375 px without sideways scrolling.
 * Screenshots (desktop and 375 px) go to web/e2e/artifacts/.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { DEMO_PASSWORD, signInAs } from './support/sign-in.js';

const artifacts = path.resolve(import.meta.dirname, 'artifacts');
const PASSWORD = DEMO_PASSWORD;
const CUSTOMER = 'customer@acme.test';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };

let server: DocketServer;
let browser: Browser;

type Ticket = { id: string; reference: string; subject: string; status: string };

/** The API as a test fixture: signs in and calls JSON routes with the bearer token. */
async function apiAs(email: string) {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  return async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${server.url}/api${route}`, {
      method,
      headers: {
        Authorization: `Bearer ${accessToken}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

async function newPage(
  viewport: { width: number; height: number },
  locale = 'en-US',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale });
  return { context, page: await context.newPage() };
}

/** A real 120 × 80 PNG, drawn by the browser itself (no image library in the test). */
async function makePng(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 120;
    canvas.height = 80;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#7a1f4b';
    ctx.fillRect(0, 0, 120, 80);
    ctx.fillStyle = '#00ccff';
    ctx.fillRect(30, 20, 40, 40);
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1]!, 'base64');
}

/** A minimal one-page PDF (detected as application/pdf by its content). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** Waits until the browser has decoded `img` and resolves with its natural width. */
async function decodedWidth(img: ReturnType<Page['getByTestId']>): Promise<number> {
  await img.waitFor();
  await img
    .page()
    .waitForFunction(
      (el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0,
      await img.elementHandle(),
    );
  return img.evaluate((el: HTMLImageElement) => el.naturalWidth);
}

/** A page fits a phone when nothing makes it scroll sideways. */
async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/** Fills the tracker's form and submits it; resolves with the API's status once it answered. */
async function trackTicket(page: Page, reference: string, email: string): Promise<number> {
  await page.getByRole('textbox', { name: 'Ticket reference' }).fill(reference);
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  const [response] = await Promise.all([
    page.waitForResponse((res) => res.url().endsWith('/api/public/track')),
    page.getByRole('button', { name: 'Track ticket' }).click(),
  ]);
  return response.status();
}

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  [server, browser] = await Promise.all([startDocketServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

describe('public tracker', () => {
  let seeded: Ticket;

  beforeAll(async () => {
    const asCustomer = await apiAs(CUSTOMER);
    const list = await asCustomer<{ data: Ticket[] }>(
      'GET',
      '/tickets?sortBy=number&sortOrder=asc',
    );
    expect(list.data.length).toBeGreaterThan(0);
    seeded = list.data[0]!;
  });

  it("shows the demo customer's seeded ticket by reference and email", async () => {
    for (const [viewport, name] of [
      [DESKTOP, 'tracker-ticket.png'],
      [PHONE, 'tracker-ticket-375.png'],
    ] as const) {
      const { context, page } = await newPage(viewport);
      await page.goto(`${server.url}/track-ticket`);
      await page.getByRole('heading', { level: 1, name: 'Track a ticket' }).waitFor();
      // The reference in any case, the email in any case: both as a person might type them.
      await trackTicket(page, seeded.reference.toLowerCase(), CUSTOMER.toUpperCase());

      await page.getByRole('heading', { level: 1, name: seeded.subject }).waitFor();
      const status = page.getByTestId('status-summary');
      expect(await status.getAttribute('data-status')).toBe(seeded.status);
      expect(await page.getByText(seeded.reference, { exact: true }).count()).toBe(1);
      expect(await page.getByTestId('timeline-item').first().getAttribute('data-type')).toBe(
        'created',
      );
      // Nothing internal on a public page.
      expect(await page.getByText('Internal note').count()).toBe(0);
      if (viewport === PHONE) await expectNoSidewaysScroll(page);
      await page.screenshot({ path: path.join(artifacts, name), fullPage: true });
      await context.close();
    }
  });

  it('answers a wrong email exactly as an unknown reference', async () => {
    const { context, page } = await newPage(DESKTOP);
    await page.goto(`${server.url}/track-ticket`);

    expect(await trackTicket(page, seeded.reference, 'customer2@acme.test')).toBe(404);
    const wrongEmail = await page.getByRole('alert').textContent();
    expect(await trackTicket(page, 'TKT-09999', CUSTOMER)).toBe(404);
    const unknownReference = await page.getByRole('alert').textContent();

    expect(wrongEmail).toContain('We could not find a ticket with this reference and email');
    expect(unknownReference).toBe(wrongEmail);
    await page.screenshot({ path: path.join(artifacts, 'tracker-not-found.png') });
    await context.close();
  });

  it('says when to try again once look-ups are rate-limited', async () => {
    // Use up the per-reference allowance of TKT-09998 (RATE_LIMIT_TRACK_PER_REFERENCE, 10 a
    // minute) from this machine, then try once more in the browser.
    for (let attempt = 0; attempt < 12; attempt++) {
      const res = await fetch(`${server.url}/api/public/track`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ reference: 'TKT-09998', email: CUSTOMER }),
      });
      if (res.status === 429) break;
      expect(res.status).toBe(404);
    }
    const { context, page } = await newPage(PHONE);
    await page.goto(`${server.url}/track-ticket`);
    expect(await trackTicket(page, 'TKT-09998', CUSTOMER)).toBe(429);

    const notice = page.getByTestId('rate-limit');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Too many attempts\.Try again in \d+ seconds?\./);
    expect(await page.getByRole('button', { name: 'Track ticket' }).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(artifacts, 'tracker-rate-limited-375.png') });
    await context.close();
  });

  it('speaks French to a browser that prefers it', async () => {
    const { context, page } = await newPage(PHONE, 'fr-CA');
    await page.goto(`${server.url}/track-ticket`);
    await page.getByRole('heading', { level: 1, name: 'Suivre un billet' }).waitFor();
    expect(await page.getByRole('button', { name: 'Suivre le billet' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr-CA');
    await context.close();
  });
});

describe('tracking link', () => {
  it('opens the ticket without signing in, invites a reply on a RESOLVED ticket, and reopens it', async () => {
    // A ticket of the demo customer, resolved by an agent, and its link as emails carry it.
    const asCustomer = await apiAs(CUSTOMER);
    const asAgent = await apiAs('agent@acme.test');
    const ticket = await asCustomer<Ticket>('POST', '/tickets', {
      subject: 'The app logs me out every few minutes',
      description: 'Since the last update I have to sign in again every five minutes or so.',
    });
    await asAgent('POST', `/tickets/${ticket.id}/responses`, {
      content: 'We shipped a fix for the session timeout; it should stay signed in now.',
    });
    await asAgent('PATCH', `/tickets/${ticket.id}`, { status: 'RESOLVED' });
    const link = await asCustomer<{ url: string }>('GET', `/tickets/${ticket.id}/tracking-link`);
    const linkPath = new URL(link.url).pathname;
    expect(linkPath).toMatch(/^\/t\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

    for (const [viewport, name] of [
      [PHONE, 'tracking-link-375.png'],
      [DESKTOP, 'tracking-link.png'],
    ] as const) {
      const { context, page } = await newPage(viewport);
      await page.goto(`${server.url}${linkPath}`);
      await page.getByRole('heading', { level: 1, name: ticket.subject }).waitFor();
      await page.getByTestId('resolved-invite').waitFor();
      // The agent's reply is signed by the team, not by the agent.
      const staffReply = page.getByTestId('timeline-reply').filter({ hasText: 'shipped a fix' });
      expect(await staffReply.textContent()).toContain('Support team');
      expect(await staffReply.textContent()).not.toContain('Alex');
      if (viewport === PHONE) await expectNoSidewaysScroll(page);
      await page.screenshot({ path: path.join(artifacts, name), fullPage: true });
      await context.close();
    }

    const { context, page } = await newPage(DESKTOP);
    await page.goto(`${server.url}${linkPath}`);
    const text = `Still logged out after ten minutes — ${new Date().toISOString()}`;
    await page.getByLabel('Reply', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByTestId('timeline-reply').filter({ hasText: text }).waitFor();
    // The reply reopened the ticket.
    await page.locator('[data-testid="status-summary"][data-status="OPEN"]').waitFor();
    expect(await page.getByLabel('Reply', { exact: true }).inputValue()).toBe('');
    await page.reload();
    await page.getByTestId('timeline-reply').filter({ hasText: text }).waitFor();
    const stored = await asCustomer<Ticket>('GET', `/tickets/${ticket.id}`);
    expect(stored.status).toBe('OPEN');
    await context.close();
  });

  it('takes files with a reply and shows them with it', async () => {
    const asCustomer = await apiAs(CUSTOMER);
    const ticket = await asCustomer<Ticket>('POST', '/tickets', {
      subject: 'Charged twice for one order',
      description: 'My card statement shows the same amount twice on the same day.',
    });
    const link = await asCustomer<{ url: string }>('GET', `/tickets/${ticket.id}/tracking-link`);
    const { context, page } = await newPage(PHONE);
    await page.goto(`${server.url}${new URL(link.url).pathname}`);
    await page.getByRole('heading', { level: 1, name: ticket.subject }).waitFor();

    await page.getByTestId('attachment-input').setInputFiles([
      { name: 'statement.pdf', mimeType: 'application/pdf', buffer: PDF },
      { name: 'card.png', mimeType: 'image/png', buffer: await makePng(page) },
    ]);
    await page.getByTestId('file-chip').filter({ hasText: 'statement.pdf' }).waitFor();
    await page.getByTestId('file-chip').filter({ hasText: 'card.png' }).waitFor();
    const text = `Statement and card attached — ${new Date().toISOString()}`;
    await page.getByLabel('Reply', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Send reply' }).click();

    const reply = page.getByTestId('timeline-reply').filter({ hasText: text });
    await reply.waitFor();
    await reply.getByTestId('attachment').filter({ hasText: 'statement.pdf' }).waitFor();
    expect(await reply.getByTestId('attachment').count()).toBe(2);
    // The image's thumbnail comes through the link's own token, no session needed.
    expect(await decodedWidth(reply.getByTestId('attachment-thumbnail'))).toBe(120);
    expect(await reply.getByTestId('attachment-thumbnail').getAttribute('src')).toMatch(
      /^\/api\/public\/tickets\/.+\/thumbnail$/,
    );
    expect(await page.getByTestId('file-chip').count()).toBe(0);
    await expectNoSidewaysScroll(page);
    await page.screenshot({
      path: path.join(artifacts, 'tracking-link-reply-files-375.png'),
      fullPage: true,
    });
    const stored = await asCustomer<{ data: { attachments: { fileName: string }[] }[] }>(
      'GET',
      `/tickets/${ticket.id}/responses`,
    );
    expect(stored.data.flatMap((r) => r.attachments.map((a) => a.fileName)).sort()).toEqual([
      'card.png',
      'statement.pdf',
    ]);
    await context.close();
  });
});

describe('customer portal', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await newPage(DESKTOP));
  });
  afterAll(async () => context?.close());

  it('takes a signed-in customer to the portal, with quick counts, never to the dashboard', async () => {
    await signInAs(page, server.url, CUSTOMER);
    await page.waitForURL(/\/portal$/);
    await page.getByRole('heading', { level: 1, name: 'My tickets' }).waitFor();
    const all = page.getByTestId('quick-count-all');
    await page.waitForFunction(
      () =>
        !/–/.test(document.querySelector('[data-testid="quick-count-all"]')?.textContent ?? '–'),
    );
    const total = Number((await all.locator('.quick-count__value').textContent()) ?? 'NaN');
    expect(total).toBeGreaterThan(0);
    // The list loads on its own request, after or before the counts: wait for its first row.
    await page.getByTestId('portal-ticket-row').first().waitFor();
    expect(await page.getByTestId('portal-ticket-row').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(artifacts, 'portal-tickets.png'), fullPage: true });

    // A dashboard address leads back to the portal.
    await page.goto(`${server.url}/tickets`);
    await page.waitForURL(/\/portal$/);
  });

  it('creates a ticket, replies, closes it, and offers a follow-up instead of a reopening', async () => {
    await page.getByRole('link', { name: 'New ticket' }).first().click();
    await page.waitForURL(/\/portal\/new$/);
    const subject = `Appointment reminder never arrived ${Date.now()}`;
    await page.getByLabel('Subject').fill(subject);
    // The organization's categories (GET /api/categories) fill the list once they arrive.
    const category = page.getByLabel('Category');
    await category.locator('option').nth(1).waitFor({ state: 'attached' });
    const [, firstCategory] = await category.locator('option').allTextContents();
    await category.selectOption({ label: firstCategory! });
    await page
      .getByLabel('Description')
      .fill('I booked for Thursday but never got the reminder email or text message.');
    await page.getByLabel('Order or appointment number').fill('APT-2291');
    expect(await page.getByLabel('Priority').count()).toBe(0);
    // A screenshot goes with the ticket: its chip shows a preview before sending.
    await page.getByTestId('attachment-input').setInputFiles({
      name: 'missing-reminder.png',
      mimeType: 'image/png',
      buffer: await makePng(page),
    });
    const chip = page.getByTestId('file-chip').filter({ hasText: 'missing-reminder.png' });
    await chip.waitFor();
    expect(await chip.getByRole('img').count()).toBe(1);
    await page.getByRole('button', { name: 'Create ticket' }).click();

    await page.getByRole('heading', { level: 1, name: subject }).waitFor();
    await page.waitForURL(/\/portal\/tickets\/TKT-\d{5}$/);
    const reference = decodeURIComponent(page.url().split('/').pop()!);
    expect(await page.getByText('APT-2291').count()).toBe(1);
    expect(await page.getByText(firstCategory!, { exact: true }).count()).toBe(1);
    expect(await page.getByTestId('assignment').textContent()).toBe('Not yet');
    // The ticket's file, as the server's thumbnail (fetched with the session's token).
    const files = page.getByTestId('ticket-attachments');
    await files.getByTestId('attachment').filter({ hasText: 'missing-reminder.png' }).waitFor();
    expect(await decodedWidth(files.getByTestId('attachment-thumbnail'))).toBe(120);
    expect(await files.getByTestId('attachment-thumbnail').getAttribute('src')).toMatch(/^blob:/);

    // A "PNG" that is really text passes the browser's check by its name, and the server
    // refuses it by its content (415): said plainly, the reply and its draft kept to retry.
    const reply = 'Adding: my phone number ends in 42.';
    await page.getByLabel('Reply', { exact: true }).fill(reply);
    await page.getByTestId('attachment-input').setInputFiles({
      name: 'not-really.png',
      mimeType: 'image/png',
      buffer: Buffer.from('just some text, not an image\n'),
    });
    await page.getByTestId('file-chip').filter({ hasText: 'not-really.png' }).waitFor();
    await page.getByRole('button', { name: 'Send reply' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'This file was refused' });
    await refused.waitFor();
    expect(await refused.textContent()).toContain('not-really');
    expect(await page.getByLabel('Reply', { exact: true }).inputValue()).toBe(reply);
    await page.getByRole('button', { name: 'Remove not-really.png' }).click();
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByTestId('timeline-reply').filter({ hasText: reply }).waitFor();
    await page.screenshot({ path: path.join(artifacts, 'portal-ticket.png'), fullPage: true });

    await page.getByRole('button', { name: 'Close ticket' }).click();
    await page.getByRole('button', { name: 'Yes, close it' }).click();
    await page.getByTestId('follow-up-offer').waitFor();
    await page.locator('[data-testid="status-summary"][data-status="CLOSED"]').waitFor();
    expect(await page.getByRole('button', { name: /reopen/i }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /reopen/i }).count()).toBe(0);
    expect(await page.getByLabel('Reply', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Close ticket' }).count()).toBe(0);
    await page.screenshot({ path: path.join(artifacts, 'portal-closed.png'), fullPage: true });

    // The follow-up is a new ticket linked to the closed one.
    await page.getByRole('link', { name: 'Create a follow-up ticket' }).click();
    await page.waitForURL(/\/portal\/new\?followUpOf=/);
    await page.getByText(`This ticket follows up ${reference}`).waitFor();
    await page
      .getByLabel('Description')
      .fill('The reminder for my next appointment did not arrive either.');
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await page.waitForURL(
      (url) =>
        /\/portal\/tickets\/TKT-\d{5}$/.test(url.pathname) && !url.pathname.endsWith(reference),
    );
    const followsUp = page.getByRole('link', { name: reference });
    await followsUp.waitFor();
  });

  it('works on a phone', async () => {
    // The same session in a phone-sized window.
    const storage = await context.storageState();
    const phoneContext = await browser.newContext({ viewport: PHONE, storageState: storage });
    const phonePage = await phoneContext.newPage();
    await phonePage.goto(`${server.url}/portal`);
    await phonePage.getByRole('heading', { level: 1, name: 'My tickets' }).waitFor();
    await phonePage.getByTestId('portal-ticket-row').first().waitFor();
    await expectNoSidewaysScroll(phonePage);
    await phonePage.screenshot({
      path: path.join(artifacts, 'portal-tickets-375.png'),
      fullPage: true,
    });
    await phonePage.getByTestId('portal-ticket-row').first().getByRole('link').click();
    await phonePage.getByTestId('status-summary').waitFor();
    await expectNoSidewaysScroll(phonePage);
    await phonePage.screenshot({
      path: path.join(artifacts, 'portal-ticket-375.png'),
      fullPage: true,
    });
    await phoneContext.close();
  });
});
