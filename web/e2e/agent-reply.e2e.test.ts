/**
 * The foundation's end-to-end path in a real browser: the demo agent signs in, sees the seeded
 * tickets, opens one and posts a reply that then shows on the page — against the production
 * build on an embedded PostgreSQL.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { signInAs } from './support/sign-in.js';

const artifacts = path.resolve(import.meta.dirname, 'artifacts');
let server: DocketServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  [server, browser] = await Promise.all([startDocketServer(), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

describe('agent signs in and replies', () => {
  it('shows the seeded tickets after sign-in', async () => {
    await signInAs(page, server.url, 'agent@acme.test');
    const rows = page.getByRole('link', { name: /TKT-\d{5}/ });
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThanOrEqual(10);
    await page.screenshot({ path: path.join(artifacts, 'ticket-list.png'), fullPage: true });
  });

  it('opens a ticket and posts a reply that shows on the page', async () => {
    await page
      .getByRole('link', { name: /TKT-\d{5}/ })
      .first()
      .click();
    await page.waitForURL(/\/tickets\//);
    const before = await page.getByTestId('response').count();
    const text = `Thanks for your patience — checked at ${new Date().toISOString()}`;
    await page.getByLabel('Reply').fill(text);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByTestId('response').filter({ hasText: text }).waitFor();
    expect(await page.getByTestId('response').count()).toBe(before + 1);
    await page.screenshot({ path: path.join(artifacts, 'ticket-page.png'), fullPage: true });

    // It is stored: a reload still shows it.
    await page.reload();
    await page.getByTestId('response').filter({ hasText: text }).waitFor();
  });
});

describe('shutdown', () => {
  it('stops the server and the embedded PostgreSQL cleanly on SIGTERM', async () => {
    await page.close();
    expect(await server.stop()).toBe(0);
    // PostgreSQL removes its pid file on a clean shutdown.
    expect(existsSync(path.join(server.dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(server.dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
  });
});
