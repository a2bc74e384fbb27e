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
      const ok = await shedding.http().get('/api/health');
      expect(ok.status).toBe(200);
      const until = Date.now() + 1000;
      while (Date.now() < until) {
        // Block the event loop, as a runaway computation would.
      }
      const res = await shedding.http().get('/api/health');
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({ status: 503, code: 'service_unavailable' });
    } finally {
      await shedding.close();
    }
  });
});
