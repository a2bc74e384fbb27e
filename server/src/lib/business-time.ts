/** Business-hours arithmetic of the SLA clocks (pure); the rules are written in docs/product.md, "SLA". */
import { DateTime, IANAZone } from 'luxon';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** An opening interval on a weekday, local wall-clock times "HH:MM" (00:00–23:59; end may be "24:00"), start < end. */
export interface OpeningInterval {
  day: Weekday;
  start: string;
  end: string;
}
export interface Holiday {
  date: string /* YYYY-MM-DD, local */;
  name: string;
}
/** Business hours: when the SLA clock counts. */
export interface BusinessSchedule {
  timeZone: string /* IANA */;
  intervals: OpeningInterval[];
  holidays: Holiday[];
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** A schedule closed for this many consecutive local days is treated as never opening again. */
const MAX_CLOSED_DAYS = 3 * 366;
const START_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const END_TIME = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Problems with a schedule, as `{ path, message }` (path like `"intervals.2.end"`, `"timeZone"`);
 * `[]` when valid. Checked: unknown IANA zone; a day that is not one of `WEEKDAYS`; malformed
 * `HH:MM` (start 00:00–23:59, end 00:01–24:00); start >= end; overlapping intervals on the same
 * day (touching ones, 09:00–12:00 and 12:00–13:00, are fine); no interval at all; malformed or
 * impossible holiday date; duplicate holiday date. Rules: docs/product.md, "SLA".
 */
export function scheduleProblems(schedule: BusinessSchedule): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (typeof schedule.timeZone !== 'string' || !IANAZone.create(schedule.timeZone).isValid) {
    problems.push({ path: 'timeZone', message: `unknown IANA time zone "${schedule.timeZone}"` });
  }
  if (schedule.intervals.length === 0) {
    problems.push({ path: 'intervals', message: 'at least one opening interval is required' });
  }
  const byDay = new Map<Weekday, { index: number; start: number; end: number }[]>();
  schedule.intervals.forEach((interval, index) => {
    let ok = true;
    if (!(WEEKDAYS as readonly string[]).includes(interval.day)) {
      problems.push({
        path: `intervals.${index}.day`,
        message: `must be one of ${WEEKDAYS.join(', ')}`,
      });
      ok = false;
    }
    if (!START_TIME.test(interval.start)) {
      problems.push({ path: `intervals.${index}.start`, message: 'must be HH:MM, 00:00 to 23:59' });
      ok = false;
    }
    if (!END_TIME.test(interval.end)) {
      problems.push({ path: `intervals.${index}.end`, message: 'must be HH:MM, 00:01 to 24:00' });
      ok = false;
    }
    if (!ok) return;
    const start = minutesOf(interval.start);
    const end = minutesOf(interval.end);
    if (start >= end) {
      problems.push({ path: `intervals.${index}.end`, message: 'must be after start' });
      return;
    }
    const list = byDay.get(interval.day) ?? [];
    list.push({ index, start, end });
    byDay.set(interval.day, list);
  });
  for (const [day, list] of byDay) {
    list.sort((a, b) => a.start - b.start || a.index - b.index);
    // `previous` is the interval reaching furthest so far: any later start before its end overlaps.
    let previous: (typeof list)[number] | undefined;
    for (const current of list) {
      if (previous !== undefined && current.start < previous.end) {
        problems.push({
          path: `intervals.${Math.max(previous.index, current.index)}`,
          message: `overlaps intervals.${Math.min(previous.index, current.index)} on ${day}`,
        });
      }
      if (previous === undefined || current.end > previous.end) previous = current;
    }
  }
  const seen = new Map<string, number>();
  schedule.holidays.forEach((holiday, index) => {
    if (epochDayOf(holiday.date) === null) {
      problems.push({ path: `holidays.${index}.date`, message: 'must be a real date, YYYY-MM-DD' });
      return;
    }
    const first = seen.get(holiday.date);
    if (first !== undefined) {
      problems.push({ path: `holidays.${index}.date`, message: `duplicate of holidays.${first}` });
    } else {
      seen.set(holiday.date, index);
    }
  });
  return problems;
}

