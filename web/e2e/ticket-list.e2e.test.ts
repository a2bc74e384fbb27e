/**
 * The agent's ticket list in Chromium, against the production build on an embedded PostgreSQL
 *: status, priority and search filters kept in the address (a reload keeps
 * them), a saved view saved and applied, two tickets bulk-assigned and moved to another status
 * (one selected by keyboard), the list at 375 px without sideways scrolling, axe-core on the
 * list, and screenshots in e2e/artifacts/.
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
/** A word no seeded ticket holds, so the list of this test's tickets is known exactly. */
const MARKER = 'Zephyrine';
let server: DocketServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let apiToken: string;
const tickets: { id: string; reference: string }[] = [];

type ApiTicket = {
  id: string;
  reference: string;
  status: string;
  assignee: { id: string; name: string } | null;
};

/** Calls the API as the demo agent, behind the page's back. */
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

async function screenshot(name: string) {
  await page.screenshot({ path: path.join(artifacts, name), fullPage: true });
}

const rows = () => page.getByTestId('ticket-row');
const search = () => new URL(page.url()).searchParams;

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
    tickets.push(
      await api('POST', '/tickets', {
        subject: `${MARKER} kettle order ${n} arrived broken`,
        description: `The ${MARKER} kettle of order ${n} arrived with a cracked lid.`,
        priority: 'HIGH',
        requesterName: `Guest ${n}`,
        requesterEmail: `guest${n}@example.com`,
      }),
    );
  }
  // A fourth, LOW, that the priority filter must leave out.
  await api('POST', '/tickets', {
    subject: `${MARKER} kettle question, no rush`,
    description: `Which ${MARKER} kettle fits a small kitchen, please?`,
    priority: 'LOW',
    requesterName: 'Guest 4',
    requesterEmail: 'guest4@example.com',
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

describe('ticket list', () => {
  it('filters by status and priority and searches; the address keeps it all across a reload', async () => {
    await signInAs(page, server.url, 'agent@acme.test');
    await rows().first().waitFor();

    await page.locator('summary', { hasText: 'Status' }).click();
    await page.getByRole('checkbox', { name: 'New', exact: true }).click();
    await page.waitForURL(/status=NEW/);
    await page.locator('summary', { hasText: 'Priority' }).click();
    await page.getByRole('checkbox', { name: 'High', exact: true }).click();
    await page.waitForURL(/priority=HIGH/);
    await page.getByRole('searchbox', { name: 'Search tickets' }).fill(MARKER);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(new RegExp(`q=${MARKER}`));

    await expect.poll(() => rows().count()).toBe(3);
    expect(search().get('status')).toBe('NEW');
    expect(search().get('priority')).toBe('HIGH');
    for (const ticket of tickets) {
      await page.getByRole('link', { name: new RegExp(ticket.reference) }).waitFor();
    }

    await page.reload();
    await expect.poll(() => rows().count()).toBe(3);
    expect(await page.getByRole('searchbox', { name: 'Search tickets' }).inputValue()).toBe(MARKER);
    expect(await page.getByRole('checkbox', { name: 'New', exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'High', exact: true }).isChecked()).toBe(true);

    // Back returns to the view before the search.
    await page.goBack();
    await expect.poll(() => search().has('q')).toBe(false);
    await page.goForward();
    await expect.poll(() => rows().count()).toBe(3);

    await screenshot('ticket-list-filtered-1280.png');
    await expectNoSeriousA11yViolations(page, 'ticket list, filtered (1280 px)');
  });

  it('saves the view, and applies it from a plain list', async () => {
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'Save current view…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save this view' });
    await dialog.getByLabel('Name').fill('New high kettles');
    await screenshot('ticket-list-save-view-1280.png');
    await expectNoSeriousA11yViolations(page, 'save view dialog (1280 px)');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await page.locator('.ui-toast__title', { hasText: 'View “New high kettles” saved.' }).waitFor();
    await page.getByRole('button', { name: 'View: New high kettles' }).waitFor();

    await page.goto(`${server.url}/tickets`);
    await rows().first().waitFor();
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'New high kettles' }).click();
    await page.waitForURL(new RegExp(`q=${MARKER}`));
    expect(search().get('status')).toBe('NEW');
    expect(search().get('priority')).toBe('HIGH');
    await expect.poll(() => rows().count()).toBe(3);
    await page.getByRole('button', { name: 'View: New high kettles' }).waitFor();
  });

  it('bulk-assigns two tickets to me, then moves them to In progress', async () => {
    const [first, second, third] = tickets as [
      (typeof tickets)[0],
      (typeof tickets)[0],
      (typeof tickets)[0],
    ];
    await page.getByRole('checkbox', { name: `Select ${first.reference}` }).click();
    // The second by keyboard: Tab order reaches it, Space ticks it.
    await page.getByRole('checkbox', { name: `Select ${second.reference}` }).focus();
    await page.keyboard.press('Space');
    await page.getByText('2 tickets selected').waitFor();
    expect(
      await page
        .getByRole('checkbox', { name: 'Select all tickets shown' })
        .getAttribute('aria-checked'),
    ).toBe('mixed');

    const toolbar = page.getByRole('toolbar', { name: 'Actions on the selected tickets' });
    await toolbar.getByRole('button', { name: 'Assign' }).click();
    await page.getByRole('menuitem', { name: 'Assign to me' }).click();
    await page.locator('.ui-toast__title', { hasText: '2 tickets updated.' }).waitFor();
    await screenshot('ticket-list-bulk-assigned-1280.png');
    for (const ticket of [first, second]) {
      const after = await api<ApiTicket>('GET', `/tickets/${ticket.id}`);
      expect(after.assignee?.name).toBe('Alex Agent');
    }
    // The toolbar leaves with the selection; the toast goes in its time.
    await page.getByText('2 tickets selected').waitFor({ state: 'detached' });
    expect((await api<ApiTicket>('GET', `/tickets/${third.id}`)).assignee).toBeNull();
    // The rows say who has them, in words.
    const firstRow = rows().filter({ hasText: first.reference });
    await firstRow.getByText('Claimed').waitFor();

    await page.getByRole('checkbox', { name: `Select ${first.reference}` }).click();
    await page.getByRole('checkbox', { name: `Select ${second.reference}` }).click();
    await toolbar.getByRole('button', { name: 'Change status' }).click();
    await page.getByRole('menuitem', { name: 'In progress' }).click();
    await page.getByText('2 tickets selected').waitFor({ state: 'detached' });
    for (const ticket of [first, second]) {
      await expect
        .poll(async () => (await api<ApiTicket>('GET', `/tickets/${ticket.id}`)).status)
        .toBe('IN_PROGRESS');
    }
    // They leave the list of NEW tickets; the third stays.
    await expect.poll(() => rows().count()).toBe(1);
    await page.getByRole('link', { name: new RegExp(third.reference) }).waitFor();
  });

  it('works at 375 px: no sideways scrolling, filters, views and selection reachable', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${server.url}/tickets`);
    await rows().first().waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole('searchbox', { name: 'Search tickets' }).waitFor();
    await page.getByRole('button', { name: 'Views' }).waitFor();
    await page.getByRole('checkbox', { name: 'Select all tickets shown' }).waitFor();
    await screenshot('ticket-list-375.png');
    await expectNoSeriousA11yViolations(page, 'ticket list (375 px)');

    await page.getByRole('checkbox', { name: 'Select all tickets shown' }).click();
    await page.getByRole('toolbar', { name: 'Actions on the selected tickets' }).waitFor();
    const overflowSelected = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflowSelected).toBeLessThanOrEqual(0);
    await screenshot('ticket-list-selected-375.png');
  });
});
