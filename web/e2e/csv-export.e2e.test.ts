/**
 * "Download CSV" in a real browser against the production build (docs/product.md "Exports"):
 * an agent searches the ticket list for a ticket the demo customer filed, downloads the list as
 * CSV and gets a file whose header row is the export's and which holds that ticket's row; the
 * statistics page's "Download tickets (CSV)" (the tickets created in its period) holds it too.
 */
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { apiTokenOf, signInAs } from './support/sign-in.js';

let server: DocketServer;
let browser: Browser;
const WAIT = { timeout: 20_000 };
const HEADER =
  'reference,subject,status,priority,category,group,tags,requester_name,requester_email,assignee,created_at,first_responded_at,resolved_at,closed_at,first_response_seconds,resolution_seconds,sla,csat_score';

beforeAll(async () => {
  [server, browser] = await Promise.all([startDocketServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

/** Clicks the page's `button` and reads the file the browser saved (UTF-8 text). */
async function downloadCsv(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', WAIT),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  const path = await download.path();
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  return { name: download.suggestedFilename(), text };
}

describe('CSV export', () => {
  it('downloads the filtered list, and the statistics period, as CSV', async () => {
    const subject = `Export me ${Date.now()}`;
    const customer = await apiTokenOf(server.url, 'customer@acme.test');
    const res = await fetch(`${server.url}/api/tickets`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${customer}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ subject, description: 'A ticket for the CSV export test.' }),
    });
    expect(res.status).toBe(201);
    const ticket = (await res.json()) as { reference: string };

    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await signInAs(page, server.url, 'agent@acme.test');
    await page.waitForURL(/\/tickets/);
    await page.goto(`${server.url}/tickets?q=${encodeURIComponent(subject)}`);
    await page.getByText(subject).first().waitFor(WAIT);

    const list = await downloadCsv(page, 'Download CSV');
    expect(list.name).toBe('tickets.csv');
    const lines = list.text.trim().split(/\r?\n/);
    expect(lines[0]!.startsWith(HEADER)).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.startsWith(`${ticket.reference},${subject},NEW,`)).toBe(true);

    await page.goto(`${server.url}/stats`);
    const stats = await downloadCsv(page, 'Download tickets (CSV)');
    const row = stats.text.split(/\r?\n/).find((line) => line.startsWith(`${ticket.reference},`));
    expect(row).toContain(subject);
    await context.close();
  });
});
