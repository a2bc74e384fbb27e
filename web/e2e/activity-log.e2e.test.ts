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

/** How many entries the API holds for the demo organization (first page), as the admin. */
async function activityCount(): Promise<number> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'admin@acme.test', password: 'docket-demo' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const response = await fetch(`${server.url}/api/organization/activity`, {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: unknown[] }).data.length;
}

describe('activity log', () => {
  it('opens from the Admin menu for admins, on a phone', async () => {
    const count = await activityCount();
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
