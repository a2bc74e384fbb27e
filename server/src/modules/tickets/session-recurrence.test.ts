import { describe, expect, it } from 'vitest';
import { occurrenceStarts, presentRecurrence, weeklyRule } from './session-recurrence.js';

const WEEK_MS = 7 * 24 * 3600_000;

describe('weekly session rules (RFC 5545 RRULE)', () => {
  it('writes weekly and every-N-weeks rules with their count', () => {
    expect(weeklyRule({ interval: 1, count: 4 })).toBe('FREQ=WEEKLY;INTERVAL=1;COUNT=4');
    expect(weeklyRule({ interval: 3, count: 12 })).toBe('FREQ=WEEKLY;INTERVAL=3;COUNT=12');
  });

  it('reads a stored rule back, and nothing from a rule that is not weekly with a count', () => {
    expect(presentRecurrence('FREQ=WEEKLY;INTERVAL=2;COUNT=6')).toEqual({
      rrule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=6',
      interval: 2,
      count: 6,
    });
    expect(presentRecurrence(null)).toBeNull();
    expect(presentRecurrence('FREQ=DAILY;COUNT=3')).toBeNull();
    expect(presentRecurrence('FREQ=WEEKLY;INTERVAL=2')).toBeNull();
  });

  it('expands a rule from the first start: count dates, interval weeks apart, same time of day', () => {
    const start = new Date('2030-03-04T15:30:00Z');
    const dates = occurrenceStarts('FREQ=WEEKLY;INTERVAL=2;COUNT=5', start);
    expect(dates).toHaveLength(5);
    dates.forEach((d, i) => expect(d.getTime()).toBe(start.getTime() + i * 2 * WEEK_MS));
    // A one-off session is its own single occurrence.
    expect(occurrenceStarts(null, start)).toEqual([start]);
  });
});
