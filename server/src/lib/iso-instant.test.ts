import { describe, expect, it } from 'vitest';
import { isoInstant, isoInstantOrNull } from './iso-instant.js';

/** A seeded generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('isoInstant', () => {
  it('writes what Date#toISOString writes, for 100,000 instants across years 1000–9999', () => {
    const next = random(20261206);
    const first = Date.UTC(1000, 0, 1);
    const span = Date.UTC(10000, 0, 1) - first;
    for (let i = 0; i < 100_000; i++) {
      const date = new Date(first + Math.floor(next() * span));
      expect(isoInstant(date)).toBe(date.toISOString());
    }
  });

  it('writes the edges of days, months, leap days and the four-digit years exactly', () => {
    const instants = [
      Date.UTC(1000, 0, 1),
      Date.UTC(1969, 11, 31, 23, 59, 59, 999),
      0,
      Date.UTC(1970, 0, 1, 0, 0, 0, 1),
      Date.UTC(2000, 1, 29, 12),
      Date.UTC(2100, 1, 28, 23, 59, 59, 999),
      Date.UTC(2100, 2, 1),
      Date.UTC(2026, 11, 6, 1, 2, 3, 45),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    ];
    for (const ms of instants) {
      const date = new Date(ms);
      expect(isoInstant(date)).toBe(date.toISOString());
    }
  });

  it('leaves other years to toISOString, which throws for an invalid date', () => {
    for (const ms of [
      Date.UTC(999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10000, 0, 1),
      -8.64e15,
      8.64e15,
    ]) {
      const date = new Date(ms);
      expect(isoInstant(date)).toBe(date.toISOString());
    }
    expect(() => isoInstant(new Date(Number.NaN))).toThrow(RangeError);
    expect(isoInstantOrNull(null)).toBeNull();
    expect(isoInstantOrNull(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });
});
