import { describe, expect, it } from 'vitest';
import { formatDuration, toHours } from './format-duration';

describe('formatDuration', () => {
  it('uses the largest unit that gives at least one, in the person’s language', () => {
    expect(formatDuration(45, 'en')).toBe('45 seconds');
    expect(formatDuration(90, 'en')).toBe('1.5 minutes');
    expect(formatDuration(3 * 3600 + 30 * 60, 'en')).toBe('3.5 hours');
    expect(formatDuration(86_400, 'en')).toBe('1 day');
    // French separates number and unit with a no-break space.
    expect(formatDuration(3 * 3600 + 30 * 60, 'fr-CA')).toMatch(/^3,5\s+heures$/);
  });

  it('turns seconds into hours with one decimal for the charts', () => {
    expect(toHours(5400)).toBe(1.5);
    expect(toHours(null)).toBeNull();
  });
});
