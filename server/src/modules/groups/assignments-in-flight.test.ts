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
});
