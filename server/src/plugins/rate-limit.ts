/**
 * Rate limits: "Rate limits answer 429 with Retry-After"; tracker attempts are rate-limited.
 * Every count goes through one LimitStore (`app.limits`): in Redis when REDIS_URL is set
 * (lib/redis-limit-store.ts: every instance counts together; while Redis does not answer, each
 * instance counts on its own, never a 500), else in this process's memory (lib/limit-store.ts,
 * one instance). The same store counts uploads (attachments) and live streams (modules/live).
 *
 * A refused request is answered as RFC 9457 problem+json: status 429, code `rate_limited`, a
 * `detail` saying in how many seconds to retry, and a `Retry-After` header (seconds, RFC 9110
 * §10.2.3).
 *
 * The policies, each counted per fixed window of RATE_LIMIT_WINDOW_SECONDS (config.ts):
 * | policy | counts | default per minute |
 * |---|---|---|
 * | `loginPerIp` | sign-in attempts from one IP, any email (password spraying) | 50 |
 * | `loginPerAccount` | sign-in attempts from one IP for one email (password guessing) | 10 |
 * | `trackPerIp` | tracker look-ups from one IP | 20 |
 * | `trackPerReference` | tracker look-ups of one ticket reference from one IP | 10 |
 * | `trackPerReferenceAllIps` | look-ups of one reference from all IPs together: a ceiling against guessing one ticket's email from many IPs, high enough that others' attempts cannot lock the requester out | 100 |
 * | `trackingLinkPerIp` | tracking-link views from one IP | 60 |
 * | `trackingReplyPerIp` | replies through tracking links from one IP | 10 |
 * | `passwordResetPerIp` | password-reset requests from one IP (RATE_LIMIT_LOGIN_PER_IP) | 50 |
 * | `passwordResetPerAccount` | password-reset requests for one email from all IPs (RATE_LIMIT_LOGIN_PER_ACCOUNT): no mailbox flooded | 10 |
 * | `accountLinkPerIp` | uses of reset and invitation links from one IP (RATE_LIMIT_LOGIN_PER_IP): token guessing | 50 |
 * Every attempt counts, successful or not, and an unknown reference counts like a known one (the
 * same answers whether the ticket exists or not). IPv6 clients are counted per /64 (one host's
 * usual allocation). Per-IP policies run at `onRequest`, before the body is read; per-key
 * policies need the body, so they run at `preValidation` (malformed bodies count too).
 */
import ipaddr from 'ipaddr.js';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestAsyncHookHandler,
  preValidationAsyncHookHandler,
} from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { parseTicketReference } from '../lib/domain.js';
import { RateLimitedError } from '../lib/errors.js';
import { createMemoryLimitStore, type LimitStore } from '../lib/limit-store.js';

/** The named policies, each a hook to put on the routes it limits. */
export interface RateLimitPolicies {
  /** POST /api/auth/login, per IP (onRequest). */
  loginPerIp: onRequestAsyncHookHandler;
  /** POST /api/auth/login, per IP and (lower-cased) email (preValidation). */
  loginPerAccount: preValidationAsyncHookHandler;
  /** POST /api/public/track, per IP (onRequest). */
  trackPerIp: onRequestAsyncHookHandler;
  /**
   * POST /api/public/track, per ticket number and IP, and per ticket number from all IPs under
   * a higher ceiling (preValidation; references that do not parse are not counted: they match
   * nothing).
   */
  trackPerReference: preValidationAsyncHookHandler;
  /** GET /api/public/tickets/:token, per IP (onRequest). */
  trackingLinkPerIp: onRequestAsyncHookHandler;
  /** POST /api/public/tickets/:token/responses, per IP (onRequest). */
  trackingReplyPerIp: onRequestAsyncHookHandler;
  /** POST /api/auth/password-reset, per IP (onRequest). */
  passwordResetPerIp: onRequestAsyncHookHandler;
  /** POST /api/auth/password-reset, per (lower-cased) email from every IP (preValidation). */
  passwordResetPerAccount: preValidationAsyncHookHandler;
  /** Reset and invitation links (confirm, preview, accept), per IP (onRequest). */
  accountLinkPerIp: onRequestAsyncHookHandler;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Docket's rate-limit policies (plugins/rate-limit.ts); register this plugin before routes. */
    rateLimits: RateLimitPolicies;
    /** The store every limit counts in (lib/limit-store.ts). */
    limits: LimitStore;
  }
}

