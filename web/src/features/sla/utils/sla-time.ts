/**
 * Pure time arithmetic for the SLA shown to agents (docs/product.md "SLA"): how long until a
 * target is due or how long it is overdue, rounded for reading at a glance, and the state a
 * ticket's nearest target is in at a given instant. No React, no clock of its own: callers pass
 * `now` (milliseconds since the epoch) so a countdown re-renders from one timer.
 */
import type { SlaMetric, TicketSla, TicketSlaTarget } from '@docket/server/contract/sla';

/** A duration split for display; every field is a whole, non-negative number. */
export type SlaDurationParts = { days: number; hours: number; minutes: number };

/**
 * `seconds` (its sign ignored) rounded to the precision people read a deadline at:
 * - under an hour: whole minutes (`{minutes: 20}`);
 * - under a day: hours and minutes (`1 h 20 min`);
 * - a day or more: days and hours (`2 d 3 h`), minutes dropped.
 * Each step rounds to the nearest unit of its precision, so 23 h 59 min 50 s is `1 d 0 h`.
 */
export function slaDurationParts(seconds: number): SlaDurationParts {
  const abs = Math.abs(seconds);
  const totalMinutes = Math.round(abs / 60);
  if (totalMinutes < 60) return { days: 0, hours: 0, minutes: totalMinutes };
  if (totalMinutes < 24 * 60) {
    return { days: 0, hours: Math.floor(totalMinutes / 60), minutes: totalMinutes % 60 };
  }
  const totalHours = Math.round(abs / 3600);
  return { days: Math.floor(totalHours / 24), hours: totalHours % 24, minutes: 0 };
}

/**
 * The words of each unit in the reader's language, from `slaTicket.duration.*`: each gets the
 * number already formatted (`Intl.NumberFormat`) and returns e.g. "3 h" or "2 j".
 */
export type SlaDurationUnits = {
  day: (value: string) => string;
  hour: (value: string) => string;
  minute: (value: string) => string;
  /** Said instead of "0 min" for anything under half a minute. */
  lessThanMinute: string;
};

/**
 * `seconds` (its sign ignored) as compact words: "1 h 20 min", "2 d 3 h", "45 min"; a zero part
 * after the first is left out ("2 h", "3 d"). Numbers follow `locale` (BCP 47, e.g. `fr-CA`).
 */
export function formatSlaDuration(
  seconds: number,
  locale: string,
  units: SlaDurationUnits,
): string {
  const { days, hours, minutes } = slaDurationParts(seconds);
  const number = wholeNumberFormat(locale);
  if (days > 0) {
    const d = units.day(number.format(days));
    return hours > 0 ? `${d} ${units.hour(number.format(hours))}` : d;
  }
  if (hours > 0) {
    const h = units.hour(number.format(hours));
    return minutes > 0 ? `${h} ${units.minute(number.format(minutes))}` : h;
  }
  return minutes > 0 ? units.minute(number.format(minutes)) : units.lessThanMinute;
}

/** Whole-number formats by locale: the list's badges format on every row and every tick. */
const wholeNumberFormats = new Map<string, Intl.NumberFormat>();

function wholeNumberFormat(locale: string): Intl.NumberFormat {
  let format = wholeNumberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    wholeNumberFormats.set(locale, format);
  }
  return format;
}

/** Seconds from `now` until the ISO 8601 instant `dueAt`: negative once it has passed. */
export function secondsUntil(dueAt: string, now: number): number {
  return Math.round((Date.parse(dueAt) - now) / 1000);
}

/** How a target or a ticket's SLA looks at an instant: the tone its badge and row take. */
export type SlaTone = 'on_track' | 'at_risk' | 'breached' | 'paused' | 'met';

/** What the list's badge says about a ticket's nearest target. */
export type SlaSummaryView =
  | { tone: 'on_track' | 'at_risk'; metric: SlaMetric; seconds: number }
  | { tone: 'breached'; metric: SlaMetric; seconds: number }
  | { tone: 'paused' }
  | null;

/** A running target's tone at `now`: past due → breached, past `warnAt` → at risk. */
function runningTone(
  target: Pick<TicketSlaTarget, 'state' | 'dueAt' | 'warnAt'>,
  now: number,
): SlaTone {
  if (target.state === 'breached') return 'breached';
  if (target.dueAt && Date.parse(target.dueAt) <= now) return 'breached';
  if (target.warnAt && Date.parse(target.warnAt) <= now) return 'at_risk';
  return 'on_track';
}

/**
 * The tone of one target at `now` (the ticket page's SLA panel): `fulfilled` → met, `paused` →
 * paused, and a running (`active` or `breached`) target as its clock says now, so a countdown
 * turns amber at `warnAt` and red at `dueAt` without a new request.
 */
export function targetTone(target: TicketSlaTarget, now: number): SlaTone {
  if (target.state === 'fulfilled') return 'met';
  if (target.state === 'paused') return 'paused';
  return runningTone(target, now);
}

/**
 * Seconds left on a target at `now` (negative when overdue): from `dueAt` when it has one (wall
 * clock, so it counts down between requests), else the server's `businessSecondsLeft` (a paused
 * target has no due time).
 */
export function targetSecondsLeft(target: TicketSlaTarget, now: number): number {
  return target.dueAt ? secondsUntil(target.dueAt, now) : target.businessSecondsLeft;
}

/**
 * The list badge's view of `sla` at `now` (docs/product.md "SLA"): null when there is no SLA or
 * every target is met; `paused` when every unfulfilled target is paused; otherwise the nearest
 * running target (`nextMetric`, due `nextDueAt`) with the seconds left (negative: overdue). The
 * server's `state` is a floor: a ticket listed on track that has since passed its warning or due
 * time shows at risk or breached.
 */
export function slaSummaryView(sla: TicketSla | null | undefined, now: number): SlaSummaryView {
  if (!sla || sla.state === 'met') return null;
  if (sla.state === 'paused') return { tone: 'paused' };
  const metric = sla.nextMetric;
  if (!metric) return null;
  const target = sla.targets
    .filter((candidate) => candidate.metric === metric && candidate.state !== 'fulfilled')
    .sort((a, b) => b.cycle - a.cycle)[0];
  const dueAt = sla.nextDueAt ?? target?.dueAt ?? null;
  const seconds = dueAt ? secondsUntil(dueAt, now) : (target?.businessSecondsLeft ?? 0);
  let tone: SlaTone = target
    ? runningTone({ state: target.state, dueAt, warnAt: target.warnAt }, now)
    : 'on_track';
  if (sla.state === 'breached' || seconds < 0) tone = 'breached';
  else if (sla.state === 'at_risk' && tone === 'on_track') tone = 'at_risk';
  if (tone === 'breached') return { tone, metric, seconds };
  return { tone: tone === 'at_risk' ? 'at_risk' : 'on_track', metric, seconds };
}

/**
 * `iso` as a date and time of `timeZone` (IANA; UTC when unknown) in `language`, with the zone's
 * short name: "Dec 3, 2026, 10:20 AM EST". An unreadable instant is returned as given.
 */
export function formatSlaInstant(iso: string, language: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = {
    dateStyle: 'medium',
    timeStyle: 'short',
  };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(language, { ...options, timeZone });
  } catch {
    format = new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' });
  }
  const zone = new Intl.DateTimeFormat(language, {
    timeZone: format.resolvedOptions().timeZone,
    timeZoneName: 'short',
  })
    .formatToParts(date)
    .find((part) => part.type === 'timeZoneName')?.value;
  return zone ? `${format.format(date)} ${zone}` : format.format(date);
}
