/**
 * Wall-clock date and time in an IANA time zone ⇄ instants, with the platform's own time-zone
 * data (`Intl.DateTimeFormat`, ECMA-402), so that a session is entered in the agent's time zone
 * (`user.timeZone`) whatever the browser's zone is. DST gaps resolve forward (02:30 on a
 * spring-forward day is 03:30), overlaps to the first occurrence, as `Temporal`'s "compatible"
 * disambiguation does.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall clock of `timeZone` at the instant `ms` (Unix ms), as its parts. */
function wallClock(ms: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Offset of `timeZone` from UTC at the instant `ms`, in milliseconds (Montreal in winter: −5 h). */
export function timeZoneOffsetMs(ms: number, timeZone: string): number {
  const c = wallClock(ms, timeZone);
  const asUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** Is `timeZone` an IANA zone this browser knows? */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
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
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  if (Number.isNaN(wall)) return null;
  // The offset at the wall time read as UTC is a first guess; the offset at the instant it gives
  // is the right one unless a DST change lies between the two (then the second guess is).
  const first = wall - timeZoneOffsetMs(wall, timeZone);
  const second = wall - timeZoneOffsetMs(first, timeZone);
  const instant = first === second ? first : Math.max(first, second);
  return new Date(instant).toISOString();
}

/** The instant `iso` on the wall clock of `timeZone`: `{date: 'YYYY-MM-DD', time: 'HH:mm'}`. */
export function isoToZonedWallClock(iso: string, timeZone: string): { date: string; time: string } {
  const c = wallClock(Date.parse(iso), timeZone);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return {
    date: `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`,
    time: `${pad(c.hour)}:${pad(c.minute)}`,
  };
}

/**
 * `iso` as a date and time of `timeZone` in `language`, with the zone's short name ("3:30 PM
 * EST"), for sessions: they are entered in the agent's time zone and shown in it.
 */
export function formatInTimeZone(
  iso: string,
  language: string,
  timeZone: string,
  dateStyle: 'full' | 'medium' = 'medium',
): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  const day = new Intl.DateTimeFormat(language, { dateStyle, timeZone: zone }).format(date);
  const time = new Intl.DateTimeFormat(language, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: zone,
    timeZoneName: 'short',
  }).format(date);
  return `${day}, ${time}`;
}