/**
 * The key of a client address: IPv4 as it is, IPv6 by its /64 (IPv4-mapped IPv6 as the IPv4).
 */
export function clientKey(ip: string): string {
  try {
    let address = ipaddr.parse(ip);
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
      address = (address as ipaddr.IPv6).toIPv4Address();
    }
    if (address.kind() === 'ipv4') return address.toString();
    const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
    return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
  } catch {
    return ip;
  }
}

/** A string field of a body not yet validated, or null. */
function bodyField(request: FastifyRequest, field: string): string | null {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return null;
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : null;
}

export interface RateLimitPluginOptions {
  limits: Config['rateLimit'];
  /**
   * Redis to count in (Config['redis']), closed with the app; the app waits for its first
   * connection at most `timeoutMs` at start.
   */
  redis?: Config['redis'];
  /** The store to count in; default: Redis when `redis` is given, else this process's memory. */
  store?: LimitStore;
}

/** The store the options ask for: given, Redis (connected or given up on), or memory. */
async function limitStoreOf(
  app: FastifyInstance,
  opts: RateLimitPluginOptions,
): Promise<LimitStore> {
  if (opts.store) return opts.store;
  if (!opts.redis) return createMemoryLimitStore();
  // Loaded only when Redis is configured: an instance without it never holds ioredis (1.6 MB of
  // V8 heap, bench/README.md "Memory").
  const { createRedisLimitStore } = await import('../lib/redis-limit-store.js');
  const store = createRedisLimitStore({ ...opts.redis, log: app.log });
  app.addHook('onClose', async () => store.close());
  if (!(await store.connected())) {
    app.log.warn(
      'Redis did not answer at start: limits are counted in this instance until it does',
    );
  }
  return store;
}

async function rateLimit(app: FastifyInstance, opts: RateLimitPluginOptions) {
  const { limits } = opts;
  const store = await limitStoreOf(app, opts);
  const windowMs = limits.windowSeconds * 1000;
  app.decorate('limits', store);

  /**
   * Counts one hit of `policy` under `key`; 429 past `max` in the window. With `reply`, the
   * answer tells the client where it stands: `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
   * `X-RateLimit-Reset` (seconds).
   */
  async function count(
    policy: string,
    key: string,
    max: number,
    reply?: FastifyReply,
  ): Promise<void> {
    const { total, resetInMs } = await store.increment(`rate:${policy}:${key}`, windowMs);
    reply?.headers({
      'X-RateLimit-Limit': String(max),
      'X-RateLimit-Remaining': String(Math.max(0, max - total)),
      'X-RateLimit-Reset': String(Math.ceil(resetInMs / 1000)),
    });
    if (total > max) throw new RateLimitedError(resetInMs / 1000);
  }

  const perIp =
    (policy: string, max: number): onRequestAsyncHookHandler =>
    async (request, reply) =>
      count(policy, clientKey(request.ip), max, reply);

  app.decorate('rateLimits', {
    loginPerIp: perIp('login-ip', limits.loginPerIp),
    async loginPerAccount(request) {
      const email = bodyField(request, 'email');
      if (email === null) return;
      const account = `${clientKey(request.ip)}|${email.trim().toLowerCase().slice(0, 254)}`;
      await count('login-account', account, limits.loginPerAccount);
    },
    trackPerIp: perIp('track-ip', limits.trackPerIp),
    async trackPerReference(request) {
      const reference = bodyField(request, 'reference');
      const number = reference === null ? null : parseTicketReference(reference);
      if (number === null) return;
      await count('track-ref-ip', `${number}|${clientKey(request.ip)}`, limits.trackPerReference);
      await count('track-ref', String(number), limits.trackPerReferenceAllIps);
    },
    trackingLinkPerIp: perIp('link-ip', limits.trackingLinkPerIp),
    trackingReplyPerIp: perIp('link-reply-ip', limits.trackingReplyPerIp),
    passwordResetPerIp: perIp('reset-ip', limits.loginPerIp),
    async passwordResetPerAccount(request, reply) {
      const email = bodyField(request, 'email');
      if (email === null) return;
      const account = email.trim().toLowerCase().slice(0, 254);
      await count('reset-account', account, limits.loginPerAccount, reply);
    },
    accountLinkPerIp: perIp('account-link-ip', limits.loginPerIp),
  } satisfies RateLimitPolicies);
}

export default fp(rateLimit, {
  name: 'rate-limit',
  dependencies: ['problem-details'],
  fastify: '5.x',
});
