import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PERIOD,
  customRangeError,
  periodFromSearchParams,
  periodToQuery,
  periodToSearchParams,
  periodToTicketListQuery,
} from './period';

describe('stats period', () => {
  it('defaults to the last 30 days and keeps the address clean for it', () => {
    expect(periodFromSearchParams(new URLSearchParams())).toEqual(DEFAULT_PERIOD);
    expect(periodToSearchParams(DEFAULT_PERIOD).toString()).toBe('');
  });

  it('round-trips presets and custom ranges through the address', () => {
    for (const period of [
      { kind: 'last', days: 7 },
      { kind: 'last', days: 90 },
      { kind: 'custom', from: '2026-01-01', to: '2026-01-31' },
    ] as const) {
      expect(periodFromSearchParams(periodToSearchParams(period))).toEqual(period);
    }
  });

  it('ignores unknown presets and unreadable dates', () => {
    expect(periodFromSearchParams(new URLSearchParams('period=12'))).toEqual(DEFAULT_PERIOD);
    expect(
      periodFromSearchParams(new URLSearchParams('period=custom&from=2026-13-45&to=2026-01-02')),
    ).toEqual(DEFAULT_PERIOD);
  });

  it('asks for the last N days from the minute N days ago, up to the server’s now', () => {
    const now = new Date('2026-11-21T09:30:42.123Z');
    expect(periodToQuery({ kind: 'last', days: 7 }, now)).toEqual({
      from: '2026-11-14T09:30:00.000Z',
    });
  });

  it('asks for a custom range up to the midnight after its last day', () => {
    expect(
      periodToQuery({ kind: 'custom', from: '2026-02-01', to: '2026-02-28' }, new Date()),
    ).toEqual({ from: '2026-02-01', to: '2026-03-01' });
  });

  it('explains what is wrong with a custom range', () => {
    expect(customRangeError('2026-02-01', '2026-02-01')).toBeNull();
    expect(customRangeError('', '2026-02-01')).toBe('invalid');
    expect(customRangeError('2026-02-02', '2026-02-01')).toBe('order');
    expect(customRangeError('2025-01-01', '2026-01-02')).toBe('tooLong');
    expect(customRangeError('2025-01-01', '2026-01-01')).toBeNull();
  });

  it('asks the ticket list (and its CSV) for the tickets created in the window', () => {
    const custom = periodToQuery(
      { kind: 'custom', from: '2026-01-01', to: '2026-01-31' },
      new Date(),
    );
    expect(periodToTicketListQuery(custom)).toEqual({
      createdFrom: '2026-01-01T00:00:00.000Z',
      createdTo: '2026-02-01T00:00:00.000Z',
      sortBy: 'createdAt',
      sortOrder: 'asc',
    });
    const last = periodToQuery({ kind: 'last', days: 7 }, new Date('2026-03-10T12:34:56Z'));
    const list = periodToTicketListQuery(last);
    expect(list.createdFrom).toBe(new Date(last.from).toISOString());
    expect(list).not.toHaveProperty('createdTo');
  });
});
