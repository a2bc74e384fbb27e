/**
 * The keyboard-first inbox in Chromium, against the production build on an embedded PostgreSQL
 * (docs/product.md "Inbox", "Keyboard shortcuts"): an agent works a queue of three tickets with
 * the keyboard only — j/k to a ticket, Enter opens it beside the list (1280 px), r then a reply,
 * Ctrl+Enter sends, "Send and set status → Resolved" moves to the next ticket, Escape goes back to
 * the list with the focus on that ticket, ? lists the shortcuts, g then c / g then i move between
 * the chats and the inbox. Then, at 375 px, the header is one line (≤ 64 px) with a "Menu"
 * disclosure. axe-core at both widths; screenshots in e2e/artifacts/.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe.js';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { signInAs } from './support/sign-in.js';

const artifacts = path.resolve(import.meta.dirname, 'artifacts');
/** A word no seeded ticket holds, so the queue of this test's tickets is known exactly. */
const MARKER = 'Quillowtree';
let server: DocketServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let apiToken: string;
/** This test's tickets by reference. */
const created = new Map<string, ApiTicket>();

type ApiTicket = { id: string; reference: string; status: string };
type ApiResponse = { content: string; isInternal: boolean };

async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api${url}`, {
    method,
    headers: {
      Authorization: `Bearer ${apiToken}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const rows = () => page.getByTestId('ticket-row');
/** The references of the rows, top to bottom. */
const order = () =>
  page.$$eval('[data-ticket-row]', (elements) =>
    elements.map((element) => element.getAttribute('data-ticket-row') ?? ''),
  );
/** The reference of the row holding the focus ('' when the focus is elsewhere). */
const focusedRow = () =>
  page.evaluate(
    () =>
      document.activeElement?.closest('[data-ticket-row]')?.getAttribute('data-ticket-row') ?? '',
  );
const focusedLabel = () =>
  page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    if (!active) return '';
    const label = active.id ? document.querySelector(`label[for="${active.id}"]`) : null;
    return (
      label?.textContent?.trim() ?? active.getAttribute('aria-label') ?? active.textContent ?? ''
    );
  });

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  [server, browser] = await Promise.all([startDocketServer(), launchChromium()]);
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'agent@acme.test', password: 'docket-demo' }),
  });
  apiToken = ((await login.json()) as { accessToken: string }).accessToken;
  for (const n of [1, 2, 3]) {
    const ticket = await api<ApiTicket>('POST', '/tickets', {
      subject: `${MARKER} lamp ${n} flickers`,
      description: `The ${MARKER} lamp of order ${n} flickers when dimmed.`,
      priority: 'MEDIUM',
      requesterName: `Guest ${n}`,
      requesterEmail: `lamp${n}@example.com`,
    });
    created.set(ticket.reference, ticket);
  }
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

