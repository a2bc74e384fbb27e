/**
 * The "try again in N seconds" countdown of a rate-limited request (429 with `Retry-After`,
 * RFC 9110 §10.2.3; the server's limits are in plugins/rate-limit.ts). The deadline is fixed
 * when the answer arrives; the seconds left are recomputed from the clock, so a throttled or
 * sleeping tab still shows the right number when it wakes.
 */
import { useEffect, useState } from 'react';
import { isApiError, type ApiError } from '@/lib/api-client';

/** Whole seconds from `now` until `deadline` (ms since the epoch), rounded up, never below 0. */
export function secondsUntil(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

/**
 * Seconds left before `deadline` (ms since the epoch, or null for none), updated every second
 * until it reaches 0. Null deadline → 0.
 */
export function useSecondsLeft(deadline: number | null): number {
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (deadline === null) return;
    setNow(Date.now());
    const timer = window.setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= deadline) window.clearInterval(timer);
    }, 1000);
    return () => window.clearInterval(timer);
  }, [deadline]);

  return deadline === null ? 0 : secondsUntil(deadline, now);
}

/** The deadline for a wait of `seconds` starting at `now` (ms since the epoch). */
export function deadlineAfter(seconds: number, now: number = Date.now()): number {
  return now + seconds * 1000;
}

/** A 429 answer: the server's rate limit refused the request. */
export function isRateLimited(error: unknown): error is ApiError {
  return isApiError(error) && error.status === 429;
}

/**
 * The rate limit behind `error`, if it is a 429: `{secondsLeft}` counting down from its
 * Retry-After (null when the answer gave none), or null when `error` is not a rate limit. A new
 * error object starts a new countdown.
 */
export function useRateLimit(error: unknown): { secondsLeft: number | null } | null {
  const [seen, setSeen] = useState<unknown>(null);
  const [deadline, setDeadline] = useState<number | null>(null);
  if (error !== seen) {
    // Adjusting state while rendering (react.dev "You might not need an effect"): the deadline
    // belongs to this error and is fixed once, when the error first shows.
    setSeen(error);
    const seconds = isRateLimited(error) ? error.retryAfterSeconds : undefined;
    setDeadline(seconds === undefined ? null : deadlineAfter(seconds));
  }
  const secondsLeft = useSecondsLeft(deadline);
  if (!isRateLimited(error)) return null;
  return { secondsLeft: deadline === null ? null : secondsLeft };
}
