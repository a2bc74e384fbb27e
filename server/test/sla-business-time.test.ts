/**
 * Business-hours arithmetic of the SLA clocks (src/modules/sla/business-time.ts; rules in
 * docs/product.md, "SLA"): due dates over closed hours, holidays and DST changes, the open time
 * between two instants, schedule validation, and properties over random schedules and zones.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessSeconds,
  type BusinessSchedule,
  businessSecondsBetween,
  isOpenAt,
  nextOpening,
  type OpeningInterval,
  openStretches,
  scheduleProblems,
  WEEKDAYS,
} from '../src/lib/business-time.js';

const TORONTO = 'America/Toronto';
const OFFICE: BusinessSchedule = {
  timeZone: TORONTO,
  intervals: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).flatMap((day) => [
    { day, start: '09:00', end: '12:00' },
    { day, start: '13:00', end: '17:00' },
  ]),
  holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
};
const TWO_HOURS = 120 * 60;

/** A local wall-clock time ("2026-12-17T16:30") in a zone, as a Date. */
function local(wallClock: string, zone = TORONTO): Date {
  const value = DateTime.fromISO(wallClock, { zone });
  if (!value.isValid) throw new Error(`bad test time ${wallClock}`);
  return value.toJSDate();
}

function allDay(timeZone: string): BusinessSchedule {
  return {
    timeZone,
    intervals: WEEKDAYS.map((day) => ({ day, start: '00:00', end: '24:00' })),
    holidays: [],
  };
}

describe('SLA due dates over business hours (Mon–Fri 09:00–12:00, 13:00–17:00, Toronto)', () => {
  const cases = [
    {
      name: 'created Thursday 16:30: 30 minutes that day, 90 on Friday morning',
      created: local('2026-12-17T16:30'),
      due: local('2026-12-18T10:30'),
    },
    {
      name: 'created Thursday 11:30: 30 minutes before lunch, 90 after',
      created: local('2026-12-17T11:30'),
      due: local('2026-12-17T14:30'),
    },
    {
      name: 'created Thursday 24 December 16:00: Friday is a holiday, the weekend is closed',
      created: local('2026-12-24T16:00'),
      due: local('2026-12-28T10:00'),
    },
    {
      name: 'created Friday 6 March 16:00: due Monday 10:00 local, after the DST change',
      created: local('2026-03-06T16:00'),
      due: new Date('2026-03-09T14:00:00Z'),
    },
  ];

  for (const { name, created, due } of cases) {
    it(`${name} (first response target 120 business minutes)`, () => {
      expect(addBusinessSeconds(OFFICE, created, TWO_HOURS).toISOString()).toBe(due.toISOString());
      expect(businessSecondsBetween(OFFICE, created, due)).toBe(7200);
    });
  }

  it('the DST case is due at 10:00 local, 14:00Z (UTC−4 after the change)', () => {
    const due = addBusinessSeconds(OFFICE, local('2026-03-06T16:00'), TWO_HOURS);
    expect(DateTime.fromJSDate(due, { zone: TORONTO }).toFormat('yyyy-MM-dd HH:mm')).toBe(
      '2026-03-09 10:00',
    );
    expect(due.toISOString()).toBe('2026-03-09T14:00:00.000Z');
  });

  it('0 seconds is the start itself, even when closed', () => {
    const saturday = local('2026-12-19T03:00');
    expect(addBusinessSeconds(OFFICE, saturday, 0).getTime()).toBe(saturday.getTime());
  });

  it('a target that ends exactly at closing is due at closing, not at the next opening', () => {
    const due = addBusinessSeconds(OFFICE, local('2026-12-17T15:00'), TWO_HOURS);
    expect(due.toISOString()).toBe(local('2026-12-17T17:00').toISOString());
  });

  it('counts nothing over a weekend and the Christmas holiday', () => {
    expect(
      businessSecondsBetween(OFFICE, local('2026-12-24T17:00'), local('2026-12-28T09:00')),
    ).toBe(0);
    expect(
      businessSecondsBetween(OFFICE, local('2026-12-28T09:00'), local('2026-12-24T17:00')),
    ).toBe(0);
  });

  it('floors partial seconds', () => {
    const from = local('2026-12-17T10:00');
    expect(businessSecondsBetween(OFFICE, from, new Date(from.getTime() + 1999))).toBe(1);
  });

  it('rejects a negative or fractional target and an invalid Date', () => {
    const from = local('2026-12-17T10:00');
    expect(() => addBusinessSeconds(OFFICE, from, -1)).toThrow(RangeError);
    expect(() => addBusinessSeconds(OFFICE, from, 1.5)).toThrow(RangeError);
    expect(() => addBusinessSeconds(OFFICE, new Date(Number.NaN), 1)).toThrow(RangeError);
  });

  it('rejects an invalid schedule with its problems', () => {
    const broken = { ...OFFICE, timeZone: 'Mars/Olympus_Mons' };
    expect(() => addBusinessSeconds(broken, new Date(), 60)).toThrow(/timeZone: unknown IANA/);
  });
});

