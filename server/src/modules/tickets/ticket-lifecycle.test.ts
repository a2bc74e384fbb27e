import { describe, expect, it } from 'vitest';
import { TICKET_STATUSES, type TicketStatus } from '../../lib/domain.js';
import {
  CUSTOMER_TRANSITIONS,
  STAFF_TRANSITIONS,
  checkTransition,
  evaluateIfMatch,
  statusAfterClaim,
  statusDates,
} from './ticket-lifecycle.js';

const WORKING: TicketStatus[] = ['NEW', 'OPEN', 'IN_PROGRESS', 'WAITING_ON_CUSTOMER', 'ON_HOLD'];

describe('status transitions (staff)', () => {
  it('follows the path of docs/product.md forward', () => {
    const path: TicketStatus[] = [
      'NEW',
      'OPEN',
      'IN_PROGRESS',
      'WAITING_ON_CUSTOMER',
      'IN_PROGRESS',
      'ON_HOLD',
      'IN_PROGRESS',
      'RESOLVED',
      'CLOSED',
    ];
    for (let i = 1; i < path.length; i++) {
      expect(
        checkTransition(path[i - 1]!, path[i]!, 'staff'),
        `${path[i - 1]} → ${path[i]}`,
      ).toEqual({ allowed: true });
    }
  });

  it('never leaves CLOSED and never returns to NEW', () => {
    for (const to of TICKET_STATUSES.filter((s) => s !== 'CLOSED')) {
      const check = checkTransition('CLOSED', to, 'staff');
      expect(check.allowed).toBe(false);
      if (!check.allowed) expect(check.reason).toContain(`from CLOSED to ${to}`);
    }
    for (const from of TICKET_STATUSES.filter((s) => s !== 'NEW')) {
      const check = checkTransition(from, 'NEW', 'staff');
      expect(check.allowed, `${from} → NEW`).toBe(false);
      if (!check.allowed) expect(check.reason).toMatch(/never goes back to NEW|CLOSED is final/);
    }
    expect(STAFF_TRANSITIONS.CLOSED).toEqual([]);
  });

  it('lets every working status be resolved or closed directly', () => {
    for (const from of WORKING) {
      expect(checkTransition(from, 'RESOLVED', 'staff').allowed).toBe(true);
      expect(checkTransition(from, 'CLOSED', 'staff').allowed).toBe(true);
    }
  });

  it('reopens RESOLVED to OPEN or IN_PROGRESS only, or closes it', () => {
    expect(checkTransition('RESOLVED', 'OPEN', 'staff').allowed).toBe(true);
    expect(checkTransition('RESOLVED', 'IN_PROGRESS', 'staff').allowed).toBe(true);
    expect(checkTransition('RESOLVED', 'CLOSED', 'staff').allowed).toBe(true);
    const parked = checkTransition('RESOLVED', 'ON_HOLD', 'staff');
    expect(parked).toEqual({
      allowed: false,
      reason:
        'Cannot change the status from RESOLVED to ON_HOLD: from RESOLVED a ticket may move to OPEN, IN_PROGRESS, CLOSED.',
    });
    expect(checkTransition('RESOLVED', 'WAITING_ON_CUSTOMER', 'staff').allowed).toBe(false);
  });

  it('treats the same status as no transition', () => {
    for (const s of TICKET_STATUSES) expect(checkTransition(s, s, 'staff').allowed).toBe(true);
  });

  it('lists only real statuses, and every status has an entry', () => {
    for (const table of [STAFF_TRANSITIONS, CUSTOMER_TRANSITIONS]) {
      expect(Object.keys(table).sort()).toEqual([...TICKET_STATUSES].sort());
      for (const targets of Object.values(table)) {
        for (const to of targets) expect(TICKET_STATUSES).toContain(to);
        expect(targets).not.toContain('NEW');
      }
    }
  });
});

describe('status transitions (customer)', () => {
  it('may only close, from any status but CLOSED', () => {
    for (const from of [...WORKING, 'RESOLVED'] as TicketStatus[]) {
      expect(checkTransition(from, 'CLOSED', 'customer').allowed, from).toBe(true);
      for (const to of TICKET_STATUSES.filter((s) => s !== 'CLOSED' && s !== from)) {
        const check = checkTransition(from, to, 'customer');
        expect(check.allowed, `${from} → ${to}`).toBe(false);
      }
    }
    const reopen = checkTransition('CLOSED', 'OPEN', 'customer');
    expect(reopen).toEqual({
      allowed: false,
      reason:
        'Cannot change the status from CLOSED to OPEN: CLOSED is final; create a follow-up ticket instead.',
    });
    expect(checkTransition('OPEN', 'RESOLVED', 'customer')).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('may only close'),
    });
  });
});

describe('statusDates', () => {
  const now = new Date('2026-01-02T03:04:05.000Z');
  it('sets resolvedAt on RESOLVED and closedAt on CLOSED', () => {
    expect(statusDates('IN_PROGRESS', 'RESOLVED', now)).toEqual({ resolvedAt: now });
    expect(statusDates('RESOLVED', 'CLOSED', now)).toEqual({ closedAt: now });
    expect(statusDates('OPEN', 'CLOSED', now)).toEqual({ closedAt: now });
  });
  it('clears resolvedAt when a RESOLVED ticket reopens', () => {
    expect(statusDates('RESOLVED', 'OPEN', now)).toEqual({ resolvedAt: null });
    expect(statusDates('RESOLVED', 'IN_PROGRESS', now)).toEqual({ resolvedAt: null });
  });
  it('touches no date otherwise', () => {
    expect(statusDates('NEW', 'OPEN', now)).toEqual({});
    expect(statusDates('RESOLVED', 'RESOLVED', now)).toEqual({});
  });
});

describe('statusAfterClaim', () => {
  it('opens a NEW ticket and keeps any other status', () => {
    expect(statusAfterClaim('NEW')).toBe('OPEN');
    for (const s of TICKET_STATUSES.filter((x) => x !== 'NEW')) expect(statusAfterClaim(s)).toBe(s);
  });
});

describe('evaluateIfMatch', () => {
  it('is absent without a header', () => {
    expect(evaluateIfMatch(undefined, 3)).toBe('absent');
    expect(evaluateIfMatch('  ', 3)).toBe('absent');
  });
  it('accepts "3", 3, W/"3", * and lists', () => {
    for (const header of ['"3"', '3', 'W/"3"', ' "3" ', '*', '"1", "3"', 'W/"2", 3']) {
      expect(evaluateIfMatch(header, 3), header).toBe('match');
    }
  });
  it('is stale for another version', () => {
    for (const header of ['"2"', '2', 'W/"4"', '"1", "2"'])
      expect(evaluateIfMatch(header, 3), header).toBe('stale');
  });
  it('is invalid for anything that is not an entity tag', () => {
    for (const header of ['abc', '"3', 'W/3', '"3",', '-1', '"x"', '3.0']) {
      expect(evaluateIfMatch(header, 3), header).toBe('invalid');
    }
  });
});
