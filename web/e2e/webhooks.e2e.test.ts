/**
 * The admins' webhook page in a real browser, against the production build with its outbox
 * workers running: the admin finds "Webhooks" in the header, adds an endpoint pointing at a
 * receiver in this test process (127.0.0.1, allowed through WEBHOOK_ALLOWED_HOSTS), sees the
 * secret once, and finds the delivery of a new ticket's event in the delivery log; the receiver
 * got it, signed.
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe.js';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { signInAs } from './support/sign-in.js';

const artifacts = path.resolve(import.meta.dirname, 'artifacts');
let server: DocketServer;
let browser: Browser;
let page: Page;
let receiver: http.Server;
let receiverUrl: string;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/docket`;
  // The server inherits this process's environment: allow the local receiver only.
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
  [server, browser] = await Promise.all([startDocketServer(), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('admin manages webhooks', () => {
  let secret: string;

  it('adds an endpoint from the header link and sees its secret once', async () => {
    await signInAs(page, server.url, 'admin@acme.test');
    // Webhooks sits in the header's "Admin" menu (with users, categories and API keys).
    await page.getByRole('button', { name: 'Admin', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.getByLabel(/^URL/).fill(receiverUrl);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const code = page.locator('code.webhook-secret');
    await code.waitFor();
    secret = (await code.textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await page.screenshot({ path: path.join(artifacts, 'webhooks-secret.png'), fullPage: true });
    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.locator('code.webhook-secret').count()).toBe(0);
    await page.getByRole('article', { name: receiverUrl }).waitFor();
    await expectNoSeriousA11yViolations(page, 'webhooks (1280 px)');
  });

  it('shows the delivery of a new ticket’s event in the log, and the receiver got it signed', async () => {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'agent@acme.test', password: 'docket-demo' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const created = await fetch(`${server.url}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({
        subject: 'Webhook from the browser test',
        description: 'This ticket should reach the receiver.',
        requesterName: 'Rita Receiver',
        requesterEmail: 'rita@example.com',
      }),
    });
    expect(created.status).toBe(201);

    const card = page.getByRole('article', { name: receiverUrl });
    await card.getByRole('button', { name: 'Delivery log' }).click();
    const log = card.getByRole('region', { name: 'Delivery log' });
    const delivered = log.getByRole('row', { name: /Ticket created/ }).getByText('Delivered');
    for (let i = 0; i < 40 && !(await delivered.isVisible()); i++) {
      await log.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(250);
    }
    await delivered.waitFor();
    await page.screenshot({ path: path.join(artifacts, 'webhooks-log.png'), fullPage: true });

    const event = received.find((r) => r.body.includes('Webhook from the browser test'));
    expect(event).toBeDefined();
    const id = String(event!.headers['webhook-id']);
    const timestamp = String(event!.headers['webhook-timestamp']);
    const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
      .update(`${id}.${timestamp}.${event!.body}`)
      .digest('base64');
    expect(String(event!.headers['webhook-signature']).split(' ')).toContain(`v1,${expected}`);
    expect(JSON.parse(event!.body)).toMatchObject({ id, type: 'ticket.created' });
  });
});