describe('DST days keep local times', () => {
  it('a fall-back day (2026-11-01, Toronto) open 00:00–24:00 counts 25 hours', () => {
    const schedule = allDay(TORONTO);
    expect(
      businessSecondsBetween(schedule, local('2026-11-01T00:00'), local('2026-11-02T00:00')),
    ).toBe(25 * 3600);
    expect(openStretches(schedule, local('2026-11-01T00:00'), local('2026-11-02T00:00'))).toEqual([
      { start: new Date('2026-11-01T04:00:00Z'), end: new Date('2026-11-02T05:00:00Z') },
    ]);
  });

  it('a Sunday-only 00:00–24:00 schedule is open 25 hours on 1 November, 23 on 8 March', () => {
    const sundays: BusinessSchedule = {
      timeZone: TORONTO,
      intervals: [{ day: 'sun', start: '00:00', end: '24:00' }],
      holidays: [],
    };
    const fallBack = openStretches(sundays, local('2026-10-30T00:00'), local('2026-11-04T00:00'));
    expect(fallBack).toEqual([
      { start: new Date('2026-11-01T04:00:00Z'), end: new Date('2026-11-02T05:00:00Z') },
    ]);
    const springForward = openStretches(
      sundays,
      local('2026-03-06T00:00'),
      local('2026-03-11T00:00'),
    );
    expect(springForward).toEqual([
      { start: new Date('2026-03-08T05:00:00Z'), end: new Date('2026-03-09T04:00:00Z') },
    ]);
    expect(
      businessSecondsBetween(sundays, local('2026-10-30T00:00'), local('2026-11-04T00:00')),
    ).toBe(25 * 3600);
  });

  it('a spring-forward day (2026-03-08, Toronto) open 00:00–24:00 counts 23 hours', () => {
    expect(
      businessSecondsBetween(allDay(TORONTO), local('2026-03-08T00:00'), local('2026-03-09T00:00')),
    ).toBe(23 * 3600);
  });

  it('a start inside the spring-forward gap moves forward by the gap, as luxon does', () => {
    // 02:00–03:00 does not exist on 2026-03-08 in Toronto: 02:30 is taken as 03:30 EDT.
    const schedule: BusinessSchedule = {
      timeZone: TORONTO,
      intervals: [{ day: 'sun', start: '02:30', end: '04:00' }],
      holidays: [],
    };
    expect(openStretches(schedule, local('2026-03-08T00:00'), local('2026-03-09T00:00'))).toEqual([
      { start: new Date('2026-03-08T07:30:00Z'), end: new Date('2026-03-08T08:00:00Z') },
    ]);
    expect(isOpenAt(schedule, new Date('2026-03-08T07:15:00Z'))).toBe(false);
    expect(isOpenAt(schedule, new Date('2026-03-08T07:30:00Z'))).toBe(true);
  });

  it('an ambiguous fall-back time is its first occurrence', () => {
    const schedule: BusinessSchedule = {
      timeZone: TORONTO,
      intervals: [{ day: 'sun', start: '01:00', end: '01:45' }],
      holidays: [],
    };
    expect(openStretches(schedule, local('2026-11-01T00:00'), local('2026-11-02T00:00'))).toEqual([
      { start: new Date('2026-11-01T05:00:00Z'), end: new Date('2026-11-01T05:45:00Z') },
    ]);
  });

  it.each(['Europe/Paris', 'Australia/Lord_Howe', TORONTO, 'Asia/Kolkata'])(
    'every 09:00 and 17:30 of 2026–2027 in %s is the instant luxon gives for that wall-clock time',
    (zone) => {
      const schedule: BusinessSchedule = {
        timeZone: zone,
        intervals: WEEKDAYS.map((day) => ({ day, start: '09:00', end: '17:30' })),
        holidays: [],
      };
      const stretches = openStretches(
        schedule,
        local('2026-01-01T00:00', zone),
        local('2028-01-01T00:00', zone),
      );
      expect(stretches).toHaveLength(730);
      let day = DateTime.fromObject({ year: 2026, month: 1, day: 1 }, { zone });
      for (const stretch of stretches) {
        expect(stretch.start.getTime()).toBe(day.set({ hour: 9 }).toMillis());
        expect(stretch.end.getTime()).toBe(day.set({ hour: 17, minute: 30 }).toMillis());
        day = day.plus({ days: 1 });
      }
    },
  );
});

