/**
 * The Content-Security-Policy holds in a real browser: the SPA's answer forbids eval
 * (`script-src 'self'`, no 'unsafe-eval': server/src/plugins/security-headers.ts), and the pages
 * that parse with zod — the public tracker's look-up form, then the dashboard's ticket list —
 * run without a single CSP violation, because zod runs jitless (web/src/lib/zod-jitless.ts; its
 * JIT would call `new Function`, and even its caught probe is reported as a violation).
 */
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { DEMO_PASSWORD, signInAs } from './support/sign-in.js';

let server: DocketServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDocketServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

/** The CSP violations the page saw since it was loaded, as "<directive> <blocked URI>". */
async function violationsIn(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { cspViolations?: string[] }).cspViolations ?? [],
  );
}

describe('Content-Security-Policy', () => {
  it('forbids eval on the SPA', async () => {
    const response = await fetch(`${server.url}/track-ticket`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-eval');
  });

  it('is never violated by the tracker nor the ticket list (zod runs jitless)', async () => {
    // A demo ticket of the demo customer, to look up on the public tracker.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'customer@acme.test', password: DEMO_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const list = await fetch(`${server.url}/api/tickets?limit=1`, {
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    const [ticket] = ((await list.json()) as { data: { reference: string }[] }).data;
    expect(ticket).toBeDefined();

    // A new context (no session, no cache) each attempt; violations are collected in the page,
    // where the event tells the blocked directive.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (event) =>
        seen.push(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    const page: Page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const violations: string[] = [];
    try {
      await page.goto(`${server.url}/track-ticket`);
      await page.getByLabel('Ticket reference').fill(ticket!.reference);
      await page.getByLabel('Email').fill('customer@acme.test');
      await page.getByRole('button', { name: 'Track ticket' }).click();
      await page.getByTestId('public-ticket').waitFor();
      violations.push(...(await violationsIn(page)));

      await signInAs(page, server.url, 'agent@acme.test');
      await page
        .getByRole('link', { name: /TKT-\d{5}/ })
        .first()
        .waitFor();
      violations.push(...(await violationsIn(page)));
    } finally {
      await context.close();
    }

    expect(violations).toEqual([]);
    expect(
      consoleErrors.filter((text) => /Content Security Policy|unsafe-eval/i.test(text)),
    ).toEqual([]);
  });
});
