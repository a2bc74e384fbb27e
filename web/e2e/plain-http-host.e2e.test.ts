/**
 * The dashboard on plain http from a host name other than localhost (a LAN address, a name on
 * the local network): Chromium resolves docket.lan to the test server, opens
 * http://docket.lan:<port>/, signs in as the demo agent and sees the ticket list. A CSP with
 * `upgrade-insecure-requests` (or HSTS) on such a deployment makes the browser fetch every script
 * over https, which fails: a blank page. Also checks that the scripts come compressed (the
 * build's pre-compressed copies).
 */
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';

let server: DocketServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startDocketServer(),
    launchChromium(['--host-resolver-rules=MAP docket.lan 127.0.0.1']),
  ]);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

describe('plain http on a LAN host name', () => {
  it('loads the dashboard, signs in and lists the tickets', async () => {
    const failed: string[] = [];
    page.on('requestfailed', (request) =>
      failed.push(`${request.url()}: ${request.failure()?.errorText}`),
    );
    const scripts: { url: string; encoding: string | undefined }[] = [];
    page.on('response', (response) => {
      if (/\/assets\/[^/]+\.js$/.test(response.url())) {
        scripts.push({ url: response.url(), encoding: response.headers()['content-encoding'] });
      }
    });

    const origin = `http://docket.lan:${new URL(server.url).port}`;
    const document = await page.goto(`${origin}/`);
    expect(document?.status()).toBe(200);
    const headers = document!.headers();
    expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(headers['strict-transport-security']).toBeUndefined();

    await page.getByLabel('Email').fill('agent@acme.test');
    await page.getByLabel('Password').fill('docket-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const rows = page.getByRole('link', { name: /TKT-\d{5}/ });
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThanOrEqual(10);

    expect(new URL(page.url()).origin).toBe(origin);
    expect(failed).toEqual([]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script.encoding, script.url).toMatch(/^(br|gzip)$/);
  });
});