describe('24/7 (no schedule)', () => {
  it('is plain arithmetic', () => {
    const from = new Date('2026-11-01T03:17:09.250Z');
    expect(addBusinessSeconds(null, from, 90_000).toISOString()).toBe('2026-11-02T04:17:09.250Z');
    expect(businessSecondsBetween(null, from, new Date('2026-11-02T04:17:10Z'))).toBe(90_000);
    expect(isOpenAt(null, from)).toBe(true);
    expect(nextOpening(null, from).getTime()).toBe(from.getTime());
    expect(openStretches(null, from, new Date('2026-11-02T00:00:00Z'))).toEqual([
      { start: from, end: new Date('2026-11-02T00:00:00Z') },
    ]);
    expect(openStretches(null, from, from)).toEqual([]);
  });
});

describe('isOpenAt, nextOpening and openStretches', () => {
  it('is open inside an interval, closed at its end, at lunch, at night, on a holiday', () => {
    expect(isOpenAt(OFFICE, local('2026-12-17T09:00'))).toBe(true);
    expect(isOpenAt(OFFICE, local('2026-12-17T11:59:59'))).toBe(true);
    expect(isOpenAt(OFFICE, local('2026-12-17T12:00'))).toBe(false);
    expect(isOpenAt(OFFICE, local('2026-12-17T08:59:59'))).toBe(false);
    expect(isOpenAt(OFFICE, local('2026-12-19T10:00'))).toBe(false);
    expect(isOpenAt(OFFICE, local('2026-12-25T10:00'))).toBe(false);
  });

  it('the next opening is the instant itself when open, else the next interval start', () => {
    expect(nextOpening(OFFICE, local('2026-12-17T10:15')).toISOString()).toBe(
      local('2026-12-17T10:15').toISOString(),
    );
    expect(nextOpening(OFFICE, local('2026-12-17T12:00')).toISOString()).toBe(
      local('2026-12-17T13:00').toISOString(),
    );
    expect(nextOpening(OFFICE, local('2026-12-24T17:00')).toISOString()).toBe(
      local('2026-12-28T09:00').toISOString(),
    );
  });

  it('lists the open stretches clipped to the window, in order', () => {
    expect(openStretches(OFFICE, local('2026-12-17T10:00'), local('2026-12-18T10:00'))).toEqual([
      { start: local('2026-12-17T10:00'), end: local('2026-12-17T12:00') },
      { start: local('2026-12-17T13:00'), end: local('2026-12-17T17:00') },
      { start: local('2026-12-18T09:00'), end: local('2026-12-18T10:00') },
    ]);
  });

  it('a schedule closed every day for 3 years throws instead of looping', () => {
    const start = DateTime.fromObject({ year: 2026, month: 1, day: 1 }, { zone: 'UTC' });
    const holidays = Array.from({ length: 4 * 366 }, (_, index) => ({
      date: start.plus({ days: index }).toISODate() as string,
      name: 'Closed',
    }));
    const closed: BusinessSchedule = { ...allDay('UTC'), holidays };
    const from = new Date('2026-01-01T00:00:00Z');
    expect(() => addBusinessSeconds(closed, from, 60)).toThrow(/no open time in the 3 years/);
    expect(() => nextOpening(closed, from)).toThrow(/no open time in the 3 years/);
    expect(isOpenAt(closed, from)).toBe(false);
    expect(businessSecondsBetween(closed, from, new Date('2027-01-01T00:00:00Z'))).toBe(0);
  });
});

