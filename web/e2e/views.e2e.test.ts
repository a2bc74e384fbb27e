/**
 * Views with live counts in a real browser against the production build (docs/product.md
 * "Views"): an admin saves the list's filters as a view shared with the organization (the save
 * dialog's "Share with"); an agent, in another browser context, sees it under "Shared" in the
 * inbox's views sidebar with its count; a ticket created through the API raises that count
 * without a reload (live notice → counts refetched, at most every 2 s).
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { DEMO_PASSWORD, signInAs } from './support/sign-in.js';

/** Live changes arrive within a few seconds; this only bounds a failing wait. */
const WAIT = { timeout: 20_000 };

let server: DocketServer;
let browser: Browser;
let contexts: BrowserContext[] = [];
let admin: Page;
let agent: Page;
/** Per attempt, so that a retry meets neither the first attempt's view nor its tickets. */
let tag = '';
let viewName = '';

async function signIn(page: Page, email: string): Promise<void> {
  await signInAs(page, server.url, email);
  await page
    .getByRole('link', { name: /TKT-\d{5}/ })
    .first()
    .waitFor(WAIT);
}

/** A ticket through the API, as an integrator would, carrying `tag`. */
async function createTaggedTicket(): Promise<void> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'agent2@acme.test', password: DEMO_PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const res = await fetch(`${server.url}/api/tickets`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      subject: `Counted by the shared view ${tag}`,
      description: 'Created by the views browser test.',
      tags: [tag],
    }),
  });
  if (res.status !== 201) throw new Error(`POST /api/tickets: ${res.status} ${await res.text()}`);
}

/** The view's link in the sidebar. */
function viewLink(page: Page): Locator {
  return page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('link', { name: new RegExp(viewName) });
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startDocketServer(), launchChromium()]);
  contexts = await Promise.all([
    browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-CA' }),
    browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-CA' }),
  ]);
  admin = await contexts[0]!.newPage();
  agent = await contexts[1]!.newPage();
  await signIn(admin, 'admin@acme.test');
  await signIn(agent, 'agent@acme.test');
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

describe('views with live counts', () => {
  it('lets an admin share a view that an agent sees with a count that follows new tickets', async () => {
    tag = `views-e2e-${Date.now()}`;
    viewName = `Shared ${tag}`;
    await createTaggedTicket();

    // The admin saves the list filtered by the tag as a view for the whole organization.
    await admin.goto(`${server.url}/tickets?tags=${tag}`);
    await admin.getByRole('button', { name: /^Views/ }).click();
    await admin.getByRole('menuitem', { name: 'Save current view…' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Name').fill(viewName);
    await dialog.getByRole('combobox', { name: 'Share with' }).click();
    await admin.getByRole('option', { name: 'Everyone in the organization' }).click();
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });

    // The agent sees it under "Shared", counting the one tagged ticket.
    await agent.goto(`${server.url}/tickets`);
    const link = viewLink(agent);
    await link.waitFor(WAIT);
    const shared = agent
      .getByRole('navigation', { name: 'Views' })
      .getByRole('heading', { name: 'Shared' });
    expect(await shared.isVisible()).toBe(true);
    const count = link.locator('.views-sidebar__count');
    await expect.poll(() => count.textContent(), WAIT).toBe('1');

    // Following it shows its list, marked as the current view.
    await link.click();
    await agent.waitForURL(new RegExp(`tags=${tag}`));
    await expect.poll(() => link.getAttribute('aria-current'), WAIT).toBe('page');

    // A new ticket through the API: the count goes up without a reload.
    await agent.locator('[data-testid="live-indicator"][data-state="live"]').waitFor(WAIT);
    await createTaggedTicket();
    await expect.poll(() => count.textContent(), WAIT).toBe('2');
  });
});
