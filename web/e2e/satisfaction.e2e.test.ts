/**
 * Satisfaction ratings in a real browser, against the production build (docs/product.md
 * "Satisfaction"): an agent resolves a ticket; the requester's captured "resolved" mail
 * (DATA_DIR/mail, no SMTP_URL) asks "How did we do?" with rating links; opening the "Good" link
 * shows the tracker with Good selected and rates nothing until the requester confirms; after the
 * click the tracker thanks them, and the agent's ticket page shows "Rated good" with the comment.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { waitForCapturedMail, type CapturedMail } from './support/captured-mail.js';
import { apiTokenOf, signInAs } from './support/sign-in.js';

let server: DocketServer;
let browser: Browser;

const waitForMail = (match: (mail: CapturedMail) => boolean) =>
  waitForCapturedMail(server.dataDir, match);
const tokenOf = (email: string) => apiTokenOf(server.url, email);

beforeAll(async () => {
  server = await startDocketServer();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Satisfaction rating', () => {
  it('rates from the resolved mail link after one confirming click, and the agent sees it', async () => {
    const customer = await tokenOf('customer@acme.test');
    const agent = await tokenOf('agent@acme.test');
    const subject = `Rating question ${Date.now()}`;
    const created = await fetch(`${server.url}/api/tickets`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${customer}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ subject, description: 'Please fix my invoice address.' }),
    });
    expect(created.status).toBe(201);
    const ticket = (await created.json()) as { id: string; reference: string };
    const resolved = await fetch(`${server.url}/api/tickets/${ticket.id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${agent}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'RESOLVED' }),
    });
    expect(resolved.status).toBe(200);

    const mail = await waitForMail(
      (m) => m.kind === 'ticket_resolved' && m.subject.includes(ticket.reference),
    );
    expect(mail.text).toContain('How did we do?');
    const good = /(https?:\/\/\S+\/t\/[^\s?]+\?rate=good)/.exec(mail.text)?.[1];
    expect(good).toBeDefined();
    const target = new URL(good!);

    const tracker = await browser.newContext({ viewport: { width: 375, height: 812 } });
    const page = await tracker.newPage();
    await page.goto(`${server.url}${target.pathname}${target.search}`);
    const widget = page.getByTestId('satisfaction');
    await widget.getByRole('heading', { name: 'How did we do?' }).waitFor();
    await expect
      .poll(() => widget.getByRole('button', { name: 'Good' }).getAttribute('aria-pressed'))
      .toBe('true');
    // Opening the link rated nothing.
    const stateOf = async () => {
      const res = await fetch(`${server.url}/api/tickets/${ticket.id}/satisfaction`, {
        headers: { Authorization: `Bearer ${agent}` },
      });
      return (await res.json()) as { rating: { score: number; comment: string | null } | null };
    };
    expect((await stateOf()).rating).toBeNull();
    await widget.getByLabel('Comment (optional)').fill('Fixed within the hour.');
    await widget.getByRole('button', { name: 'Send rating' }).click();
    await widget.getByRole('heading', { name: 'Thanks for your feedback' }).waitFor();
    expect((await stateOf()).rating).toMatchObject({ score: 5, comment: 'Fixed within the hour.' });
    await tracker.close();

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const agentPage = await context.newPage();
    await signInAs(agentPage, server.url, 'agent@acme.test');
    await agentPage.waitForURL(/\/tickets/);
    await agentPage.goto(`${server.url}/tickets/${ticket.reference}`);
    await agentPage.getByRole('heading', { level: 1, name: subject }).waitFor();
    const rating = agentPage.getByTestId('satisfaction-rating');
    await rating.waitFor();
    expect(await rating.textContent()).toContain('Rated good');
    await agentPage.getByText('Fixed within the hour.').waitFor();
    await context.close();
  });
});