describe('scheduleProblems', () => {
  const base: BusinessSchedule = {
    timeZone: 'Europe/Paris',
    intervals: [{ day: 'mon', start: '09:00', end: '12:00' }],
    holidays: [],
  };
  const withIntervals = (intervals: OpeningInterval[]) => scheduleProblems({ ...base, intervals });

  it('accepts a valid schedule, touching intervals and a 24:00 end', () => {
    expect(scheduleProblems(OFFICE)).toEqual([]);
    expect(
      withIntervals([
        { day: 'mon', start: '00:00', end: '12:00' },
        { day: 'mon', start: '12:00', end: '24:00' },
      ]),
    ).toEqual([]);
  });

  it('names an unknown zone', () => {
    expect(scheduleProblems({ ...base, timeZone: 'Europe/Atlantis' })).toEqual([
      { path: 'timeZone', message: expect.stringContaining('unknown IANA time zone') },
    ]);
  });

  it('names malformed times, start >= end and a missing interval', () => {
    expect(
      withIntervals([
        { day: 'mon', start: '9:00', end: '12:00' },
        { day: 'tue', start: '09:00', end: '24:01' },
        { day: 'wed', start: '24:00', end: '24:00' },
        { day: 'thu', start: '12:00', end: '12:00' },
        { day: 'fri', start: '13:00', end: '12:00' },
      ]).map((problem) => problem.path),
    ).toEqual([
      'intervals.0.start',
      'intervals.1.end',
      'intervals.2.start',
      'intervals.3.end',
      'intervals.4.end',
    ]);
    expect(withIntervals([])).toEqual([{ path: 'intervals', message: expect.any(String) }]);
    expect(
      withIntervals([{ day: 'lun' as 'mon', start: '09:00', end: '12:00' }]).map((p) => p.path),
    ).toEqual(['intervals.0.day']);
  });

  it('names overlapping intervals on the same day, not on different days', () => {
    expect(
      withIntervals([
        { day: 'mon', start: '13:00', end: '17:00' },
        { day: 'tue', start: '10:00', end: '14:00' },
        { day: 'mon', start: '09:00', end: '13:30' },
      ]),
    ).toEqual([{ path: 'intervals.2', message: 'overlaps intervals.0 on mon' }]);
  });

  it('names malformed, impossible and duplicate holiday dates', () => {
    expect(
      scheduleProblems({
        ...base,
        holidays: [
          { date: '2026-12-25', name: 'Christmas Day' },
          { date: '2026-02-30', name: 'Impossible' },
          { date: '25/12/2026', name: 'Malformed' },
          { date: '2026-12-25', name: 'Again' },
        ],
      }),
    ).toEqual([
      { path: 'holidays.1.date', message: expect.any(String) },
      { path: 'holidays.2.date', message: expect.any(String) },
      { path: 'holidays.3.date', message: 'duplicate of holidays.0' },
    ]);
  });
});

