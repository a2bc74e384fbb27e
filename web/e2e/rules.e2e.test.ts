/**
 * Macros and rules in a real browser against the production build with its demo data
 * (docs/product.md "Macros" and "Rules"): an agent applies a canned reply from the reply box with
 * the keyboard only (`/`, arrow keys, Enter) and sees it in the timeline; an admin creates a
 * trigger on the Rules page, tests it on a filter (a dry run), switches it on, and a ticket then
 * created through the API by the rule's domain shows the rule's run on its page. Screenshots go
 * to web/e2e/artifacts/.
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
const stamp = Date.now().toString(36);
/** The requester domain the rule matches; no seeded requester has it. */
const DOMAIN = `rules-${stamp}.test`;
let server: DocketServer;
let browser: Browser;
const tokens: Record<'admin' | 'agent', string> = { admin: '', agent: '' };

type ApiTicket = { id: string; reference: string; priority: string };

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

/** The ticket once its priority is `priority` (rules run after the create's commit). */
async function withPriority(id: string, priority: string): Promise<ApiTicket> {
  for (let i = 0; i < 100; i++) {
    const ticket = await api<ApiTicket>('agent', 'GET', `/tickets/${id}`);
    if (ticket.priority === priority) return ticket;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${id} is not ${priority} after 10 s`);
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

describe('macros and rules', () => {
  it('applies a canned reply from the reply box with the keyboard only', async () => {
    // Two personal canned replies with one prefix: the arrow keys choose between them.
    // Unique per attempt: a retried attempt must not meet the first attempt's macros.
    const attempt = `${stamp}${Date.now().toString(36)}`;
    const prefix = `E2E canned ${attempt}`;
    const marker = `canned-${attempt}`;
    await api('agent', 'POST', '/macros', {
      name: `${prefix} apology`,
      actions: [{ type: 'reply', content: 'Sorry for the wait.' }],
    });
    const target = `${prefix} greeting`;
    await api('agent', 'POST', '/macros', {
      name: target,
      actions: [{ type: 'reply', content: `Hello {{requester.firstName}}, ${marker}.` }],
    });
    const ticket = await api<ApiTicket>('agent', 'POST', '/tickets', {
      subject: `Canned reply wanted ${stamp}`,
      description: 'A ticket to answer with a canned reply.',
    });

    const page = await signIn('agent@acme.test');
    await page.goto(`${server.url}/tickets/${ticket.reference}`);
    // The textarea, not the composer's region (also named "Reply").
    const box = page.getByRole('textbox', { name: 'Reply', exact: true });
    await box.click();
    await page.keyboard.type('/');
    const search = page.getByRole('combobox', { name: 'Search macros' });
    await search.waitFor();
    await page.keyboard.type(prefix);
    const options = page.getByRole('option');
    await options.filter({ hasText: target }).waitFor();
    // The list follows the typed search as it settles (its requests may overtake each other).
    await expect.poll(() => options.count(), { timeout: 10_000 }).toBe(2);
    const names = await options.allTextContents();
    const index = names.findIndex((name) => name.includes(target));
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    await expect(options.filter({ hasText: target }).getAttribute('aria-selected')).resolves.toBe(
      'true',
    );
    await page.keyboard.press('Enter');

    // The preview, then Apply from the keyboard.
    await page.getByRole('dialog', { name: `Preview of “${target}”` }).waitFor();
    await page.getByText(marker).first().waitFor();
    const apply = page.getByRole('button', { name: 'Apply', exact: true });
    await apply.focus();
    await page.keyboard.press('Enter');

    await page.getByTestId('response').filter({ hasText: marker }).waitFor();
    await expect(box.inputValue()).resolves.toBe('');
    await page.screenshot({ path: path.join(artifacts, 'rules-canned-reply.png'), fullPage: true });
    await page.close();
  });

  it('creates, tests and switches on a rule whose run shows on a new ticket', async () => {
    const ruleName = `E2E VIP ${stamp}`;
    const word = `Zebracorn${stamp}`;
    // A ticket the dry run should match (the rule is off: nothing runs on it).
    const earlier = await api<ApiTicket>('agent', 'POST', '/tickets', {
      subject: `${word} cannot sign in`,
      description: 'Created before the rule exists.',
      requesterName: 'Vera VIP',
      requesterEmail: `vera@${DOMAIN}`,
    });

    const page = await signIn('admin@acme.test');
    await page.goto(`${server.url}/admin/rules`);
    await page.getByRole('heading', { level: 1, name: 'Rules' }).waitFor();
    await page.getByLabel('Name').fill(ruleName);
    await page.getByLabel('When', { exact: true }).selectOption({ label: 'Ticket created' });
    await page.getByRole('button', { name: 'Add a condition' }).first().click();
    const condition = page.getByRole('group', { name: 'All condition 1' });
    await condition.getByLabel('Field').selectOption({ label: 'Requester email' });
    await condition.getByLabel('Operator').selectOption({ label: 'ends with' });
    await condition.getByLabel('Value').fill(`@${DOMAIN}`);
    const action = page.getByRole('group', { name: 'Action 1' });
    await action.getByLabel('Type').selectOption({ label: 'Set priority' });
    await action.getByLabel('Value').selectOption({ label: 'Urgent' });
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByText('Rule created.').first().waitFor();

    // The dry run on a filter: the earlier ticket matches, nothing is written.
    const row = page.getByRole('row', { name: new RegExp(ruleName) });
    await row.getByRole('button', { name: `Test ${ruleName}` }).click();
    const panel = page.getByRole('region', { name: `Test “${ruleName}”` });
    await panel.getByLabel('Text', { exact: true }).fill(word);
    await panel.getByRole('button', { name: 'Run the test' }).click();
    const result = panel.getByRole('listitem', { name: new RegExp(earlier.reference) });
    await result.waitFor();
    await expect(result.getByText('Matches', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(result.getByText(/Priority: .+ → Urgent/).isVisible()).resolves.toBe(true);
    await expectNoSeriousA11yViolations(page, 'rules');
    await page.screenshot({ path: path.join(artifacts, 'rules-admin.png'), fullPage: true });
    expect((await api<ApiTicket>('agent', 'GET', `/tickets/${earlier.id}`)).priority).not.toBe(
      'URGENT',
    );

    // Switched on, it runs on the next ticket from the domain.
    await row.getByRole('switch', { name: `${ruleName} is active` }).click();
    await page.getByText(`“${ruleName}” is on.`).first().waitFor();
    const created = await api<ApiTicket>('agent', 'POST', '/tickets', {
      subject: `${word} again`,
      description: 'Created once the rule is on.',
      requesterName: 'Wes VIP',
      requesterEmail: `wes@${DOMAIN}`,
    });
    await withPriority(created.id, 'URGENT');

    await page.goto(`${server.url}/tickets/${created.reference}`);
    const runs = page.getByRole('region', { name: 'Rule runs' });
    const run = runs.getByRole('listitem', { name: ruleName });
    await run.waitFor();
    await expect(run.getByText('Applied', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(run.getByText(/Priority: .+ → Urgent/).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(artifacts, 'rules-ticket-runs.png'), fullPage: true });
    await page.close();
  }, 60_000);
});
