/**
 * Merging a duplicate in a real browser against the production build (docs/product.md "Merge
 * and links"): the requester filed the same problem twice; an agent links the two as related,
 * then merges the duplicate into the other from its page, with a comment. The duplicate shows
 * "merged into TKT-…" and is CLOSED; the kept ticket's timeline holds the duplicate's reply; the
 * requester's portal shows where it went.
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

/** A ticket filed by the demo customer through the API, with one reply of theirs. */
async function customerTicket(token: string, subject: string, reply: string) {
  const call = async (path: string, body: object) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string; reference: string };
  };
  const ticket = await call('/api/tickets', { subject, description: `${subject}, twice.` });
  await call(`/api/tickets/${ticket.id}/responses`, { content: reply });
  return ticket;
}

describe('merge', () => {
  it('links, then merges a duplicate into the kept ticket from its page', async () => {
    const stamp = Date.now();
    const customer = await apiTokenOf(server.url, 'customer@acme.test');
    const kept = await customerTicket(customer, `Invoice charged twice ${stamp}`, 'First copy.');
    const duplicate = await customerTicket(
      customer,
      `Charged twice on invoice ${stamp}`,
      `The bank statement line ${stamp}.`,
    );

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInAs(page, server.url, 'agent@acme.test');
    await page.waitForURL(/\/tickets/);
    await page.goto(`${server.url}/tickets/${duplicate.reference}`);
    const related = page.getByRole('region', { name: 'Related tickets' });
    await related.waitFor(WAIT);

    // Related first: the link shows on this ticket.
    await related.getByLabel('Ticket', { exact: true }).fill(kept.reference);
    await related.getByRole('button', { name: 'Link', exact: true }).click();
    await related.getByRole('link', { name: kept.reference }).waitFor(WAIT);

    // Then the merge, with a comment for the requester.
    await related.getByLabel('Merge into ticket').fill(kept.reference);
    await related.getByLabel('Comment for the requester (optional)').fill('Same charge.');
    await related.getByRole('button', { name: 'Merge…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    await page.getByText('This ticket was merged into').waitFor(WAIT);

    // The kept ticket's timeline holds the duplicate's reply.
    await page.getByRole('link', { name: kept.reference }).first().click();
    await page.waitForURL(new RegExp(`/tickets/${kept.reference}`));
    await page.getByText(`The bank statement line ${stamp}.`).waitFor(WAIT);
    await context.close();

    // The requester's portal says where the duplicate went.
    const portal = await browser.newContext({ viewport: { width: 375, height: 812 } });
    const customerPage = await portal.newPage();
    await signInAs(customerPage, server.url, 'customer@acme.test');
    await customerPage.waitForURL(/\/portal/);
    await customerPage.goto(`${server.url}/portal/tickets/${duplicate.reference}`);
    const details = customerPage.getByText('Merged into');
    await details.waitFor(WAIT);
    expect(await customerPage.getByText(kept.reference).count()).toBeGreaterThan(0);
    await portal.close();
  });
});
