/**
 * A recurring session's rule (docs/product.md "Sessions": weekly or every N weeks, M times): an
 * RFC 5545 RRULE (`FREQ=WEEKLY;INTERVAL=2;COUNT=6`) whose first occurrence is the session's
 * `scheduledAt` (its DTSTART), built, read back and expanded with the `rrule` package rather than
 * by hand. Pure functions, no database.
 */
import rrulePackage from 'rrule';
import { RECURRENCE_LIMITS } from './session-limits.js';

// `rrule` is CommonJS without named exports Node can see: its classes come from the default export.
const { RRule, rrulestr } = rrulePackage;

/** A weekly recurrence: every `interval` weeks, `count` occurrences in all. */
export interface WeeklyRecurrence {
  interval: number;
  count: number;
}

/** The RRULE value (without the `RRULE:` name) of `recurrence`: `FREQ=WEEKLY;INTERVAL=n;COUNT=m`. */
export function weeklyRule(recurrence: WeeklyRecurrence): string {
  return new RRule({
    freq: RRule.WEEKLY,
    interval: recurrence.interval,
    count: recurrence.count,
  })
    .toString()
    .replace(/^RRULE:/, '');
}

/**
 * `{rrule, interval, count}` of a stored rule, as the API presents it; null for no rule or a rule
 * that is not weekly with a count (never stored by Docket, so only a hand-edited row).
 */
export function presentRecurrence(
  rule: string | null,
): { rrule: string; interval: number; count: number } | null {
  if (!rule) return null;
  try {
    const options = RRule.parseString(rule);
    if (options.freq !== RRule.WEEKLY || !options.count) return null;
    return { rrule: rule, interval: options.interval ?? 1, count: options.count };
  } catch {
    return null;
  }
}

/**
 * The starts of a session's occurrences, in order: `[start]` for a one-off (no rule), else the
 * dates of `rule` from `start` (RFC 5545 DTSTART, UTC), at most RECURRENCE_LIMITS.count.max.
 */
export function occurrenceStarts(rule: string | null, start: Date): Date[] {
  if (!rule) return [start];
  return rrulestr(rule, { dtstart: start }).all((_, i) => i < RECURRENCE_LIMITS.count.max);
}
