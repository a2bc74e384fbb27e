/**
 * A LimitStore in Redis (lib/limit-store.ts has the contract), so that several instances behind a
 * load balancer count every limit together: selected by plugins/rate-limit.ts when `REDIS_URL` is
 * set. Client: ioredis. Every operation is one atomic Lua script or one command, so two instances
 * hitting the same key at once never lose a count:
 * - a counter is a string key: `INCRBY`, and `PEXPIRE windowMs` when it has no expiry yet (the
 *   window starts at its first hit, as in the memory store); `PTTL` gives `resetInMs`;
 * - a slot key is a sorted set of holders scored by their lease's end (Redis's own clock, `TIME`,
 *   so instances with drifting clocks agree); `acquire` first trims the expired leases, then adds
 *   a holder if fewer than `max` remain; `release` removes the holder whose lease ends first
 *   (`ZPOPMIN`), as the memory store does. The set expires with its longest lease.
 * Keys are prefixed `docket:limit:`.
 *
 * When Redis cannot answer (down, unreachable, slower than `timeoutMs`), a limit never turns into
 * a 500 and never refuses everyone: the operation is answered by a memory store of this process
 * instead (`fallback`), so limits keep holding per instance (each instance allows up to the
 * limit on its own) until Redis answers again, and one warning is logged when Redis is lost and
 * one line when it is back. Counts made meanwhile stay in that instance's memory. A slot taken
 * in Redis whose release is lost is freed when its lease ends.
 *
 * Timeouts: connecting gives up after `timeoutMs`, each command after `timeoutMs`; commands are
 * not queued while disconnected (they fall back at once) and the client reconnects in the
 * background (every 0.1 s to 2 s). A command that timed out may still be applied by Redis later:
 * a slow Redis can make a count higher than the hits, never lower.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createMemoryLimitStore, type CounterState, type LimitStore } from './limit-store.js';

/** Where the store tells that Redis was lost or is back (the app's logger). */
interface StoreLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface RedisLimitStoreOptions {
  /** `redis://` or `rediss://` URL (REDIS_URL). */
  url: string;
  /** Bound on connecting and on each command, ms. */
  timeoutMs: number;
  log: StoreLog;
}

/** A LimitStore in Redis that can be closed (the app's `onClose`). */
export interface RedisLimitStore extends LimitStore {
  /**
   * Resolves once the first connection is ready, or after `timeoutMs` whatever happened (the
   * store works either way: unanswered operations fall back to memory). True when connected.
   */
  connected(): Promise<boolean>;
  /** Closes the connection (QUIT, then disconnect after `timeoutMs`). */
  close(): Promise<void>;
}

const PREFIX = 'docket:limit:';

// KEYS[1] counter; ARGV[1] window (ms), ARGV[2] amount. → {total, ms until reset}
const INCREMENT = `
local total = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {total, ttl}`;

// KEYS[1] counter. → {total, ms until reset}, {0, 0} when absent
const PEEK = `
local total = redis.call('GET', KEYS[1])
if not total then return {0, 0} end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then ttl = 0 end
return {tonumber(total), ttl}`;

// KEYS[1] slot set; ARGV[1] max, ARGV[2] lease (ms), ARGV[3] holder id. → {acquired 0|1, held}
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local held = redis.call('ZCARD', KEYS[1])
if held >= tonumber(ARGV[1]) then return {0, held} end
local lease = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], now + lease, ARGV[3])
if redis.call('PTTL', KEYS[1]) < lease then redis.call('PEXPIRE', KEYS[1], lease) end
return {1, held + 1}`;

/**
 * Creates the store and starts connecting (see the file comment for the behaviour when Redis is
 * away). Throws only on a malformed URL.
 */
export function createRedisLimitStore(options: RedisLimitStoreOptions): RedisLimitStore {
  const { timeoutMs, log } = options;
  const redis = new Redis(options.url, {
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    keyPrefix: PREFIX,
  });
  const fallback = createMemoryLimitStore();
  let lost = false;
  let firstReady: Promise<boolean> | undefined;

  // ioredis emits 'error' on every failed connection attempt; the fallback below reports it.
  redis.on('error', () => {});

  /** Runs `operation` in Redis, or in `fallback` when Redis does not answer. */
  async function orFallback<T>(operation: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    try {
      const result = await operation();
      if (lost) {
        lost = false;
        log.info({}, 'Redis answers again: limits are shared again');
      }
      return result;
    } catch (err) {
      if (!lost) {
        lost = true;
        log.warn(
          { err },
          'Redis does not answer: limits are counted in this instance only until it is back',
        );
      }
      return local();
    }
  }

  const counterState = (reply: unknown): CounterState => {
    const [total, ttl] = reply as [number, number];
    return { total: Number(total), resetInMs: Math.max(0, Number(ttl)) };
  };

  return {
    increment: (key, windowMs, amount = 1) =>
      orFallback(
        async () => counterState(await redis.eval(INCREMENT, 1, key, Math.ceil(windowMs), amount)),
        () => fallback.increment(key, windowMs, amount),
      ),
    peek: (key) =>
      orFallback(
        async () => counterState(await redis.eval(PEEK, 1, key)),
        () => fallback.peek(key),
      ),
    acquire: (key, max, leaseMs) =>
      orFallback(
        async () => {
          const reply = await redis.eval(
            ACQUIRE,
            1,
            `slot:${key}`,
            max,
            Math.ceil(leaseMs),
            randomUUID(),
          );
          const [acquired, held] = reply as [number, number];
          return { acquired: Number(acquired) === 1, held: Number(held) };
        },
        () => fallback.acquire(key, max, leaseMs),
      ),
    release: (key) =>
      orFallback(
        async () => {
          await redis.zpopmin(`slot:${key}`);
        },
        () => fallback.release(key),
      ),
    connected() {
      firstReady ??= new Promise<boolean>((resolve) => {
        if (redis.status === 'ready') return resolve(true);
        const timer = setTimeout(() => {
          redis.off('ready', onReady);
          resolve(false);
        }, timeoutMs);
        const onReady = () => {
          clearTimeout(timer);
          resolve(true);
        };
        redis.once('ready', onReady);
      });
      return firstReady;
    },
    async close() {
      const quit = redis.quit().catch(() => undefined);
      const timer = setTimeout(() => redis.disconnect(), timeoutMs);
      await quit;
      clearTimeout(timer);
      redis.disconnect();
    },
  };
}
