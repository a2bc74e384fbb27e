import { describe, expect, it } from 'vitest';
import {
  formatInTimeZone,
  isValidTimeZone,
  isoToZonedWallClock,
  timeZoneOffsetMs,
  zonedWallClockToIso,
} from './zoned-time';

const HOUR = 3600_000;

describe('zoned wall clock', () => {
  it('reads a Montreal wall-clock time as the right instant in winter and in summer', () => {
    expect(zonedWallClockToIso('2026-12-01', '15:00', 'America/Toronto')).toBe(
      '2026-12-01T20:00:00.000Z',
    );
    expect(zonedWallClockToIso('2026-07-01', '15:00', 'America/Toronto')).toBe(
      '2026-07-01T19:00:00.000Z',
    );
    expect(zonedWallClockToIso('2026-07-01', '09:30', 'UTC')).toBe('2026-07-01T09:30:00.000Z');
    expect(zonedWallClockToIso('2026-07-01', '09:30', 'Asia/Kolkata')).toBe(
      '2026-07-01T04:00:00.000Z',
    );
  });

  it('moves a time in the spring-forward gap forward, and takes the first of a repeated hour', () => {
    // 2026-03-08 02:30 does not exist in Toronto (02:00 → 03:00).
    expect(zonedWallClockToIso('2026-03-08', '02:30', 'America/Toronto')).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    // 2026-11-01 01:30 happens twice; the first is still EDT (−4 h).
    expect(zonedWallClockToIso('2026-11-01', '01:30', 'America/Toronto')).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });

  it('round-trips through the wall clock', () => {
    const iso = '2026-12-01T20:00:00.000Z';
    expect(isoToZonedWallClock(iso, 'America/Toronto')).toEqual({
      date: '2026-12-01',
      time: '15:00',
    });
    expect(isoToZonedWallClock(iso, 'Europe/Paris')).toEqual({ date: '2026-12-01', time: '21:00' });
  });

  it('gives offsets and refuses malformed input', () => {
    expect(timeZoneOffsetMs(Date.parse('2026-01-15T12:00:00Z'), 'America/Toronto')).toBe(-5 * HOUR);
    expect(zonedWallClockToIso('2026-1-5', '15:00', 'UTC')).toBeNull();
    expect(zonedWallClockToIso('2026-01-05', '3 pm', 'UTC')).toBeNull();
    expect(isValidTimeZone('America/Toronto')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('formatInTimeZone', () => {
  it("shows the instant on the zone's clock, with the zone's name", () => {
    const text = formatInTimeZone('2026-12-01T20:00:00.000Z', 'en', 'America/Toronto');
    expect(text).toMatch(/Dec 1, 2026, 3:00\s?PM EST/);
    expect(formatInTimeZone('2026-12-01T20:00:00.000Z', 'en', 'Not/AZone')).toMatch(
      /8:00\s?PM UTC/,
    );
  });
});