/**
 * The instant `seconds` business seconds after `from`: the SLA due date of a target of that many
 * seconds. `seconds` is a non-negative integer; 0 gives `from` itself (even when closed). With
 * seconds > 0 the result is inside or at the end of an open stretch (the second before it is
 * open). `schedule === null` means 24/7. Throws a RangeError for a bad `seconds` or `from`, an
 * Error for an invalid schedule or one with no open time in 3 years. Rules: docs/product.md, "SLA".
 */
export function addBusinessSeconds(
  schedule: BusinessSchedule | null,
  from: Date,
  seconds: number,
): Date {
  const fromMs = instantOf(from, 'from');
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new RangeError(`seconds must be a non-negative integer, got ${seconds}`);
  }
  if (seconds === 0) return new Date(fromMs);
  if (schedule === null) return new Date(fromMs + seconds * 1000);
  let remaining = seconds * 1000;
  let due = fromMs;
  walkOpenStretches(compile(schedule), fromMs, null, (start, end) => {
    const counted = Math.max(start, fromMs);
    if (end - counted >= remaining) {
      due = counted + remaining;
      return true;
    }
    remaining -= end - counted;
    return false;
  });
  return new Date(due);
}

/**
 * Business seconds between `from` and `to`: the open time of the schedule in `[from, to)`, in whole
 * seconds (floor); 0 when `to <= from`. `schedule === null` means 24/7. Throws an Error for an
 * invalid schedule. Rules: docs/product.md, "SLA".
 */
export function businessSecondsBetween(
  schedule: BusinessSchedule | null,
  from: Date,
  to: Date,
): number {
  const fromMs = instantOf(from, 'from');
  const toMs = instantOf(to, 'to');
  if (toMs <= fromMs) return 0;
  if (schedule === null) return Math.floor((toMs - fromMs) / 1000);
  let total = 0;
  walkOpenStretches(compile(schedule), fromMs, toMs, (start, end) => {
    total += Math.min(end, toMs) - Math.max(start, fromMs);
    return false;
  });
  return Math.floor(total / 1000);
}

/**
 * The first instant >= `at` when the schedule is open (`at` itself when open). `schedule === null`
 * means 24/7. Throws an Error for an invalid schedule or one with no open time in 3 years. Rules:
 * docs/product.md, "SLA".
 */
export function nextOpening(schedule: BusinessSchedule | null, at: Date): Date {
  const atMs = instantOf(at, 'at');
  if (schedule === null) return new Date(atMs);
  let opening = atMs;
  walkOpenStretches(compile(schedule), atMs, null, (start) => {
    opening = Math.max(start, atMs);
    return true;
  });
  return new Date(opening);
}

/**
 * Whether the schedule is open at `at` (open stretches are half-open: the closing instant is
 * closed). `schedule === null` means 24/7 (always open). Throws an Error for an invalid schedule.
 * Rules: docs/product.md, "SLA".
 */
export function isOpenAt(schedule: BusinessSchedule | null, at: Date): boolean {
  const atMs = instantOf(at, 'at');
  if (schedule === null) return true;
  let open = false;
  walkOpenStretches(compile(schedule), atMs, atMs + 1, () => {
    open = true;
    return true;
  });
  return open;
}

/**
 * The open stretches `[start, end)` intersecting `[from, to)`, clipped to it, in order, touching
 * stretches merged (a 24:00 close followed by a 00:00 opening is one stretch); for explaining a
 * clock. 24/7 (`null`) gives one stretch, `[]` when `to <= from`. Throws an Error for an invalid
 * schedule. Rules: docs/product.md, "SLA".
 */
export function openStretches(
  schedule: BusinessSchedule | null,
  from: Date,
  to: Date,
): { start: Date; end: Date }[] {
  const fromMs = instantOf(from, 'from');
  const toMs = instantOf(to, 'to');
  if (toMs <= fromMs) return [];
  if (schedule === null) return [{ start: new Date(fromMs), end: new Date(toMs) }];
  const stretches: [number, number][] = [];
  walkOpenStretches(compile(schedule), fromMs, toMs, (start, end) => {
    const clipped: [number, number] = [Math.max(start, fromMs), Math.min(end, toMs)];
    const last = stretches.at(-1);
    if (last !== undefined && last[1] >= clipped[0]) last[1] = Math.max(last[1], clipped[1]);
    else stretches.push(clipped);
    return false;
  });
  return stretches.map(([start, end]) => ({ start: new Date(start), end: new Date(end) }));
}

