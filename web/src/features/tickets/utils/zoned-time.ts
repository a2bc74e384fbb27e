/**
 * Wall-clock date and time in an IANA time zone ⇄ instants, so that a session is entered in the
 * agent's time zone (`user.timeZone`) whatever the browser's zone is. The zone arithmetic is
 * @date-fns/tz's (`TZDate`, `tzOffset`, over the platform's `Intl` time-zone data, ECMA-402):
 * like `Date` in local time, a wall time in a DST gap resolves forward (02:30 on a
 * spring-forward day is 03:30) and a repeated one to its first occurrence, as `Temporal`'s
 * "compatible" disambiguation does.
 */
import { TZDate, tzOffset } from '@date-fns/tz';
import { format } from 'date-fns';
import { formatDateTime } from '@/i18n/format';

const MINUTE_MS = 60_000;

/** Offset of `timeZone` from UTC at the instant `ms`, in milliseconds (Montreal in winter: −5 h). */
export function timeZoneOffsetMs(ms: number, timeZone: string): number {
  return tzOffset(timeZone, new Date(ms)) * MINUTE_MS;
}

/** Is `timeZone` an IANA zone this browser knows? (`tzOffset` is NaN for an unknown one.) */
export function isValidTimeZone(timeZone: string): boolean {
  return !Number.isNaN(tzOffset(timeZone, new Date()));
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

/**
 * `date` (YYYY-MM-DD) and `time` (HH:mm) on the wall clock of `timeZone` → the instant, as an ISO
 * 8601 UTC string (what `scheduledAt` takes). Null when either is malformed.
 */
export function zonedWallClockToIso(date: string, time: string, timeZone: string): string | null {
  const d = DATE.exec(date);
  const t = TIME.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const instant = new TZDate(year, month - 1, day, hour, minute, timeZone).getTime();
  if (Number.isNaN(instant)) return null;
  return new Date(instant).toISOString();
}

/** The instant `iso` on the wall clock of `timeZone`: `{date: 'YYYY-MM-DD', time: 'HH:mm'}`. */
export function isoToZonedWallClock(iso: string, timeZone: string): { date: string; time: string } {
  const wall = new TZDate(Date.parse(iso), timeZone);
  return { date: format(wall, 'yyyy-MM-dd'), time: format(wall, 'HH:mm') };
}

/**
 * `iso` as a date and time of `timeZone` in `language`, with the zone's short name ("Dec 3, 2026,
 * 3:30 PM EST"), for sessions: they are entered in the agent's time zone and shown in it. The
 * `medium` date is the app's one format (i18n/format.ts `formatDateTime`); `full` spells out the
 * weekday for the scheduler's confirmation.
 */
export function formatInTimeZone(
  iso: string,
  language: string,
  timeZone: string,
  dateStyle: 'full' | 'medium' = 'medium',
): string {
  const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  if (dateStyle === 'medium') return formatDateTime(iso, { language, timeZone: zone });
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = new Intl.DateTimeFormat(language, { dateStyle, timeZone: zone }).format(date);
  const time = new Intl.DateTimeFormat(language, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: zone,
    timeZoneName: 'short',
  }).format(date);
  return `${day}, ${time}`;
}
