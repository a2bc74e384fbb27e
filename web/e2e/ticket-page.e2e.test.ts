/**
 * The agent's ticket page and the create-ticket form in Chromium, against the production build
 * on an embedded PostgreSQL: reply and internal note, status, priority,
 * claim/unclaim, a video session with its Join link, "Share with customer" through the
 * clipboard, a stale edit (412) explained with the reply draft kept, the create form's
 * validation, the page at 375 px, axe-core, and screenshots in e2e/artifacts/.
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
let server: DocketServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let apiToken: string;
let ticket: { id: string; reference: string };

/** Calls the API as the demo agent, behind the page's back. */
async function api<T>(method: string, url: string, body?: unknown, headers = {}): Promise<T> {
  const res = await fetch(`${server.url}/api${url}`, {
    method,
    headers: {
      Authorization: `Bearer ${apiToken}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Picks `option` in the radix Select named `label`. */
async function choose(label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function screenshot(name: string) {
  await page.screenshot({ path: path.join(artifacts, name), fullPage: true });
}

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  [server, browser] = await Promise.all([startDocketServer(), launchChromium()]);
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'agent@acme.test', password: 'docket-demo' }),
  });
  apiToken = ((await login.json()) as { accessToken: string }).accessToken;
  // A ticket of its own, so that the seeded data's state does not matter: a guest requester
  // (no account, so "Share with customer" writes in English) and nobody assigned.
  ticket = await api('POST', '/tickets', {
    subject: 'Cannot join the Thursday counselling session',
    description: 'The video link from last week does not open on my phone.',
    priority: 'MEDIUM',
    requesterName: 'Robin Requester',
    requesterEmail: 'robin.requester@example.test',
  });

  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  page = await context.newPage();
  await signInAs(page, server.url, 'agent@acme.test');
  await page.waitForURL(/\/tickets/);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

describe('ticket page', () => {
  it('opens a ticket, replies publicly and adds an internal note that looks different', async () => {
    await page.goto(`${server.url}/tickets/${ticket.reference}`);
    await page.getByRole('heading', { level: 1, name: /Cannot join the Thursday/ }).waitFor();

    await page.getByLabel('Reply').fill('Thanks Robin, we are looking into it.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    const reply = page.getByTestId('response').filter({ hasText: 'we are looking into it' });
    await reply.waitFor();

    await page.getByRole('button', { name: 'Internal note' }).click();
    await page
      .getByLabel('Note', { exact: true })
      .fill('Their phone blocks the meeting domain; try audio.');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.getByTestId('response').filter({ hasText: 'blocks the meeting domain' });
    await note.waitFor();

    expect(await reply.getAttribute('data-internal')).toBe('false');
    expect(await note.getAttribute('data-internal')).toBe('true');
    await expect.poll(() => note.getByText('Internal note').count()).toBe(1);
    const look = (locator: typeof note) =>
      locator.evaluate((element) => {
        const style = getComputedStyle(element);
        return `${style.backgroundColor} ${style.borderStyle}`;
      });
    const [replyLook, noteLook] = await Promise.all([look(reply), look(note)]);
    expect(noteLook).not.toBe(replyLook);
    expect(noteLook).toContain('dashed');
    // The activity of the ticket is in the same timeline.
    await page.getByTestId('activity').filter({ hasText: 'created the ticket' }).waitFor();
  });

  it('claims and unclaims, then changes the status and the priority', async () => {
    await page.getByRole('button', { name: 'Claim', exact: true }).click();
    await page.getByRole('button', { name: 'Unclaim' }).waitFor();
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Assignee' }).textContent())
      .toContain('Alex Agent');
    // Claiming a NEW ticket opens it.
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Status', exact: true }).textContent())
      .toBe('Open');
    await page.getByTestId('activity').filter({ hasText: 'claimed the ticket' }).waitFor();

    await page.getByRole('button', { name: 'Unclaim' }).click();
    await page.getByRole('button', { name: 'Claim', exact: true }).waitFor();
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Assignee' }).textContent())
      .toBe('Unassigned');

    await choose('Status', 'In progress');
    await page
      .getByTestId('activity')
      .filter({ hasText: 'changed the status from Open to In progress' })
      .waitFor();
    await choose('Priority', 'Urgent');
    await page
      .getByTestId('activity')
      .filter({ hasText: 'changed the priority from Medium to Urgent' })
      .waitFor();

    const saved = await api<{ status: string; priority: string; assignee: unknown }>(
      'GET',
      `/tickets/${ticket.id}`,
    );
    expect(saved).toMatchObject({ status: 'IN_PROGRESS', priority: 'URGENT', assignee: null });
  });

  it('schedules a video session with a generated link and shows Join', async () => {
    await page.getByRole('button', { name: 'Schedule a session' }).click();
    // The demo agent's time zone decides how the date and time are read.
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
    await page.getByLabel('Date', { exact: true }).fill(tomorrow);
    await page.getByLabel('Time', { exact: true }).fill('15:30');
    await page.getByLabel('Duration (minutes)').fill('45');
    await page.getByRole('button', { name: 'Save session' }).click();

    const join = page.getByRole('link', { name: /Join the Video session/ });
    await join.waitFor();
    expect(await join.getAttribute('href')).toMatch(/^https:\/\//);
    expect(await join.getAttribute('target')).toBe('_blank');
    await page.getByTestId('session').filter({ hasText: '45 minutes' }).waitFor();

    const saved = await api<{ session: { mode: string; meetingLink: string } }>(
      'GET',
      `/tickets/${ticket.id}`,
    );
    expect(saved.session.mode).toBe('video');
    expect(await join.getAttribute('href')).toBe(saved.session.meetingLink);
    await screenshot('ticket-page-1280.png');
  });

  it('copies a formatted message for the customer with a tracking link', async () => {
    await page.getByRole('button', { name: 'Share with customer' }).click();
    // The toast's title (radix also echoes it in a screen-reader live region).
    await page
      .locator('.ui-toast__title', { hasText: /Message for Robin Requester copied/ })
      .waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('Hello Robin Requester');
    expect(copied).toContain(`Ticket: ${ticket.reference} — Cannot join the Thursday`);
    expect(copied).toContain('Status: In progress');
    expect(copied).toContain('Priority: Urgent');
    const link = /(https?:\/\/\S+\/t\/\S+)$/.exec(copied)?.[1];
    expect(link).toBeTruthy();

    // The link opens the ticket for the requester, without signing in.
    const token = link!.split('/t/')[1]!;
    const tracked = await fetch(`${server.url}/api/public/tickets/${token}`);
    expect(tracked.status).toBe(200);
    expect(((await tracked.json()) as { reference: string }).reference).toBe(ticket.reference);

    await page.getByRole('button', { name: 'Copy reference' }).click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toBe(ticket.reference);
  });

  it('explains a stale edit (412), keeps the reply draft, and loads the latest version', async () => {
    // Live updates would refresh the page at once; cut them, as a dropped connection would,
    // so that the page still holds the old version when the agent edits.
    await page.route('**/api/live**', (route) => route.abort());
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /Cannot join the Thursday/ }).waitFor();
    await page.getByRole('button', { name: 'Public reply' }).click();
    await page.getByLabel('Reply').fill('Draft I must not lose');

    const current = await api<{ version: number }>('GET', `/tickets/${ticket.id}`);
    await api(
      'PATCH',
      `/tickets/${ticket.id}`,
      { priority: 'HIGH' },
      { 'If-Match': `"${current.version}"` },
    );

    await choose('Status', 'On hold');
    const notice = page.getByTestId('conflict-notice');
    await notice.getByText('This ticket was changed by someone else').waitFor();
    expect(await page.getByRole('combobox', { name: 'Status', exact: true }).textContent()).toBe(
      'In progress',
    );
    expect(await page.getByLabel('Reply').inputValue()).toBe('Draft I must not lose');
    await screenshot('ticket-page-conflict-1280.png');

    await notice.getByRole('button', { name: 'Load the latest version' }).click();
    await notice.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Priority' }).textContent())
      .toBe('High');
    expect(await page.getByLabel('Reply').inputValue()).toBe('Draft I must not lose');

    // The draft also survives reloading the whole page (sessionStorage, per ticket).
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /Cannot join the Thursday/ }).waitFor();
    expect(await page.getByLabel('Reply').inputValue()).toBe('Draft I must not lose');

    // Now the change goes through.
    await choose('Status', 'On hold');
    await page
      .getByTestId('activity')
      .filter({ hasText: 'changed the status from In progress to On hold' })
      .waitFor();
    await page.unroute('**/api/live**');
  });

  it('has no serious accessibility violations, and works at 375 px', async () => {
    await expectNoSeriousA11yViolations(page, 'ticket page (1280 px)');

    await page.setViewportSize({ width: 375, height: 812 });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /Cannot join the Thursday/ }).waitFor();
    await page.getByRole('link', { name: /Join the Video session/ }).waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot('ticket-page-375.png');
    await expectNoSeriousA11yViolations(page, 'ticket page (375 px)');

    // Still usable: a status change at phone width.
    await choose('Status', 'Waiting on customer');
    await page
      .getByTestId('activity')
      .filter({ hasText: 'from On hold to Waiting on customer' })
      .waitFor();
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});

describe('create ticket form', () => {
  it('shows a validation error first, then creates the ticket and opens it', async () => {
    await page.goto(`${server.url}/tickets/new`);
    await page.getByRole('heading', { level: 1, name: 'New ticket' }).waitFor();
    await page.getByLabel(/Subject/).fill('Help');
    await page.getByLabel(/Description/).fill('Payroll export stops at half of the rows.');
    await page.getByRole('button', { name: 'Create ticket' }).click();

    const subject = page.getByLabel(/Subject/);
    await page.getByText('Please correct the fields marked below.').waitFor();
    expect(await subject.getAttribute('aria-invalid')).toBe('true');
    expect(await subject.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.getByText('Must be at least 5 characters.').waitFor();
    await expectNoSeriousA11yViolations(page, 'create ticket form with errors');
    await screenshot('new-ticket-errors-1280.png');

    await subject.fill('Payroll export stops halfway');
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await page.waitForURL(/\/tickets\/TKT-\d{5}$/);
    await page.getByRole('heading', { level: 1, name: 'Payroll export stops halfway' }).waitFor();

    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${server.url}/tickets/new`);
    await page.getByRole('heading', { level: 1, name: 'New ticket' }).waitFor();
    await screenshot('new-ticket-375.png');
    await expectNoSeriousA11yViolations(page, 'create ticket form (375 px)');
  });
});