describe('keyboard-first inbox', () => {
  it('works a queue with the keyboard only, the ticket beside the list', async () => {
    await signInAs(page, server.url, 'agent@acme.test');
    await rows().first().waitFor();
    await page.goto(`${server.url}/tickets?q=${MARKER}`);
    await expect.poll(() => rows().count()).toBe(3);
    const [first, second, third] = (await order()) as [string, string, string];

    // The dense table, chosen by keyboard: Tab to the switch, Enter.
    for (let i = 0; i < 40 && (await focusedLabel()) !== 'Table'; i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: 'Tickets' }).waitFor();

    await page.keyboard.press('j');
    expect(await focusedRow()).toBe(first);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await focusedRow()).toBe(third);
    await page.keyboard.press('k');
    expect(await focusedRow()).toBe(second);
    await page.keyboard.press('x');
    expect(
      await page.getByRole('checkbox', { name: `Select ${second}` }).getAttribute('aria-checked'),
    ).toBe('true');
    await page.keyboard.press('x');

    // Enter opens it beside the list; the address holds both.
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/tickets/${second}\\?q=${MARKER}`));
    await page.getByRole('heading', { level: 1, name: `${MARKER} lamp 2 flickers` }).waitFor();
    await page.locator('.inbox--split').waitFor();
    expect(await rows().count()).toBe(3);
    expect(await page.locator(`[data-ticket-row="${second}"]`).getAttribute('aria-current')).toBe(
      'true',
    );
    const [list, detail] = await Promise.all([
      page.locator('.inbox__list').boundingBox(),
      page.locator('.inbox__ticket').boundingBox(),
    ]);
    expect(list && detail && list.x + list.width <= detail.x).toBe(true);

    // r: the reply box; Ctrl+Enter sends.
    await page.keyboard.press('r');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    const reply = `Thanks, a new ${MARKER} driver is on its way.`;
    await page.keyboard.type(reply);
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('response').filter({ hasText: reply }).waitFor();
    const secondId = created.get(second)!.id;
    const saved = await api<{ data: ApiResponse[] }>('GET', `/tickets/${secondId}/responses`);
    expect(saved.data.some((r) => r.content.includes(reply) && !r.isInternal)).toBe(true);

    // Send and resolve, then the next ticket of the queue opens. The box still has the focus
    // (typed keys are text there, not shortcuts).
    if ((await page.evaluate(() => document.activeElement?.tagName)) !== 'TEXTAREA') {
      await page.keyboard.press('r');
    }
    await page.keyboard.type('Closing this one: the driver fixed it.');
    for (let i = 0; i < 15 && (await focusedLabel()) !== 'Send and set status'; i++) {
      await page.keyboard.press('Tab');
    }
    expect(await focusedLabel()).toBe('Send and set status');
    await page.keyboard.press('Enter');
    await page.getByRole('menu').waitFor();
    for (let i = 0; i < 5 && (await focusedLabel()) !== 'Resolved'; i++) {
      await page.keyboard.press('ArrowDown');
    }
    expect(await focusedLabel()).toBe('Resolved');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await api<ApiTicket>('GET', `/tickets/${secondId}`)).status)
      .toBe('RESOLVED');
    await page.waitForURL(new RegExp(`/tickets/${third}\\?q=${MARKER}`)).catch(async (error) => {
      await page.screenshot({ path: path.join(artifacts, 'keyboard-inbox-next-failed.png') });
      throw error;
    });
    // Solved, it leaves the (unsolved) queue.
    await expect.poll(() => rows().count()).toBe(2);
    await page.screenshot({ path: path.join(artifacts, 'keyboard-inbox-split-1280.png') });
    await expectNoSeriousA11yViolations(page, 'inbox split view (1280 px)');

    // Escape: back to the list, the focus on the ticket's row.
    await page.keyboard.press('Escape');
    await page.waitForURL(new RegExp(`/tickets\\?q=${MARKER}$`));
    await expect.poll(focusedRow).toBe(third);

    // ? lists the shortcuts.
    await page.keyboard.press('Shift+Slash');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    await help.getByRole('cell', { name: 'Write an internal note' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'keyboard shortcuts dialog (1280 px)');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    // g then c: the chats; g then i: back to the inbox.
    await page.keyboard.press('g');
    await page.keyboard.press('c');
    await page.waitForURL(/\/chats$/);
    await page.keyboard.press('g');
    await page.keyboard.press('i');
    await page.waitForURL(/\/tickets$/);
  });

  it('keeps the phone header to one line with a Menu disclosure, and axe clean', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${server.url}/tickets`);
    await rows().first().waitFor();
    const header = page.locator('header.app-header');
    const height = (await header.boundingBox())?.height ?? Infinity;
    expect(height).toBeLessThanOrEqual(64);
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    await page.screenshot({ path: path.join(artifacts, 'keyboard-inbox-header-375.png') });
    await expectNoSeriousA11yViolations(page, 'inbox (375 px)');

    await menu.focus();
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Chats' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'inbox, menu open (375 px)');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // Escape folds it again, the focus back on the button.
    await nav.getByRole('link', { name: 'Chats' }).focus();
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Menu');

    // A ticket opens alone on a phone; the same address.
    await page.goto(`${server.url}/tickets?q=${MARKER}`);
    await rows().first().waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/tickets\/TKT-/);
    await page.locator('.inbox__ticket h1').waitFor();
    expect(await page.locator('.inbox__list').isVisible()).toBe(false);
    await expectNoSeriousA11yViolations(page, 'ticket (375 px)');
  });
});
