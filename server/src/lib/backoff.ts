/**
 * Exponential backoff with jitter, for everything Docket retries (outbox events, subscribers,
 * webhook deliveries). The delay doubles with each failed attempt up to a cap; jitter spreads
 * retries of many messages failing together (an endpoint down) so they do not all come back at
 * the same second ("Exponential Backoff And Jitter", AWS Architecture Blog, 2015).
 */

export interface BackoffOptions {
  /** Delay after the first failed attempt, ms. */
  baseMs: number;
  /** Longest delay, ms. */
  capMs: number;
  /** Jitter as a fraction of the delay: 0.25 → a delay uniformly within ±25 %. Default 0.25. */
  jitter?: number;
  /** A number in [0, 1); default Math.random (tests pass a fixed one). */
  random?: () => number;
}

/** The delay before the next attempt, without jitter: min(base × 2^(attempt − 1), cap). */
export function nominalBackoffMs(attempt: number, options: BackoffOptions): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 52));
  return Math.min(options.baseMs * 2 ** exponent, options.capMs);
}

/**
 * The delay before the next attempt after `attempt` (1-based) failed attempts, ms: the nominal
 * delay scaled by a random factor in [1 − jitter, 1 + jitter), rounded to the millisecond.
 */
export function backoffMs(attempt: number, options: BackoffOptions): number {
  const jitter = options.jitter ?? 0.25;
  const random = options.random ?? Math.random;
  return Math.round(nominalBackoffMs(attempt, options) * (1 - jitter + 2 * jitter * random()));
}
