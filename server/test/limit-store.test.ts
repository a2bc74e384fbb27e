// The LimitStore contract (lib/limit-store.ts), run through the same cases for the memory store
// and the Redis store (lib/redis-limit-store.ts, against a real redis-server); then what only the
// Redis store does: keys that expire in Redis, atomic counts under concurrency, and the fallback
// to this process's memory when Redis is stopped or does not answer within the timeout.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLimitStore, type LimitStore } from '../src/lib/limit-store.js';
import { createRedisLimitStore, type RedisLimitStore } from '../src/lib/redis-limit-store.js';
import { startRedis, type TestRedis } from './helpers/redis.js';

let redis: TestRedis;
const stores: RedisLimitStore[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await redis?.stop();
});

/** What the stores logged (warnings and recoveries). */
function recordingLog() {
  const lines: { level: 'warn' | 'info'; msg: string }[] = [];
  return {
    lines,
    warn: (_obj: object, msg: string) => void lines.push({ level: 'warn', msg }),
    info: (_obj: object, msg: string) => void lines.push({ level: 'info', msg }),
  };
}

async function redisStore(url = redis.url, timeoutMs = 500, log = recordingLog()) {
  const store = createRedisLimitStore({ url, timeoutMs, log });
  stores.push(store);
  await store.connected();
  return store;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let keyCount = 0;
/** A key no other case uses (the Redis store is shared by the cases). */
const fresh = (name: string) => `${name}:${process.pid}:${++keyCount}`;

describe.each([
  ['memory', async (): Promise<LimitStore> => createMemoryLimitStore()],
  ['Redis', async (): Promise<LimitStore> => redisStore()],
])('the %s limit store', (_name, makeStore) => {
  let store: LimitStore;
  beforeAll(async () => {
    store = await makeStore();
  });

  it('counts hits in a fixed window that starts at the first hit', async () => {
    const key = fresh('count');
    const first = await store.increment(key, 60_000);
    expect(first.total).toBe(1);
    expect(first.resetInMs).toBeGreaterThan(59_000);
    expect(first.resetInMs).toBeLessThanOrEqual(60_000);
    await sleep(20);
    const second = await store.increment(key, 60_000);
    expect(second.total).toBe(2);
    // The window did not restart: it ends when the first hit's window ends.
    expect(second.resetInMs).toBeLessThan(first.resetInMs);
    expect((await store.increment(key, 60_000, 40)).total).toBe(42);
    // Another key counts apart.
    expect((await store.increment(fresh('other'), 60_000)).total).toBe(1);
  });

  it('starts again from zero when the window ends', async () => {
    const key = fresh('window');
    await store.increment(key, 150);
    expect((await store.increment(key, 150)).total).toBe(2);
    await sleep(250);
    const after = await store.increment(key, 150);
    expect(after.total).toBe(1);
    expect(after.resetInMs).toBeGreaterThan(100);
  });

  it('peeks without counting: zero when absent or expired', async () => {
    const key = fresh('peek');
    expect(await store.peek(key)).toEqual({ total: 0, resetInMs: 0 });
    await store.increment(key, 200, 5);
    const seen = await store.peek(key);
    expect(seen.total).toBe(5);
    expect(seen.resetInMs).toBeGreaterThan(0);
    expect(seen.resetInMs).toBeLessThanOrEqual(200);
    expect((await store.peek(key)).total).toBe(5);
    await sleep(300);
    expect(await store.peek(key)).toEqual({ total: 0, resetInMs: 0 });
  });

  it('gives at most max slots, takes one back on release, and ignores a release of none', async () => {
    const key = fresh('slots');
    expect(await store.acquire(key, 2, 60_000)).toEqual({ acquired: true, held: 1 });
    expect(await store.acquire(key, 2, 60_000)).toEqual({ acquired: true, held: 2 });
    expect(await store.acquire(key, 2, 60_000)).toEqual({ acquired: false, held: 2 });
    await store.release(key);
    expect(await store.acquire(key, 2, 60_000)).toEqual({ acquired: true, held: 2 });
    await store.release(key);
    await store.release(key);
    await store.release(key); // none held: nothing happens
    expect(await store.acquire(key, 1, 60_000)).toEqual({ acquired: true, held: 1 });
    // Slots under another key are counted apart.
    expect(await store.acquire(fresh('slots-other'), 1, 60_000)).toEqual({
      acquired: true,
      held: 1,
    });
  });

  it('frees a slot whose lease ended (a holder that never released)', async () => {
    const key = fresh('lease');
    expect((await store.acquire(key, 1, 150)).acquired).toBe(true);
    expect((await store.acquire(key, 1, 150)).acquired).toBe(false);
    await sleep(250);
    expect(await store.acquire(key, 1, 150)).toEqual({ acquired: true, held: 1 });
  });

  it('loses no hit when many arrive at once', async () => {
    const key = fresh('concurrent');
    const totals = await Promise.all(
      Array.from({ length: 50 }, () => store.increment(key, 60_000)),
    );
    expect(totals.map((t) => t.total).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    const slots = await Promise.all(
      Array.from({ length: 20 }, () => store.acquire(key, 5, 60_000)),
    );
    expect(slots.filter((s) => s.acquired)).toHaveLength(5);
  });
});

describe('the Redis limit store', () => {
  it('shares counts and slots between stores (instances) on one Redis', async () => {
    const a = await redisStore();
    const b = await redisStore();
    const key = fresh('shared');
    await a.increment(key, 60_000);
    expect((await b.increment(key, 60_000)).total).toBe(2);
    expect((await a.peek(key)).total).toBe(2);
    expect((await a.acquire(key, 1, 60_000)).acquired).toBe(true);
    expect(await b.acquire(key, 1, 60_000)).toEqual({ acquired: false, held: 1 });
    await b.release(key);
    expect((await a.acquire(key, 1, 60_000)).acquired).toBe(true);
  });

  it('keeps its keys under docket:limit: with an expiry, so Redis forgets them', async () => {
    const store = await redisStore();
    const key = fresh('ttl');
    await store.increment(key, 60_000);
    await store.acquire(key, 3, 30_000);
    const client = new Redis(redis.url);
    try {
      const counterTtl = await client.pttl(`docket:limit:${key}`);
      expect(counterTtl).toBeGreaterThan(59_000);
      expect(counterTtl).toBeLessThanOrEqual(60_000);
      const slotTtl = await client.pttl(`docket:limit:slot:${key}`);
      expect(slotTtl).toBeGreaterThan(29_000);
      expect(slotTtl).toBeLessThanOrEqual(30_000);
      expect(await client.zcard(`docket:limit:slot:${key}`)).toBe(1);
    } finally {
      client.disconnect();
    }
  });

  it('counts in memory, with one warning, while Redis does not answer within its timeout', async () => {
    const log = recordingLog();
    const store = await redisStore(redis.url, 200, log);
    const key = fresh('paused');
    expect((await store.increment(key, 60_000)).total).toBe(1); // in Redis
    const admin = new Redis(redis.url);
    try {
      // Every client's commands wait 1.5 s: longer than the store's 200 ms timeout.
      await admin.call('CLIENT', 'PAUSE', '1500', 'ALL');
      const started = Date.now();
      const local = await store.increment(key, 60_000);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(local.total).toBe(1); // this instance's own count: Redis's is out of reach
      expect((await store.increment(key, 60_000)).total).toBe(2);
      expect(log.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    } finally {
      admin.disconnect();
    }
    // Answering again: the shared count goes on in Redis. The two commands that timed out were
    // sent, so Redis applied them once the pause ended: a timeout may over-count, never under-count.
    await sleep(1_600);
    expect((await store.increment(key, 60_000)).total).toBe(4);
    expect(log.lines.at(-1)).toMatchObject({ level: 'info' });
  });

  it('counts in memory when Redis is stopped, logs it once, and never throws', async () => {
    const own = await startRedis();
    const log = recordingLog();
    const store = await redisStore(own.url, 300, log);
    const key = fresh('stopped');
    expect((await store.increment(key, 60_000)).total).toBe(1);
    await own.stop();
    await sleep(50);
    for (let i = 1; i <= 3; i++) expect((await store.increment(key, 60_000)).total).toBe(i);
    expect((await store.peek(key)).total).toBe(3);
    expect(await store.acquire(key, 1, 60_000)).toEqual({ acquired: true, held: 1 });
    expect((await store.acquire(key, 1, 60_000)).acquired).toBe(false);
    await store.release(key);
    expect((await store.acquire(key, 1, 60_000)).acquired).toBe(true);
    expect(log.lines).toEqual([
      { level: 'warn', msg: expect.stringMatching(/Redis does not answer/) },
    ]);
  });

  it('starts without Redis: connected() gives up after the timeout and limits still count', async () => {
    const closed = await startRedis();
    await closed.stop(); // a port nobody listens on any more
    const started = Date.now();
    const store = await redisStore(closed.url, 300);
    expect(await store.connected()).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await store.increment(fresh('never'), 60_000)).total).toBe(1);
  });
});
