// Rate limits across instances (plugins/rate-limit.ts with REDIS_URL, lib/redis-limit-store.ts):
// two apps on one database and one real redis-server share the sign-in limit, so the 11th attempt
// from one IP is refused whichever instance gets it; with Redis stopped, or unreachable from the
// start, sign-in still answers (401 for a wrong password, never a 500) and each instance keeps
// limiting on its own (docs/scaling.md "Rate limits").
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { testConfig } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { startRedis, type TestRedis } from './helpers/redis.js';

const PER_IP = 10;
let db: TestDatabase;
let redis: TestRedis;
const apps: FastifyInstance[] = [];

async function instance(redisUrl: string): Promise<FastifyInstance> {
  const config = testConfig({
    REDIS_URL: redisUrl,
    REDIS_TIMEOUT_MS: '300',
    RATE_LIMIT_WINDOW_SECONDS: '60',
    RATE_LIMIT_LOGIN_PER_IP: String(PER_IP),
    RATE_LIMIT_LOGIN_PER_ACCOUNT: '1000',
  });
  const app = await buildApp(config, { prisma: db.prisma, ownsPrisma: false, logger: false });
  await app.ready();
  apps.push(app);
  return app;
}

const attempt = (app: FastifyInstance, n: number) =>
  request(app.server)
    .post('/api/auth/login')
    .send({ email: `nobody${n}@example.com`, password: 'wrong-password' });

beforeAll(async () => {
  [db, redis] = await Promise.all([createTestDatabase(), startRedis()]);
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await redis?.stop();
  await db?.drop();
});

describe('rate limits shared through Redis', () => {
  it('counts sign-in attempts of both instances together: the 11th is refused', async () => {
    const [a, b] = [await instance(redis.url), await instance(redis.url)];
    for (let n = 1; n <= PER_IP; n++) {
      const res = await attempt(n % 2 ? a : b, n);
      expect(res.status, `attempt ${n}`).toBe(401);
      expect(res.headers['x-ratelimit-remaining']).toBe(String(PER_IP - n));
    }
    for (const app of [a, b]) {
      const refused = await attempt(app, 11);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
  });

  it('with Redis stopped: no 500, and each instance limits on its own', async () => {
    const own = await startRedis();
    const [a, b] = [await instance(own.url), await instance(own.url)];
    expect((await attempt(a, 1)).status).toBe(401);
    await own.stop();
    // Counted in each instance's memory from here on (Redis's count is out of reach).
    for (let n = 1; n <= PER_IP; n++) expect((await attempt(a, n)).status, `a ${n}`).toBe(401);
    expect((await attempt(a, 11)).status).toBe(429);
    expect((await attempt(b, 1)).status).toBe(401);
  });

  it('with Redis unreachable at start: the app starts and answers', async () => {
    const gone = await startRedis();
    await gone.stop();
    const started = Date.now();
    const app = await instance(gone.url);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await attempt(app, 1)).status).toBe(401);
  });
});
