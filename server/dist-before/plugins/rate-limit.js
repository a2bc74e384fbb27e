/**
 * Rate limits (SPEC.md "REST API conventions": "Rate limits answer 429 with Retry-After";
 * "Customers": tracker attempts are rate-limited), with @fastify/rate-limit registered
 * `global: false`: only the routes that opt in are limited.
 *
 * A refused request is answered by problem-details.ts as RFC 9457 problem+json: status 429,
 * code `rate_limited`, a `detail` saying in how many seconds to retry, and a `Retry-After`
 * header (seconds, RFC 9110 §10.2.3).
 *
 * The policies, each counted per fixed window of RATE_LIMIT_WINDOW_SECONDS (config.ts):
 * | policy | counts | default per minute |
 * |---|---|---|
 * | `loginPerIp` | sign-in attempts from one IP, any email (password spraying) | 50 |
 * | `loginPerAccount` | sign-in attempts from one IP for one email (password guessing) | 10 |
 * | `trackPerIp` | tracker look-ups from one IP | 20 |
 * | `trackPerReference` | tracker look-ups of one ticket reference from all IPs (so a ticket cannot be guessed from many IPs) | 10 |
 * | `trackingLinkPerIp` | tracking-link views from one IP | 60 |
 * | `trackingReplyPerIp` | replies through tracking links from one IP | 10 |
 * Every attempt counts, successful or not. IPv6 clients are counted per /64 (one host's usual
 * allocation). Per-IP policies run at `onRequest`, before the body is read; per-key policies need
 * the body, so they run at `preValidation` (before validation, so malformed bodies count too).
 *
 * Counters live in this process's memory (an LRU per policy): enough for one instance. Several
 * instances behind a load balancer each count on their own, so each allows the limit; such a
 * deployment needs a shared store (@fastify/rate-limit's `redis` option) instead.
 */
import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { parseTicketReference } from '../lib/domain.js';
import { AppError } from '../lib/errors.js';
/**
 * 429 `rate_limited` with `Retry-After: <seconds>` (at least 1): thrown by every policy,
 * answered as problem+json by problem-details.ts like every AppError.
 */
export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(
      429,
      'rate_limited',
      'Too many requests',
      `Too many requests; retry in ${seconds} second${seconds === 1 ? '' : 's'}.`,
      undefined,
      { 'Retry-After': String(seconds) },
    );
  }
}
/** Keys kept per policy: an LRU this large is costly to flush by cycling through keys. */
const KEYS_PER_POLICY = 50_000;
/** A string field of a body not yet validated, or null. */
function bodyField(request, field) {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return null;
  const value = body[field];
  return typeof value === 'string' ? value : null;
}
async function rateLimit(app, opts) {
  const { limits } = opts;
  const timeWindow = limits.windowSeconds * 1000;
  await app.register(fastifyRateLimit, {
    global: false,
    timeWindow,
    errorResponseBuilder: (_request, context) => new RateLimitedError(context.ttl / 1000),
  });
  const perIp = (max) => ({ max, timeWindow, cache: KEYS_PER_POLICY });
  /** A preValidation hook counting requests under `key(request)`; null skips the request. */
  const perKey = (max, key) => {
    const options = {
      max,
      timeWindow,
      cache: KEYS_PER_POLICY,
      keyGenerator: (request) => key(request) ?? '',
    };
    const limiter = app.createRateLimit(options);
    return async function rateLimitPerKey(request) {
      if (key(request) === null) return;
      const result = await limiter(request);
      if (!result.isAllowed && result.isExceeded) throw new RateLimitedError(result.ttlInSeconds);
    };
  };
  app.decorate('rateLimits', {
    loginPerIp: perIp(limits.loginPerIp),
    loginPerAccount: perKey(limits.loginPerAccount, (request) => {
      const email = bodyField(request, 'email');
      return email === null
        ? null
        : `${normalizeIP(request.ip)}|${email.trim().toLowerCase().slice(0, 254)}`;
    }),
    trackPerIp: perIp(limits.trackPerIp),
    trackPerReference: perKey(limits.trackPerReference, (request) => {
      const reference = bodyField(request, 'reference');
      const number = reference === null ? null : parseTicketReference(reference);
      return number === null ? null : String(number);
    }),
    trackingLinkPerIp: perIp(limits.trackingLinkPerIp),
    trackingReplyPerIp: perIp(limits.trackingReplyPerIp),
  });
}
export default fp(rateLimit, {
  name: 'rate-limit',
  dependencies: ['problem-details'],
  fastify: '5.x',
});
//# sourceMappingURL=rate-limit.js.map
