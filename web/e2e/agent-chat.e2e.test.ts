/**
 * An agent works a live chat from the dashboard, in a real browser against the production build
 * with its demo data (docs/product.md "Chats for agents"): a customer's chat is opened through the
 * API, the agent opens it, types a reply and sends it with Enter; the reply shows; a customer
 * message posted through the API then appears on the agent's page without a reload (the live
 * stream's chat notice). The inbox shows the chat's last message; the agent closes the chat.
 * Times read in the agent's profile time zone (America/Toronto), named, whatever the browser's
 * (here Asia/Tokyo). axe-core checks the chat page; screenshots go to web/e2e/artifacts/.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe.js';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { DEMO_PASSWORD, signInAs } from './support/sign-in.js';

const artifacts = path.resolve(import.meta.dirname, 'artifacts');
/** Live changes arrive within about a second; this only bounds a failing wait. */
const WAIT = { timeout: 20_000 };

let server: DocketServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let token: string;
let chat: { id: string };

async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  [server, browser] = await Promise.all([startDocketServer(), launchChromium()]);
  // A browser far from the agent's profile zone: the page must still show Toronto's time.
  context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'Asia/Tokyo',
  });
  page = await context.newPage();
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'agent@acme.test', password: DEMO_PASSWORD }),
  });
  token = ((await login.json()) as { accessToken: string }).accessToken;
  // The customer's chat, as the chat widget's bridge would open it.
  chat = await api<{ id: string }>('POST', '/api/chats', {
    customerName: 'Priya Raman',
    customerEmail: 'priya.raman@example.com',
  });
  await api('POST', `/api/chats/${chat.id}/messages`, {
    senderType: 'customer',
    content: 'My invoice shows the wrong address.',
  });
  await signInAs(page, server.url, 'agent@acme.test');
  await page
    .getByRole('link', { name: /TKT-\d{5}/ })
    .first()
    .waitFor(WAIT);
});

afterAll(async () => {
  await context?.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

describe('an agent in a live chat', () => {
  it('replies with Enter, then sees the customer’s next message arrive without a reload', async () => {
    await page.goto(`${server.url}/chats/${chat.id}`);
    const messages = page.getByTestId('chat-messages');
    await messages.getByText('My invoice shows the wrong address.').waitFor(WAIT);
    await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor(WAIT);

    // The time of the customer's message, on Toronto's clock and named (not Tokyo's).
    const time = messages.locator('time').first();
    const shown = (await time.textContent()) ?? '';
    expect(shown).toMatch(/ E[SD]T$/);
    const iso = (await time.getAttribute('datetime')) ?? '';
    const toronto = new Intl.DateTimeFormat('en-US', {
      timeStyle: 'short',
      timeZone: 'America/Toronto',
    }).format(new Date(iso));
    expect(shown).toContain(toronto);

    // A marker that a reload would wipe.
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });

    const box = page.getByLabel('Your message');
    await box.fill('Sorry about that, Priya.');
    await box.press('Shift+Enter');
    await box.pressSequentially('I am fixing it now.');
    await box.press('Enter');
    await messages.getByText(/I am fixing it now\./).waitFor(WAIT);
    await expect.poll(() => box.inputValue(), WAIT).toBe('');

    const stored = await api<{
      agentId: string | null;
      messages: { senderType: string; senderName: string; content: string }[];
    }>('GET', `/api/chats/${chat.id}`);
    expect(stored.messages.at(-1)).toMatchObject({
      senderType: 'agent',
      senderName: 'Alex Agent',
      content: 'Sorry about that, Priya.\nI am fixing it now.',
    });
    // The first agent to answer takes the chat.
    expect(stored.agentId).not.toBeNull();

    // The customer writes again (through the API): it appears live.
    await api('POST', `/api/chats/${chat.id}/messages`, {
      senderType: 'customer',
      content: 'Thank you, it should be 12 Elm Street.',
    });
    await messages.getByText('Thank you, it should be 12 Elm Street.').waitFor(WAIT);
    expect(
      await page.evaluate(
        () => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true,
      ),
    ).toBe(true);

    await expectNoSeriousA11yViolations(page, 'chat page with the composer');
    await page.screenshot({ path: path.join(artifacts, 'agent-chat-1280.png'), fullPage: true });
  });

  it('shows the last message in the inbox, and closes the chat from its page', async () => {
    await page.goto(`${server.url}/chats`);
    const row = page.locator('.chat-row').filter({ hasText: 'Priya Raman' });
    await row.getByText('Thank you, it should be 12 Elm Street.').waitFor(WAIT);
    await row.getByText('Priya Raman (customer)').waitFor(WAIT);

    await row.getByRole('link', { name: 'Priya Raman' }).click();
    await page.getByRole('button', { name: 'Close chat' }).click();
    await page.getByText('This chat is closed.').waitFor(WAIT);
    expect(await page.getByLabel('Your message').count()).toBe(0);
    const stored = await api<{ status: string }>('GET', `/api/chats/${chat.id}`);
    expect(stored.status).toBe('CLOSED');
  });
});
