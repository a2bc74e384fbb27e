/**
 * How the SLA admin pages word schedules and targets (docs/product.md "SLA"): a schedule's
 * one-line summary ("Mon–Fri 09:00–12:00, 13:00–17:00 · America/Toronto · 1 holiday") and a
 * target's minutes as days, hours and minutes ("1 d 2 h", "45 min").
 */
import type { TFunction } from 'i18next';
import type { BusinessHours } from '@docket/server/contract/sla';

/** The days of an opening interval, Monday first (the API's `intervals[].day`). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

type Interval = { day: string; start: string; end: string };

/**
 * The opening hours by day, consecutive days with the same hours merged into a range:
 * `Mon–Fri 09:00–12:00, 13:00–17:00; Sat 10:00–14:00`. Intervals of a day are sorted by start;
 * a closed day breaks a range. Empty when no day is open.
 */
export function weeklyHoursSummary(intervals: readonly Interval[], t: TFunction): string {
  const byDay = WEEKDAYS.map((day) =>
    intervals
      .filter((interval) => interval.day === day)
      .sort((a, b) => a.start.localeCompare(b.start))
      .map((interval) => `${interval.start}–${interval.end}`)
      .join(', '),
  );
  const groups: { first: number; last: number; hours: string }[] = [];
  byDay.forEach((hours, index) => {
    if (!hours) return;
    const previous = groups.at(-1);
    if (previous && previous.last === index - 1 && previous.hours === hours) {
      previous.last = index;
    } else {
      groups.push({ first: index, last: index, hours });
    }
  });
  const dayName = (index: number) => t(`sla.days.short.${WEEKDAYS[index]!}`);
  return groups
    .map(({ first, last, hours }) => {
      const days =
        first === last
          ? dayName(first)
          : last === first + 1
            ? `${dayName(first)}, ${dayName(last)}`
            : `${dayName(first)}–${dayName(last)}`;
      return `${days} ${hours}`;
    })
    .join('; ');
}

/** A schedule's one line: its weekly hours, time zone and holiday count, joined by ` · `. */
export function businessHoursSummary(hours: BusinessHours, t: TFunction): string {
  const weekly = weeklyHoursSummary(hours.intervals, t) || t('sla.businessHours.neverOpen');
  const parts = [weekly, hours.timeZone];
  if (hours.holidays.length > 0) {
    parts.push(t('sla.businessHours.holidayCount', { count: hours.holidays.length }));
  }
  return parts.join(' · ');
}

/**
 * Minutes as a reader counts them: whole days (24 h of the clock, business or not), hours and
 * minutes, largest first, zero parts left out: 120 → "2 h", 90 → "1 h 30 min", 1500 → "1 d 1 h".
 */
export function formatMinutes(minutes: number, t: TFunction): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts: string[] = [];
  if (days) parts.push(t('sla.units.days', { count: days }));
  if (hours) parts.push(t('sla.units.hours', { count: hours }));
  if (rest || parts.length === 0) parts.push(t('sla.units.minutes', { count: rest }));
  return parts.join(' ');
}