interface CompiledSchedule {
  zone: IANAZone;
  /** Per weekday (0 = Monday), the opening intervals in minutes after local midnight. */
  days: [number, number][][];
  /** Holidays as days since 1970-01-01 (the local calendar date). */
  holidays: Set<number>;
}

/** Compiled schedules of the frozen schedules `scheduleOf` returns (they cannot change). */
const compiledSchedules = new WeakMap<BusinessSchedule, CompiledSchedule>();

function compile(schedule: BusinessSchedule): CompiledSchedule {
  const cached = compiledSchedules.get(schedule);
  if (cached) return cached;
  const compiled = compileSchedule(schedule);
  if (Object.isFrozen(schedule)) compiledSchedules.set(schedule, compiled);
  return compiled;
}

/** The most schedules `scheduleOf` keeps (a few per organization in practice). */
const MAX_STORED_SCHEDULES = 1000;
const storedSchedules = new Map<string, BusinessSchedule>();

/**
 * The schedule of a stored business-hours row (`intervals` and `holidays` as JSON columns), as a
 * deeply frozen object that is the same for equal rows: the arithmetic above then checks and
 * compiles it once, not at every call (a ticket list computes the clocks of every row).
 * Malformed JSON gives an empty list (scheduleProblems names what is wrong).
 */
export function scheduleOf(row: {
  timeZone: string;
  intervals: unknown;
  holidays: unknown;
}): BusinessSchedule {
  const key = JSON.stringify([row.timeZone, row.intervals, row.holidays]);
  const stored = storedSchedules.get(key);
  if (stored) return stored;
  const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
  const schedule: BusinessSchedule = Object.freeze({
    timeZone: row.timeZone,
    intervals: Object.freeze(
      list<OpeningInterval>(row.intervals).map((i) =>
        Object.freeze({ day: i.day, start: i.start, end: i.end }),
      ),
    ) as OpeningInterval[],
    holidays: Object.freeze(
      list<Holiday>(row.holidays).map((h) => Object.freeze({ date: h.date, name: h.name })),
    ) as Holiday[],
  });
  if (storedSchedules.size >= MAX_STORED_SCHEDULES) storedSchedules.clear();
  storedSchedules.set(key, schedule);
  return schedule;
}

function compileSchedule(schedule: BusinessSchedule): CompiledSchedule {
  const problems = scheduleProblems(schedule);
  if (problems.length > 0) {
    const list = problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
    throw new Error(`Invalid business-hours schedule: ${list}`);
  }
  const days = WEEKDAYS.map((day) =>
    schedule.intervals
      .filter((interval) => interval.day === day)
      .map((interval): [number, number] => [minutesOf(interval.start), minutesOf(interval.end)])
      .sort((a, b) => a[0] - b[0]),
  );
  const holidays = new Set(schedule.holidays.map((holiday) => epochDayOf(holiday.date) as number));
  return { zone: IANAZone.create(schedule.timeZone), days, holidays };
}

/**
 * Calls `visit(start, end)` (epoch ms) for each open stretch that ends after `fromMs`, in order,
 * walking local days; stops when `visit` returns true, or at the first stretch starting at or after
 * `untilMs`. Without `untilMs`, throws once 3 years of local days pass without any open time.
 */
function walkOpenStretches(
  schedule: CompiledSchedule,
  fromMs: number,
  untilMs: number | null,
  visit: (start: number, end: number) => boolean,
): void {
  // A local date is within two days of the UTC date of the same instant, whatever the offset.
  let day = Math.floor(fromMs / DAY_MS) - 2;
  let closedDays = 0;
  for (;;) {
    if (untilMs !== null && (day - 2) * DAY_MS >= untilMs) return;
    const stretches = dayStretches(schedule, day);
    for (const [start, end] of stretches) {
      if (end <= fromMs) continue;
      if (untilMs !== null && start >= untilMs) return;
      if (visit(start, end)) return;
    }
    closedDays = stretches.length > 0 ? 0 : closedDays + 1;
    if (untilMs === null && closedDays > MAX_CLOSED_DAYS) {
      throw new Error(
        `The business-hours schedule has no open time in the 3 years after ${new Date(fromMs).toISOString()} ` +
          '(every day is a holiday or has no opening interval)',
      );
    }
    day += 1;
  }
}

