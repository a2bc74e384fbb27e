/**
 * Load shedding (@fastify/under-pressure): its own file, because blocking the event loop would
 * make every other app in the same test process shed load too.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';

/**
 * GET `/api/health` until it answers `status`, at most `attempts` times, with `between()` awaited
 * before each retry: under-pressure measures on its own timer (every 200 ms), so its state shows
 * a moment after what changes it. @returns the last answer.
 */
async function healthUntil(
  app: TestApp,
  status: number,
  attempts: number,
  between: () => Promise<unknown>,
) {
  let res = await app.http().get('/api/health');
  for (let attempt = 0; attempt < attempts && res.status !== status; attempt++) {
    await between();
    res = await app.http().get('/api/health');
  }
  return res;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('load shedding', () => {
  it('answers 503 problem+json with Retry-After while the event loop lags', async () => {
    const config = testConfig({ SHED_LOAD_EVENT_LOOP_DELAY_MS: '20' });
    const shedding = await createTestApp({ seed: false, config });
    try {
      // Unblocked, it answers: on a machine busy with the other test files the lag can pass
      // 20 ms for a moment on its own, so ask until a quiet moment (a few seconds at most).
      const ok = await healthUntil(shedding, 200, 20, () => sleep(250));
      expect(ok.status).toBe(200);
      // Block the event loop, as a runaway computation would, then ask. On a busy machine the
      // timer may run after the request is answered: block and ask again, a few times at most.
      const res = await healthUntil(shedding, 503, 5, async () => {
        const until = Date.now() + 1000;
        while (Date.now() < until) {
          // blocked
        }
        await new Promise((resolve) => setImmediate(resolve));
      });
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({ status: 503, code: 'service_unavailable' });
    } finally {
      await shedding.close();
    }
  });

  it('sheds the API but still serves the dashboard’s files and client routes', async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'docket-shed-web-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Docket</title>');
    writeFileSync(path.join(dist, 'assets', 'inbox-x1.js'), 'export const inbox = 1;');
    // Over its memory limit from the first sample on (1 MB of RSS): under pressure throughout.
    const config = {
      ...testConfig({ SHED_LOAD_MAX_RSS_MB: '1' }),
      serveWeb: true,
      webDistDir: dist,
    };
    const shedding = await createTestApp({ seed: false, config });
    try {
      // under-pressure reads the RSS on its timer: ask until it has.
      const api = await healthUntil(shedding, 503, 20, () => sleep(100));
      expect(api.status).toBe(503);
      expect(api.headers['retry-after']).toBe('5');
      expect(api.body).toMatchObject({ status: 503, code: 'service_unavailable' });

      const chunk = await shedding.http().get('/assets/inbox-x1.js');
      expect(chunk.status).toBe(200);
      expect(chunk.text).toBe('export const inbox = 1;');
      for (const page of ['/', '/tickets/DKT-1']) {
        const res = await shedding.http().get(page);
        expect(res.status, page).toBe(200);
        expect(res.text).toContain('<title>Docket</title>');
      }
      // Still shedding: the API's answer did not change while the files were served.
      expect((await shedding.http().get('/api/tickets')).status).toBe(503);
    } finally {
      await shedding.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
