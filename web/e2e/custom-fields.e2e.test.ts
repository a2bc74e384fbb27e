/**
 * Custom fields in a real browser, against the production build (docs/product.md "Custom
 * fields"): an admin defines a field visible to customers and a hidden one on the Custom fields
 * page, an agent fills both on a ticket's "Custom fields" card, and the requester's tracking link
 * shows the visible one only. A screenshot goes to web/e2e/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { DEMO_PASSWORD, signInAs } from './support/sign-in.js';

const artifacts = path.resolve(import.meta.dirname, 'artifacts');
const DESKTOP = { width: 1280, height: 900 };
/** Unique per run: the demo organization keeps its definitions between runs of one database. */
const RUN = Date.now().toString(36);
const VISIBLE = { key: `order_${RUN}`, en: `Order ${RUN}`, fr: `Commande ${RUN}` };
const HIDDEN = { key: `risk_${RUN}`, en: `Risk ${RUN}`, fr: `Risque ${RUN}` };
const VISIBLE_VALUE = `A-${RUN}`;
const HIDDEN_VALUE = `internal-${RUN}`;

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

/** Signs in through the API and calls JSON routes with the bearer token. */
async function apiAs(email: string) {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  return async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${server.url}/api${route}`, {
      method,
      headers: {
        Authorization: `Bearer ${accessToken}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

describe('custom fields', () => {
  it('an admin defines them, an agent fills them, the requester sees the visible one only', async () => {
    // The admin's page: two text fields, one visible to customers.
    const adminContext = await browser.newContext({ viewport: DESKTOP });
    const admin = await adminContext.newPage();
    await signInAs(admin, server.url, 'admin@acme.test');
    await admin.getByRole('button', { name: 'Admin', exact: true }).click();
    await admin.getByRole('menuitem', { name: 'Custom fields' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Custom fields' }).waitFor();
    for (const [field, visible] of [
      [VISIBLE, true],
      [HIDDEN, false],
    ] as const) {
      await admin.getByLabel('Key').fill(field.key);
      await admin.getByLabel('Label (English)').fill(field.en);
      await admin.getByLabel('Label (French)').fill(field.fr);
      if (visible) await admin.getByLabel('Visible to customers').check();
      await admin.getByRole('button', { name: 'Add field' }).click();
      await admin.getByRole('cell', { name: field.key, exact: true }).waitFor();
    }
    await adminContext.close();

    // A ticket of the demo customer, filled in by an agent on the ticket page.
    const asAgent = await apiAs('agent@acme.test');
    const ticket = await asAgent<{ id: string; reference: string; subject: string }>(
      'POST',
      '/tickets',
      {
        subject: `Custom fields ${RUN}`,
        description: 'A ticket for the custom fields browser test.',
        requesterEmail: 'customer@acme.test',
        requesterName: 'Demo Customer',
      },
    );
    const agentContext = await browser.newContext({ viewport: DESKTOP });
    const agent = await agentContext.newPage();
    await signInAs(agent, server.url, 'agent@acme.test', {
      start: `/tickets/${ticket.reference}`,
    });
    const panel = agent.getByRole('region', { name: 'Custom fields' });
    await panel.waitFor();
    await panel.getByRole('button', { name: 'Edit', exact: true }).click();
    await panel.getByLabel(VISIBLE.en).fill(VISIBLE_VALUE);
    await panel.getByLabel(HIDDEN.en).fill(HIDDEN_VALUE);
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    await panel.getByText(HIDDEN_VALUE).waitFor();
    await agentContext.close();

    // The requester's tracking link: the visible field and its value, nothing of the hidden one.
    const link = await asAgent<{ url: string }>('GET', `/tickets/${ticket.id}/tracking-link`);
    const trackerContext = await browser.newContext({ viewport: DESKTOP });
    const tracker = await trackerContext.newPage();
    await tracker.goto(`${server.url}${new URL(link.url).pathname}`);
    await tracker.getByRole('heading', { level: 1, name: ticket.subject }).waitFor();
    await tracker.getByText(VISIBLE_VALUE).waitFor();
    const text = (await tracker.getByTestId('public-ticket').textContent()) ?? '';
    expect(text).toContain(VISIBLE.en);
    expect(text).not.toContain(HIDDEN.en);
    expect(text).not.toContain(HIDDEN_VALUE);
    await tracker.screenshot({ path: path.join(artifacts, 'custom-fields-tracker.png') });
    await trackerContext.close();
  });
});
