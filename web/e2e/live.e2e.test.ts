/**
 * Live updates in a real browser: two agents in two browser contexts against the
 * production build. What the second agent changes (through the API, as an integrator or another
 * tab would) reaches the first one's list and ticket page without a reload, over the SSE stream;
 * the second agent opening a ticket the first is replying to sees the collision notice; the
 * dashboard switches to French (text and dates); axe-core finds no serious or critical
 * violation on the list and ticket pages. Screenshots at 1280 and 375 px go to e2e/artifacts/.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe.js';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { DEMO_PASSWORD, signInAs } from './support/sign-in.js';

const artifacts = path.resolve(import.meta.dirname, 'artifacts');
const PASSWORD = DEMO_PASSWORD;
/** Live changes arrive within about a second; this only bounds a failing wait. */
const WAIT = { timeout: 20_000 };

let server: DocketServer;
let browser: Browser;
let contexts: BrowserContext[] = [];
let agent1: Page;
let agent2: Page;
let agent2Token: string;
let ticket: { id: string; reference: string; subject: string };

async function signIn(page: Page, email: string): Promise<void> {
  await signInAs(page, server.url, email);
  await page
    .getByRole('link', { name: /TKT-\d{5}/ })
    .first()
    .waitFor(WAIT);
}

/** Waits until the page's live stream is open (the header's indicator says so). */
async function waitUntilLive(page: Page): Promise<void> {
  await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor(WAIT);
}

async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: {
      Authorization: `Bearer ${agent2Token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function screenshot(page: Page, name: string): Promise<void> {
  for (const [label, width] of [
    ['desktop', 1280],
    ['phone', 375],
  ] as const) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: path.join(artifacts, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  [server, browser] = await Promise.all([startDocketServer(), launchChromium()]);
  contexts = await Promise.all([
    browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-CA' }),
    browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-CA' }),
  ]);
  agent1 = await contexts[0]!.newPage();
  agent2 = await contexts[1]!.newPage();
  await signIn(agent1, 'agent@acme.test');
  await signIn(agent2, 'agent2@acme.test');
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'agent2@acme.test', password: PASSWORD }),
  });
  agent2Token = ((await login.json()) as { accessToken: string }).accessToken;
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

describe('live updates between two agents', () => {
  it("shows another agent's new ticket and status change in the list without a reload", async () => {
    await waitUntilLive(agent1);
    await expectNoSeriousA11yViolations(agent1, 'ticket list (1280 px)');
    const subject = `Live update check ${Date.now()}`;
    const created = await api<{ id: string; reference: string }>('POST', '/api/tickets', {
      subject,
      description: 'Created by the live updates browser test.',
    });
    ticket = { id: created.id, reference: created.reference, subject };

    const row = agent1.getByTestId('ticket-row').filter({ hasText: subject });
    await row.waitFor(WAIT);

    await api('PATCH', `/api/tickets/${ticket.id}`, { status: 'IN_PROGRESS' });
    await row.getByText('In progress').waitFor(WAIT);
    await screenshot(agent1, 'live-ticket-list');
  });

  it("shows another agent's reply on the open ticket page without a reload", async () => {
    await agent1.getByRole('link', { name: new RegExp(ticket.reference) }).click();
    await agent1.waitForURL(/\/tickets\//);
    await agent1.getByRole('heading', { name: ticket.subject }).waitFor(WAIT);
    await waitUntilLive(agent1);

    const text = `A reply from the other agent at ${new Date().toISOString()}`;
    await api('POST', `/api/tickets/${ticket.id}/responses`, { content: text });
    await agent1.getByTestId('response').filter({ hasText: text }).waitFor(WAIT);
    await expectNoSeriousA11yViolations(agent1, 'ticket page (1280 px)');
  });

  it('warns an agent who opens a ticket another agent is replying to', async () => {
    // Agent 1 starts a reply on the open ticket page.
    await agent1.getByLabel('Reply').fill('Drafting an answer about the refund…');

    await agent2.goto(`${server.url}/tickets/${ticket.reference}`);
    const notice = agent2.getByTestId('ticket-presence');
    await notice.getByText(/is replying/).waitFor(WAIT);
    // …and agent 1 sees, pushed live, that agent 2 is now looking at it.
    await agent1
      .getByTestId('ticket-presence')
      .getByText(/is viewing/)
      .waitFor(WAIT);
    await expectNoSeriousA11yViolations(agent2, 'ticket page with the collision notice');
    await screenshot(agent2, 'live-collision-notice');

    // Agent 1 clears the draft: the notice goes back to "viewing".
    await agent1.getByLabel('Reply').fill('');
    await notice.getByText(/is viewing/).waitFor(WAIT);
  });

  it('switches the dashboard to French: words and dates', async () => {
    await agent2.goto(`${server.url}/`);
    await waitUntilLive(agent2);
    await agent2.getByLabel('Language').selectOption('fr-CA');
    await agent2.getByRole('link', { name: 'Billets', exact: true }).waitFor(WAIT);
    await agent2.getByText('En direct').waitFor(WAIT);
    expect(await agent2.evaluate(() => document.documentElement.lang)).toBe('fr-CA');

    const time = agent2.locator('[data-testid="ticket-row"] time').first();
    const { shown, expected } = await time.evaluate((el) => ({
      shown: el.textContent ?? '',
      // In agent2's profile time zone (the demo data's), not the browser's.
      expected: new Intl.DateTimeFormat('fr-CA', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'America/Montreal',
      }).format(new Date(el.getAttribute('datetime') ?? '')),
    }));
    expect(shown).toContain(expected);
    expect(shown).toMatch(/^Mis à jour/);
    await expectNoSeriousA11yViolations(agent2, 'ticket list in French');
    await screenshot(agent2, 'live-ticket-list-fr');

    // Back to English for whoever uses this browser profile next.
    await agent2.getByLabel('Langue').selectOption('en');
    await agent2.getByRole('link', { name: 'Tickets', exact: true }).waitFor(WAIT);
  });
});
