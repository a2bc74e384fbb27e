/**
 * In-app notifications, @mentions and dark mode in a real browser against the production build
 * (docs/product.md "In-app notifications", "Mentions", "Profile"): agent A writes an internal
 * note mentioning agent B with the autocomplete; B's bell, open in another browser context,
 * shows the count without a reload and its notification links to the ticket. Then B switches to
 * dark mode: `<html data-theme="dark">`, a dark background, and axe-core finds no serious or
 * critical violation on the ticket list. Screenshots go to e2e/artifacts/.
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
const WAIT = { timeout: 20_000 };
/** agent2@acme.test in the demo data. */
const AGENT_B = 'Camille Tremblay';

let server: DocketServer;
let browser: Browser;
let contexts: BrowserContext[] = [];
let agentA: Page;
let agentB: Page;
let ticket: { reference: string; subject: string };

async function signIn(page: Page, email: string): Promise<void> {
  await signInAs(page, server.url, email);
  await page
    .getByRole('link', { name: /TKT-\d{5}/ })
    .first()
    .waitFor(WAIT);
}

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  [server, browser] = await Promise.all([startDocketServer(), launchChromium()]);
  contexts = await Promise.all([
    browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-CA' }),
    browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-CA' }),
  ]);
  agentA = await contexts[0]!.newPage();
  agentB = await contexts[1]!.newPage();
  await signIn(agentA, 'agent@acme.test');
  await signIn(agentB, 'agent2@acme.test');
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

describe('mentions reach the bell live', () => {
  it('agent A mentions agent B in an internal note; B’s bell counts it and links to the ticket', async () => {
    await agentB.locator('[data-testid="live-indicator"][data-state="live"]').waitFor(WAIT);
    const bell = agentB.getByRole('button', { name: /^Notifications/ });
    await bell.waitFor(WAIT);
    const count = agentB.getByTestId('bell-count');
    const before = (await count.count()) > 0 ? Number(await count.textContent()) : 0;

    const first = agentA.getByRole('link', { name: /TKT-\d{5}/ }).first();
    await first.click();
    await agentA.waitForURL(/\/tickets\/TKT-/);
    ticket = {
      reference: decodeURIComponent(new URL(agentA.url()).pathname.split('/').pop()!),
      subject: (await agentA.getByRole('heading', { level: 1 }).first().textContent()) ?? '',
    };
    await agentA.getByRole('button', { name: 'Internal note' }).click();
    const box = agentA.locator('form.composer textarea[name="content"]');
    await box.click();
    await box.pressSequentially('Could you check the refund, @cami');
    const option = agentA.getByRole('option', { name: AGENT_B });
    await option.waitFor(WAIT);
    await box.press('Enter');
    expect(await box.inputValue()).toBe(`Could you check the refund, @${AGENT_B} `);
    await box.pressSequentially('please?');
    await agentA.locator('form.composer button[type="submit"]').first().click();
    await agentA.getByTestId('response').filter({ hasText: 'please?' }).waitFor(WAIT);

    // B's bell, in its own browser context, counts it without a reload.
    await agentB
      .getByTestId('bell-count')
      .filter({ hasText: String(before + 1) })
      .waitFor(WAIT);
    await bell.click();
    const item = agentB.getByRole('link', {
      name: new RegExp(`Alex Agent mentioned you.*${ticket.reference}`),
    });
    await item.waitFor(WAIT);
    await agentB.screenshot({ path: path.join(artifacts, 'notifications-bell.png') });
    await item.click();
    await agentB.waitForURL(new RegExp(`/tickets/${ticket.reference}$`));
    if (before === 0)
      await agentB.getByTestId('bell-count').waitFor({ state: 'detached', ...WAIT });
  });
});

describe('dark mode', () => {
  it('switches to dark: html data-theme, a dark background, axe clean on the ticket list', async () => {
    await agentB.goto(`${server.url}/tickets`);
    await agentB
      .getByRole('link', { name: /TKT-\d{5}/ })
      .first()
      .waitFor(WAIT);
    const toggle = agentB.getByRole('switch', { name: 'Dark mode' });
    if ((await toggle.getAttribute('aria-checked')) !== 'true') await toggle.click();
    await agentB.locator('html[data-theme="dark"]').waitFor({ state: 'attached', ...WAIT });
    const background = await agentB.evaluate(
      () =>
        getComputedStyle(document.body).backgroundColor ||
        getComputedStyle(document.documentElement).backgroundColor,
    );
    const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
    expect(r! + g! + b!, background).toBeLessThan(150);
    await expectNoSeriousA11yViolations(agentB, 'ticket list, dark (1280 px)');
    await agentB.screenshot({ path: path.join(artifacts, 'ticket-list-dark.png'), fullPage: true });

    // Saved to the profile: a new page load is dark again.
    await agentB.reload();
    await agentB
      .getByRole('link', { name: /TKT-\d{5}/ })
      .first()
      .waitFor(WAIT);
    await agentB.locator('html[data-theme="dark"]').waitFor({ state: 'attached', ...WAIT });
  });
});