describe('properties over random schedules, zones and starts', () => {
  const zones = ['America/Toronto', 'Europe/Paris', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'];
  const hhmm = (minutes: number) =>
    `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  // Per weekday, sorted distinct cut points (5-minute steps) paired into disjoint intervals.
  const dayIntervals = (day: (typeof WEEKDAYS)[number]) =>
    fc.uniqueArray(fc.integer({ min: 0, max: 288 }), { maxLength: 6 }).map((points) => {
      const sorted = [...points].sort((a, b) => a - b);
      const intervals: OpeningInterval[] = [];
      for (let index = 0; index + 1 < sorted.length; index += 2) {
        const [start = 0, end = 0] = sorted.slice(index, index + 2);
        intervals.push({ day, start: hhmm(start * 5), end: hhmm(end * 5) });
      }
      return intervals;
    });
  const schedule = fc
    .record({
      timeZone: fc.constantFrom(...zones),
      intervals: fc.tuple(...WEEKDAYS.map(dayIntervals)).map((days) => days.flat()),
      holidays: fc.uniqueArray(fc.integer({ min: 0, max: 729 }), { maxLength: 20 }).map((days) =>
        days.map((day) => ({
          date: new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10),
          name: `Holiday ${day}`,
        })),
      ),
    })
    .filter((value) => value.intervals.length > 0);
  // Whole seconds: open stretches are whole minutes, so a due date then closes a whole open second.
  const start = fc
    .integer({ min: Date.UTC(2026, 0, 1) / 1000, max: Date.UTC(2028, 0, 1) / 1000 - 1 })
    .map((seconds) => new Date(seconds * 1000));
  const minutes = fc.integer({ min: 0, max: 3000 });
  const runs = { numRuns: 200 };

  it('generated schedules are valid', () => {
    fc.assert(
      fc.property(schedule, (value) => {
        expect(scheduleProblems(value)).toEqual([]);
      }),
      runs,
    );
  });

  it('a due date after a positive target closes an open second', () => {
    fc.assert(
      fc.property(schedule, start, fc.integer({ min: 1, max: 3000 }), (value, from, count) => {
        const due = addBusinessSeconds(value, from, count * 60);
        expect(due.getTime()).toBeGreaterThan(from.getTime());
        expect(isOpenAt(value, new Date(due.getTime() - 1000))).toBe(true);
      }),
      runs,
    );
  });

  it('adding A then B equals adding A + B', () => {
    fc.assert(
      fc.property(schedule, start, minutes, minutes, (value, from, a, b) => {
        const stepwise = addBusinessSeconds(value, addBusinessSeconds(value, from, a * 60), b * 60);
        expect(stepwise.toISOString()).toBe(
          addBusinessSeconds(value, from, (a + b) * 60).toISOString(),
        );
      }),
      runs,
    );
  });

  it('the business seconds up to a due date are the target', () => {
    fc.assert(
      fc.property(schedule, start, minutes, (value, from, count) => {
        const due = addBusinessSeconds(value, from, count * 60);
        expect(businessSecondsBetween(value, from, due)).toBe(count * 60);
      }),
      runs,
    );
  });

  it('the open stretches add up to the business seconds, and each is open', () => {
    fc.assert(
      fc.property(
        schedule,
        start,
        fc.integer({ min: 0, max: 30 * 86_400 }),
        (value, from, span) => {
          const to = new Date(from.getTime() + span * 1000);
          const stretches = openStretches(value, from, to);
          const total = stretches.reduce((sum, s) => sum + s.end.getTime() - s.start.getTime(), 0);
          expect(Math.floor(total / 1000)).toBe(businessSecondsBetween(value, from, to));
          for (const stretch of stretches) {
            expect(isOpenAt(value, stretch.start)).toBe(true);
            expect(nextOpening(value, stretch.start).getTime()).toBe(stretch.start.getTime());
          }
        },
      ),
      runs,
    );
  });
});