/**
 * The open stretches of one local day (days since 1970-01-01) as sorted, merged epoch-ms pairs;
 * none on a holiday. Wall-clock times convert with luxon (`wallClockInstant`).
 */
function dayStretches(schedule: CompiledSchedule, day: number): [number, number][] {
  const intervals = schedule.days[weekdayIndex(day)] ?? [];
  if (intervals.length === 0 || schedule.holidays.has(day)) return [];
  const stretches: [number, number][] = [];
  for (const [startMinute, endMinute] of intervals) {
    const start = wallClockInstant(schedule.zone, day, startMinute);
    const end = wallClockInstant(schedule.zone, day, endMinute);
    // A spring-forward gap can shorten an interval to nothing (02:00–02:30 in a 02:00–03:00 gap).
    if (end > start) stretches.push([start, end]);
  }
  // Gap shifts can reorder or overlap the stretches of a DST day: sort and merge.
  stretches.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const stretch of stretches) {
    const last = merged.at(-1);
    if (last !== undefined && last[1] >= stretch[0]) last[1] = Math.max(last[1], stretch[1]);
    else merged.push(stretch);
  }
  return merged;
}

/**
 * The instant (epoch ms) of a local wall-clock time, `minute` minutes after midnight of local `day`
 * (1440 = the next day's 00:00). On a day where the zone's UTC offset is the same around the whole
 * day (per luxon's zone data) that offset applies; otherwise (a DST day) luxon converts the wall
 * time: a time inside a spring-forward gap moves forward by the gap's length, as luxon does
 * (02:30 on a day whose 02:00–03:00 does not exist is 03:30), and an ambiguous fall-back time is its
 * first occurrence (luxon's conversion starting from the offset before the change).
 */
function wallClockInstant(zone: IANAZone, day: number, minute: number): number {
  if (minute >= 1440) return wallClockInstant(zone, day + 1, minute - 1440);
  const offset = steadyOffset(zone, day);
  const wallMs = day * DAY_MS + minute * MINUTE_MS;
  if (offset !== null) return wallMs - offset * MINUTE_MS;
  const date = new Date(day * DAY_MS);
  return DateTime.fromMillis((day - 1) * DAY_MS, { zone })
    .set({
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: Math.floor(minute / 60),
      minute: minute % 60,
      second: 0,
      millisecond: 0,
    })
    .toMillis();
}

/**
 * The zone's UTC offset (minutes) over local `day` when it is the same at the UTC midnights from
 * the day before to two days after (so over every instant of that local day), else null.
 */
function steadyOffset(zone: IANAZone, day: number): number | null {
  const offset = midnightOffset(zone, day - 1);
  for (let probe = day; probe <= day + 2; probe += 1) {
    if (midnightOffset(zone, probe) !== offset) return null;
  }
  return offset;
}

/** Offsets at UTC midnights, per zone: luxon reads them from Intl, which costs microseconds each. */
const midnightOffsets = new Map<string, Map<number, number>>();
const MAX_CACHED_OFFSETS = 50_000;

function midnightOffset(zone: IANAZone, day: number): number {
  let offsets = midnightOffsets.get(zone.name);
  if (offsets === undefined) {
    offsets = new Map();
    midnightOffsets.set(zone.name, offsets);
  }
  let offset = offsets.get(day);
  if (offset === undefined) {
    if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
    offset = zone.offset(day * DAY_MS);
    offsets.set(day, offset);
  }
  return offset;
}

/** 0 = Monday … 6 = Sunday, for days since 1970-01-01 (a Thursday). */
function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Days since 1970-01-01 of a real `YYYY-MM-DD` calendar date, else null. */
function epochDayOf(date: string): number | null {
  const match = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const value = new Date(0);
  value.setUTCFullYear(year, month - 1, day);
  const valid =
    value.getUTCFullYear() === year &&
    value.getUTCMonth() === month - 1 &&
    value.getUTCDate() === day;
  return valid ? Math.round(value.getTime() / DAY_MS) : null;
}

function instantOf(value: Date, name: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}
