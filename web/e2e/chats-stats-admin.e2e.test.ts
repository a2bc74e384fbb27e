/**
 * Issue 4, helper C's flows in a real browser against the production build with its demo data:
 * an agent turns a chat into a ticket (landing on the ticket page) and links another chat to that
 * ticket; reads the statistics (charts drawn, SLA included, every figure also as text); sees no
 * admin links. An admin creates a user, a category and an API key (secret shown once), then
 * revokes the key.
 * axe-core checks the chats, stats and admin pages; screenshots at 1280 and 375 px go to
 * web/e2e/artifacts/.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe.js';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { signInAs } from './support/sign-in.js';

const artifacts = path.resolve(import.meta.dirname, 'artifacts');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
let server: DocketServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  [server, browser] = await Promise.all([startDocketServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

async function signIn(email: string): Promise<Page> {
  const page = await browser.newPage({ viewport: DESKTOP });
  await signInAs(page, server.url, email);
  await page
    .getByRole('link', { name: /TKT-\d{5}/ })
    .first()
    .waitFor();
  return page;
}

/** Axe, then screenshots of the page at desktop and phone widths (back to desktop after). */
async function checkPage(page: Page, name: string) {
  await expectNoSeriousA11yViolations(page, `${name} (1280 px)`);
  await page.screenshot({ path: path.join(artifacts, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await expectNoSeriousA11yViolations(page, `${name} (375 px)`);
  // Nothing sticks out sideways on a phone.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(artifacts, `${name}-375.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
}

describe('agent: chats and statistics', () => {
  let page: Page;
  let reference: string;

  beforeAll(async () => {
    page = await signIn('agent@acme.test');
  });

  it('turns a chat into a ticket and lands on the ticket page', async () => {
    await page.getByRole('link', { name: 'Chats', exact: true }).click();
    await page.getByRole('heading', { name: 'Chats', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Maya Patel' }).waitFor();
    await checkPage(page, 'chats');

    await page.getByRole('link', { name: 'Maya Patel' }).click();
    await page.getByRole('heading', { name: 'Maya Patel', level: 1 }).waitFor();
    await checkPage(page, 'chat');
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await page.waitForURL(/\/tickets\/TKT-\d{5}$/);
    reference = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByText(reference).first().waitFor();
  });

  it('links another chat to that ticket', async () => {
    await page.getByRole('link', { name: 'Chats', exact: true }).click();
    await page.getByRole('link', { name: 'Jonas Becker' }).click();
    await page.getByRole('heading', { name: 'Jonas Becker', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Link to a ticket' }).click();
    const dialog = page.getByRole('dialog', { name: 'Link this chat to a ticket' });
    await dialog.getByLabel('Find a ticket').fill(reference);
    await dialog.getByRole('button', { name: `Link to ${reference}` }).click();
    await dialog.waitFor({ state: 'detached' });
    const tickets = page.getByRole('region', { name: 'Tickets' });
    await tickets.getByRole('link', { name: reference }).waitFor();

    // The chat made into a ticket now lists it too: linked both ways.
    await page.goto(`${server.url}/chats?status=all`);
    await page.getByRole('link', { name: 'Jonas Becker' }).waitFor();
    expect(await page.getByText('1 ticket', { exact: true }).count()).toBeGreaterThanOrEqual(2);
  });

  it('shows the statistics as charts and as text', async () => {
    await page.getByRole('link', { name: 'Statistics' }).click();
    await page.getByRole('heading', { name: 'Statistics', level: 1 }).waitFor();
    const byPriority = page.getByRole('table', { name: 'Open tickets by priority, now' });
    await byPriority.waitFor();
    // Four charts of tickets, and the SLA section's chart of % met per period (demo data has
    // met and breached targets), with its table by metric.
    await page.getByRole('table', { name: 'SLA targets met and breached by metric' }).waitFor();
    await page.locator('.stats-chart .recharts-wrapper').nth(4).waitFor();
    expect(await page.locator('.stats-chart .recharts-wrapper').count()).toBe(5);
    expect(await byPriority.getByRole('row').count()).toBe(6); // header + five priorities
    const workload = page.getByRole('table', { name: 'Open tickets per agent, now' });
    await workload.getByRole('row').nth(1).waitFor();
    expect(await workload.getByRole('row').count()).toBeGreaterThanOrEqual(3); // header + agents
    await page.getByRole('table', { name: /First response and resolution times/ }).waitFor();

    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await page.waitForURL(/period=7/);
    await byPriority.waitFor();
    await page.locator('.stats-figures[aria-busy="false"]').waitFor();
    await checkPage(page, 'stats');
  });

  it('does not show the admin links to an agent', async () => {
    expect(await page.getByRole('button', { name: 'Admin', exact: true }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await page.close();
  });
});

describe('admin: users, categories, API keys', () => {
  let page: Page;
  const stamp = Date.now().toString(36);

  beforeAll(async () => {
    page = await signIn('admin@acme.test');
  });

  async function openAdmin(name: string) {
    await page.getByRole('button', { name: 'Admin', exact: true }).click();
    await page.getByRole('menuitem', { name }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
  }

  it('creates a user', async () => {
    await openAdmin('Users');
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel(/^Name/).fill(`Nina ${stamp}`);
    await dialog.getByLabel(/^Email/).fill(`nina-${stamp}@acme.test`);
    await dialog.getByLabel(/^First password/).fill('a-long-password-1');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('row', { name: new RegExp(`Nina ${stamp}`) }).waitFor();
    await checkPage(page, 'admin-users');
  });

  it('creates a category', async () => {
    await openAdmin('Categories');
    await page.getByLabel(/^Name/).fill(`Returns ${stamp}`);
    await page.getByRole('button', { name: 'Add category' }).click();
    await page.getByRole('row', { name: new RegExp(`Returns ${stamp}`) }).waitFor();
    await checkPage(page, 'admin-categories');
  });

  it('creates an API key, shows its secret once, and revokes it', async () => {
    await openAdmin('API keys');
    await page.getByLabel(/^Name/).fill(`CRM ${stamp}`);
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByTestId('api-key-secret');
    await secret.waitFor();
    const key = (await secret.textContent()) ?? '';
    expect(key).toMatch(/^dk_[A-Za-z0-9]{8}_/);

    // The key works against the API until revoked.
    const asKey = () =>
      fetch(`${server.url}/api/tickets?limit=1`, { headers: { authorization: `Bearer ${key}` } });
    expect((await asKey()).status).toBe(200);

    await checkPage(page, 'admin-api-keys');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.getByTestId('api-key-secret').count()).toBe(0);
    expect(await page.getByText(key).count()).toBe(0);

    await page.getByRole('button', { name: `Revoke CRM ${stamp}` }).click();
    const confirm = page.getByRole('dialog', { name: `Revoke CRM ${stamp}?` });
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page
      .getByRole('row', { name: new RegExp(`CRM ${stamp}`) })
      .getByText('Revoked')
      .waitFor();
    expect((await asKey()).status).toBe(401);
  });
});
