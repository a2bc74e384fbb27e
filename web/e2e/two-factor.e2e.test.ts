/**
 * Enforced two-factor enrolment in a real browser against the production build (docs/product.md
 * "Accounts"): with the organization requiring two-factor sign-in of staff, an agent who signs in
 * is taken to the enrolment page; the test reads the key shown beside the QR code, computes the
 * app's code from it (RFC 6238, the library the server uses), turns two-factor sign-in on, sees
 * the recovery codes once, and continues to the inbox.
 */
import { rmSync } from 'node:fs';
import { Secret, TOTP } from 'otpauth';
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

describe('two-factor sign-in', () => {
  it('forces a staff member to enrol, shows the recovery codes, then opens the inbox', async () => {
    const admin = await apiTokenOf(server.url, 'admin@acme.test');
    const rule = await fetch(`${server.url}/api/organization/security`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ requireTwoFactor: 'staff' }),
    });
    expect(rule.status).toBe(200);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInAs(page, server.url, 'agent2@acme.test');
    await page.waitForURL((u) => u.pathname === '/two-factor-setup', WAIT);
    await page.getByRole('heading', { level: 1, name: 'Set up two-factor sign-in' }).waitFor(WAIT);
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor(WAIT);

    // Nothing else of the dashboard opens meanwhile.
    await page.goto(`${server.url}/tickets`);
    await page.waitForURL((u) => u.pathname === '/two-factor-setup', WAIT);

    const secret = (await page.getByTestId('two-factor-secret').textContent(WAIT))?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
    await page.getByLabel('Code from the app').fill(code);
    await page.getByRole('button', { name: 'Turn on' }).click();

    const codes = page.getByTestId('recovery-codes').getByRole('listitem');
    await codes.first().waitFor(WAIT);
    expect(await codes.count()).toBe(10);
    expect(await codes.first().textContent()).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);

    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/tickets'), WAIT);
    await page.getByRole('searchbox', { name: 'Search tickets' }).waitFor(WAIT);
    await context.close();
  });
});
