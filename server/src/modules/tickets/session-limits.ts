/**
 * Bounds of a session's recurrence and notes (docs/product.md "Sessions"), as plain values: the
 * request schemas and the SPA read them without loading the `rrule` package.
 */

/** A recurring session repeats every 1–12 weeks, 2–52 times in all. */
export const RECURRENCE_LIMITS = {
  interval: { min: 1, max: 12 },
  count: { min: 2, max: 52 },
} as const;

/** An occurrence's notes: at most 10,000 characters. */
export const SESSION_NOTES_MAX = 10_000;
