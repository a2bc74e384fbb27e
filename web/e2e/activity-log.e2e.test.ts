/**
 * The organization activity log in a real browser, against the production build: an
 * admin opens "Activity log" from the Admin menu on a phone (375 px) and sees the entries the API
 * holds, or the empty state when there are none (the demo data may have none); no sideways
 * scrolling, no serious axe violation. A screenshot goes to web/e2e/artifacts/.
 */
import { mkdirSync } from 'node:fs';
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

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  [server, browser] = await Promise.all([startDocketServer(), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The demo admin's access token (signing in is itself recorded in the log). */
async function adminToken(): Promise<string> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'admin@acme.test', password: 'docket-demo' }),
  });
  return ((await login.json()) as { accessToken: string }).accessToken;
}

/** How many entries the API holds for the demo organization (first page), as the admin. */
async function activityCount(accessToken: string): Promise<number> {
  const response = await fetch(`${server.url}/api/organization/activity`, {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: unknown[] }).data.length;
}

describe('activity log', () => {
  it('opens from the Admin menu for admins, on a phone', async () => {
    // Signed in through the API first: the browser's sign-in below is then the last entry, and
    // the count read once the page shows the log (with this token, no new sign-in) is the page's.
    const token = await adminToken();
    const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
    const page = await context.newPage();
    await signInAs(page, server.url, 'admin@acme.test');
    // On a phone the navigation folds behind the header's Menu button.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('button', { name: 'Admin', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Activity log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Activity log' }).waitFor();
    const table = page.getByRole('table', { name: 'Organization activity, newest first' });
    await table.waitFor();
    const count = await activityCount(token);
    if (count === 0) {
      await page.getByText('No activity recorded yet.').waitFor();
    } else {
      // The header row, then one row per entry of the first page.
      expect(await table.getByRole('row').count()).toBe(count + 1);
    }
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await expectNoSeriousA11yViolations(page, 'activity log (375 px)');
    await page.screenshot({ path: path.join(artifacts, 'activity-log-375.png'), fullPage: true });
    await context.close();
  });
});
