import { describe, expect, it } from 'vitest';
import { deadlineAfter, secondsUntil } from './countdown';

describe('retry-after countdown', () => {
  it('rounds the seconds left up and stops at 0', () => {
    const deadline = deadlineAfter(30, 1_000_000);
    expect(secondsUntil(deadline, 1_000_000)).toBe(30);
    expect(secondsUntil(deadline, 1_000_001)).toBe(30);
    expect(secondsUntil(deadline, 1_029_001)).toBe(1);
    expect(secondsUntil(deadline, 1_030_000)).toBe(0);
    expect(secondsUntil(deadline, 2_000_000)).toBe(0);
  });
});
