import { describe, expect, it } from 'vitest';
import { AssignmentsInFlight, HOLD_TTL_MS } from './assignments-in-flight.js';

describe('AssignmentsInFlight', () => {
  it('counts each member’s held tickets and weights until released; a release twice does nothing', () => {
    const inFlight = new AssignmentsInFlight();
    const first = inFlight.hold('a', 2);
    inFlight.hold('a', 5);
    const third = inFlight.hold('b', 1);
    expect(inFlight.loads()).toEqual({ counts: { a: 2, b: 1 }, weights: { a: 7, b: 1 } });
    first();
    first();
    third();
    expect(inFlight.loads()).toEqual({ counts: { a: 1 }, weights: { a: 5 } });
  });

  it('drops a hold left unreleased after HOLD_TTL_MS', () => {
    let now = 1_000;
    const inFlight = new AssignmentsInFlight(() => now);
    inFlight.hold('a', 2);
    now += HOLD_TTL_MS - 1;
    expect(inFlight.loads().counts).toEqual({ a: 1 });
    now += 1;
    expect(inFlight.loads()).toEqual({ counts: {}, weights: {} });
  });

  it('makes the choices of one group one at a time, in arrival order; other groups do not wait', async () => {
    const inFlight = new AssignmentsInFlight();
    const log: string[] = [];
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const slow = inFlight.inTurn('g1', async () => {
      log.push('g1 first: start');
      await gate;
      log.push('g1 first: end');
      return 1;
    });
    const queued = inFlight.inTurn('g1', async () => {
      log.push('g1 second');
      return 2;
    });
    const other = inFlight.inTurn('g2', async () => {
      log.push('g2');
      return 3;
    });
    expect(await other).toBe(3);
    expect(log).toEqual(['g1 first: start', 'g2']);
    open();
    expect(await Promise.all([slow, queued])).toEqual([1, 2]);
    expect(log).toEqual(['g1 first: start', 'g2', 'g1 first: end', 'g1 second']);
  });

  it('a choice that fails passes the turn on', async () => {
    const inFlight = new AssignmentsInFlight();
    const failed = inFlight.inTurn('g', async () => {
      throw new Error('database unavailable');
    });
    const next = inFlight.inTurn('g', async () => 'next');
    await expect(failed).rejects.toThrow('database unavailable');
    expect(await next).toBe('next');
  });
});
