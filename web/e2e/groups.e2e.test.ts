/**
 * Groups and routing in a real browser against the production build with its demo data
 * (docs/product.md "Groups and routing"): an admin creates a round-robin group with the agent as
 * its member on the Groups page; a ticket then created in it through the API is routed to the
 * agent; the agent goes away from the header's switch, and the suggested-agents panel of the
 * ticket says so. Screenshots go to web/e2e/artifacts/.
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
let server: DocketServer;
let browser: Browser;
const tokens: Record<'admin' | 'agent', string> = { admin: '', agent: '' };

type ApiTicket = { id: string; reference: string; assignee: { id: string; name: string } | null };

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

/** The ticket once routing has given it an assignee (routing runs after the create's commit). */
async function withAssignee(id: string): Promise<ApiTicket> {
  for (let i = 0; i < 50; i++) {
    const ticket = await api<ApiTicket>('admin', 'GET', `/tickets/${id}`);
    if (ticket.assignee) return ticket;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${id} has no assignee after 5 s`);
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

describe('groups and routing', () => {
  it('routes a new ticket to the group’s member, who goes away and is suggested as away', async () => {
    const groupName = `Tier1 ${stamp}`;
    const admin = await signIn('admin@acme.test');
    await admin.goto(`${server.url}/admin/groups`);
    await admin.getByRole('heading', { level: 1, name: 'Groups' }).waitFor();
    await admin.getByLabel('Name').fill(groupName);
    await admin.getByLabel('Routing').selectOption({ label: 'Round robin' });
    await admin.getByRole('button', { name: 'Add a member' }).click();
    const member = admin.getByRole('group', { name: 'Member 1' });
    await member.getByLabel('Agent').selectOption({ label: 'Alex Agent' });
    await admin.getByRole('button', { name: 'Create group' }).click();
    await admin.getByText(`Group “${groupName}” created.`).first().waitFor();
    const row = admin.getByRole('row', { name: new RegExp(groupName) });
    await expect(row.getByText('Round robin').isVisible()).resolves.toBe(true);
    await expectNoSeriousA11yViolations(admin, 'groups');
    await admin.screenshot({ path: path.join(artifacts, 'groups-admin.png'), fullPage: true });
    await admin.close();

    // A ticket created in the group goes to its only available member.
    const { data } = await api<{ data: { id: string; name: string }[] }>('admin', 'GET', '/groups');
    const group = data.find((g) => g.name === groupName)!;
    const created = await api<ApiTicket>('admin', 'POST', '/tickets', {
      subject: `Routed ${stamp}`,
      description: 'Created in a round-robin group.',
      groupId: group.id,
    });
    expect((await withAssignee(created.id)).assignee?.name).toBe('Alex Agent');

    // The agent goes away from the header; the ticket's suggestions say so.
    const agent = await signIn('agent@acme.test');
    await agent.getByRole('switch', { name: 'Availability: Available' }).click();
    await agent.getByRole('switch', { name: 'Availability: Away' }).waitFor();
    await agent.goto(`${server.url}/tickets/${created.reference}`);
    const panel = agent.getByRole('region', { name: 'Suggested agents' });
    const suggestion = panel.getByRole('listitem', { name: 'Alex Agent' });
    await suggestion.getByText(/^Away · \d+ open tickets?$/).waitFor();
    await expect(suggestion.getByText(`Group: ${groupName}`).isVisible()).resolves.toBe(true);
    await agent.screenshot({ path: path.join(artifacts, 'groups-suggested.png'), fullPage: true });
    await agent.close();
  }, 60_000);
});
