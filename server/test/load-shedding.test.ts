/**
 * Load shedding (@fastify/under-pressure): its own file, because blocking the event loop would
 * make every other app in the same test process shed load too.
 */
import { describe, expect, it } from 'vitest';
import { createTestApp, testConfig } from './helpers/app.js';

describe('load shedding', () => {
  it('answers 503 problem+json with Retry-After while the event loop lags', async () => {
    const config = testConfig({ SHED_LOAD_EVENT_LOOP_DELAY_MS: '20' });
    const shedding = await createTestApp({ seed: false, config });
    try {
      // Unblocked, it answers: on a machine busy with the other test files the lag can pass
      // 20 ms for a moment on its own, so ask until a quiet moment (a few seconds at most).
      let ok = await shedding.http().get('/api/health');
      for (let attempt = 0; attempt < 20 && ok.status !== 200; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        ok = await shedding.http().get('/api/health');
      }
      expect(ok.status).toBe(200);
      // Block the event loop, as a runaway computation would, then ask. under-pressure measures
      // the lag on its own timer (every 200 ms), and on a busy machine that timer may run after
      // the request is answered: block and ask again, a few times at most.
      let res = ok;
      for (let attempt = 0; attempt < 5 && res.status !== 503; attempt++) {
        const until = Date.now() + 1000;
        while (Date.now() < until) {
          // blocked
        }
        await new Promise((resolve) => setImmediate(resolve));
        res = await shedding.http().get('/api/health');
      }
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({ status: 503, code: 'service_unavailable' });
    } finally {
      await shedding.close();
    }
  });
});
