/**
 * A recurring session in a real browser against the production build (docs/product.md
 * "Sessions"): an agent schedules a weekly session for 4 occurrences from the ticket page, sees
 * the 4 occurrences, cancels the first one alone, and the requester's portal shows the next
 * occurrence (the second one).
 */
import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { apiTokenOf, signInAs } from './support/sign-in.js';

let server: DocketServer;
let browser: Browser;
const WAIT = { timeout: 20_000 };

beforeAll(async () => {
  [server, browser] = await Promise.all([startDocketServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

describe('recurring sessions', () => {
  it('schedules 4 weekly sessions, cancels one, and the requester sees the next one', async () => {
    const customer = await apiTokenOf(server.url, 'customer@acme.test');
    const created = await fetch(`${server.url}/api/tickets`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${customer}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        subject: `Weekly check-ins ${Date.now()}`,
        description: 'Could we meet every week for a month?',
      }),
    });
    expect(created.status).toBe(201);
    const ticket = (await created.json()) as { id: string; reference: string };

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInAs(page, server.url, 'agent@acme.test');
    await page.waitForURL(/\/tickets/);
    await page.goto(`${server.url}/tickets/${ticket.reference}`);
    await page.getByRole('button', { name: 'Schedule a session' }).click();
    await page.getByLabel('Date').fill('2030-01-07');
    await page.getByLabel('Time', { exact: true }).fill('15:00');
    await page.getByRole('checkbox', { name: 'Repeat every week or every few weeks' }).click();
    await page.getByLabel('Every (weeks)').fill('1');
    await page.getByLabel('Number of sessions').fill('4');
    await page.getByRole('button', { name: 'Save session' }).click();

    await page.getByTestId('session-recurrence').waitFor(WAIT);
    expect(await page.getByTestId('session-recurrence').textContent()).toContain(
      'Every week, 4 times',
    );
    const occurrences = page.getByTestId('session-occurrence');
    await occurrences.nth(3).waitFor(WAIT);
    expect(await occurrences.count()).toBe(4);

    // The first occurrence cancelled on its own: the other three stand.
    await occurrences.nth(0).getByRole('button', { name: 'Cancel this one' }).click();
    await occurrences.nth(0).getByRole('button', { name: 'Restore' }).waitFor(WAIT);
    expect(await page.getByTestId('session-occurrences').getByText('Cancelled').count()).toBe(1);
    await context.close();

    const agent = await apiTokenOf(server.url, 'agent@acme.test');
    const list = (await (
      await fetch(`${server.url}/api/tickets/${ticket.id}/session/occurrences`, {
        headers: { Authorization: `Bearer ${agent}` },
      })
    ).json()) as { data: { scheduledAt: string; cancelledAt: string | null }[] };
    expect(list.data.map((o) => o.cancelledAt !== null)).toEqual([true, false, false, false]);

    // The requester's portal shows the next session: the second one.
    const portal = await browser.newContext({ viewport: { width: 375, height: 812 } });
    const customerPage = await portal.newPage();
    await signInAs(customerPage, server.url, 'customer@acme.test');
    await customerPage.waitForURL(/\/portal/);
    await customerPage.goto(`${server.url}/portal/tickets/${ticket.reference}`);
    const next = customerPage.getByTestId('next-session');
    await next.waitFor(WAIT);
    expect(await next.locator('time').getAttribute('datetime')).toBe(list.data[1]!.scheduledAt);
    await portal.close();
  });
});
