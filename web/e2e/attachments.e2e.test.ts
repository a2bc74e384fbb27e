/**
 * Attachments in a real browser: the demo agent attaches an image to a reply through
 * the composer's file chooser, sees its chip with a preview before sending, sends, and sees the
 * server's thumbnail (a re-encoded WebP fetched with the session's token) on the reply.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { startDocketServer, type DocketServer } from './support/docket-server.js';
import { signInAs } from './support/sign-in.js';

const artifacts = path.resolve(import.meta.dirname, 'artifacts');
let server: DocketServer;
let browser: Browser;
let page: Page;

/** A real 120 × 80 PNG, drawn by the browser itself (no image library in the test). */
async function makePng(p: Page): Promise<Buffer> {
  const dataUrl = await p.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 120;
    canvas.height = 80;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#1f4b7a';
    ctx.fillRect(0, 0, 120, 80);
    ctx.fillStyle = '#ffcc00';
    ctx.fillRect(20, 20, 40, 40);
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1]!, 'base64');
}

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  [server, browser] = await Promise.all([startDocketServer(), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

describe('agent attaches an image to a reply', () => {
  it('shows the chip before sending and the thumbnail after', async () => {
    await signInAs(page, server.url, 'agent@acme.test');
    await page
      .getByRole('link', { name: /TKT-\d{5}/ })
      .first()
      .click();
    await page.waitForURL(/\/tickets\//);

    const png = await makePng(page);
    await page.getByTestId('attachment-input').setInputFiles({
      name: 'printer-error.png',
      mimeType: 'image/png',
      buffer: png,
    });
    const chip = page.getByTestId('file-chip').filter({ hasText: 'printer-error.png' });
    await chip.waitFor();
    expect(await chip.getByRole('img').count()).toBe(1);

    const text = `Screenshot attached — ${new Date().toISOString()}`;
    await page.getByLabel('Reply').fill(text);
    await page.getByRole('button', { name: 'Send reply' }).click();

    const reply = page.getByTestId('response').filter({ hasText: text });
    await reply.waitFor();
    const thumbnail = reply.getByTestId('attachment-thumbnail');
    await thumbnail.waitFor();
    // The image really loaded: the browser decoded the server's thumbnail.
    await expect
      .poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(120);
    expect(await thumbnail.getAttribute('src')).toMatch(/^blob:/);
    expect(await reply.getByTestId('attachment').textContent()).toContain('printer-error.png');
    expect(await page.getByTestId('file-chip').count()).toBe(0);
    await page.screenshot({
      path: path.join(artifacts, 'reply-with-attachment.png'),
      fullPage: true,
    });
  });
});
