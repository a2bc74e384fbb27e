/**
 * SLA in a real browser against the production build with its demo data (docs/product.md "SLA"):
 * an admin changes the time zone of Acme's business hours on the Business hours page and a
 * ticket's due time moves with it; a ticket whose one-minute first response passes shows the
 * "Overdue" badge in the list and is in the "Breached" quick view. axe-core checks the admin
 * page; screenshots go to web/e2e/artifacts/.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe.js';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { DEMO_PASSWORD, signInAs } from './support/sign-in.js';

const artifacts = path.resolve(import.meta.dirname, 'artifacts');
let server: DocketServer;
let browser: Browser;
const tokens: Record<'admin' | 'agent', string> = { admin: '', agent: '' };
/** The ticket whose first response falls due a minute after it is made. */
let overdue: { id: string; reference: string; createdAt: number };

type ApiTicket = {
  id: string;
  reference: string;
  createdAt: string;
  sla: { policyName: string | null; targets: { metric: string; dueAt: string | null }[] } | null;
};

async function api<T>(who: 'admin' | 'agent', method: string, url: string, body?: unknown) {
  const res = await fetch(`${server.url}/api${url}`, {
    method,
    headers: {
      Authorization: `Bearer ${tokens[who]}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The ticket once the SLA subscriber has armed its clocks (it runs after the create's commit). */
async function armed(id: string): Promise<ApiTicket> {
  for (let i = 0; i < 100; i++) {
    const ticket = await api<ApiTicket>('agent', 'GET', `/tickets/${id}`);
    if (ticket.sla?.targets.length) return ticket;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no SLA clock on ${id} after 10 s`);
}

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  [server, browser] = await Promise.all([startDocketServer(), launchChromium()]);
  for (const who of ['admin', 'agent'] as const) {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: `${who}@acme.test`, password: DEMO_PASSWORD }),
    });
    tokens[who] = ((await res.json()) as { accessToken: string }).accessToken;
  }
  // First in the order: tickets tagged `e2e-sla` get a one-minute first response, 24/7.
  await api('admin', 'POST', '/sla-policies', {
    name: 'E2E one minute',
    position: 0,
    conditions: { tags: ['e2e-sla'] },
    targets: { firstResponseMinutes: 1 },
  });
  const created = await api<ApiTicket>('agent', 'POST', '/tickets', {
    subject: 'Printer on fire, SLA running',
    description: 'A ticket whose first response is due in one minute.',
    tags: ['e2e-sla'],
  });
  overdue = {
    id: created.id,
    reference: created.reference,
    createdAt: Date.parse(created.createdAt),
  };
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

async function signIn(email: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signInAs(page, server.url, email);
  await page
    .getByRole('link', { name: /TKT-\d{5}/ })
    .first()
    .waitFor();
  return page;
}

describe('SLA', () => {
  it('moves due dates when an admin changes the business hours', async () => {
    // A LOW ticket: Acme's "Low priority" policy, counted in its Toronto office hours.
    const low = await api<ApiTicket>('agent', 'POST', '/tickets', {
      subject: 'Invoice address to update',
      description: 'Please change the address on my last invoice.',
      priority: 'LOW',
    });
    const before = await armed(low.id);
    expect(before.sla?.policyName).toBe('Low priority');
    const dueBefore = before.sla!.targets.find((x) => x.metric === 'first_response')!.dueAt;

    const page = await signIn('admin@acme.test');
    await page.goto(`${server.url}/admin/business-hours`);
    await page.getByRole('button', { name: 'Edit Toronto office' }).click();
    const zone = page.getByLabel('Time zone');
    await zone.fill('Pacific/Kiritimati');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Toronto office was saved.').first().waitFor();
    await expect(
      page
        .getByText(/Pacific\/Kiritimati/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await expectNoSeriousA11yViolations(page, 'business hours');
    await page.screenshot({ path: path.join(artifacts, 'sla-business-hours.png'), fullPage: true });

    const after = await api<ApiTicket>('agent', 'GET', `/tickets/${low.id}`);
    const dueAfter = after.sla!.targets.find((x) => x.metric === 'first_response')!.dueAt;
    expect(dueAfter).not.toBeNull();
    expect(dueAfter).not.toBe(dueBefore);
    await page.close();
  });

  it('shows the overdue badge in the list and the ticket in the Breached view', async () => {
    await armed(overdue.id);
    // Its first response falls due one minute after creation.
    const wait = overdue.createdAt + 61_000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));

    const page = await signIn('agent@acme.test');
    await page.getByRole('button', { name: 'Breached' }).click();
    await page.waitForURL(/sla=breached/);
    const row = page.getByTestId('ticket-row').filter({ hasText: overdue.reference });
    await row.waitFor();
    // The badge follows the breach the SLA timers record (live update): wait for it.
    await row.getByText(/^Overdue /).waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).searchParams.get('sortBy')).toBe('slaDueAt');
    await page.screenshot({ path: path.join(artifacts, 'sla-breached-view.png'), fullPage: true });
    await page.close();
  }, 120_000);
});
