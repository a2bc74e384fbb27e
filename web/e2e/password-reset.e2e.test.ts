/**
 * "Forgot password?" in a real browser against the production build (docs/product.md
 * "Accounts"): from the sign-in page, ask for a link; the captured mail's link opens the reset
 * page, which shows the policy's reason for a common password, then accepts a good one; the new
 * password signs in through the sign-in form.
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { waitForCapturedMail, type CapturedMail } from './support/captured-mail.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { signInAs } from './support/sign-in.js';

const artifacts = path.resolve(import.meta.dirname, 'artifacts');
const EMAIL = 'customer2@acme.test';
const NEW_PASSWORD = 'saffron-meadow-kettle-31';

let server: DocketServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await startDocketServer();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('password reset', () => {
  it('resets a forgotten password through the emailed link', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Forgot your password?' }).waitFor();
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText('If an account exists for this email, we sent it a link.').waitFor();

    const mail = await waitForCapturedMail(
      server.dataDir,
      (m: CapturedMail & { to?: string }) =>
        m.kind === 'password_reset' && String(m.to ?? '').includes(EMAIL),
    );
    const link = /https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();
    const url = new URL(link!);
    await page.goto(`${server.url}${url.pathname}${url.search}`);
    await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();

    await page.getByLabel('New password').fill('password123');
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.getByText(/too common/).waitFor();

    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.getByText(/Your password was changed/).waitFor();
    await page.screenshot({ path: path.join(artifacts, 'password-reset-375.png'), fullPage: true });

    await signInAs(page, server.url, EMAIL, { password: NEW_PASSWORD, start: '/sign-in' });
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await context.close();
  });
});
