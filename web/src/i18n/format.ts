/**
 * Dates and times as people read them (docs/product.md "Times"): in the current language, in the
 * viewer's time zone — the signed-in person's profile zone (`user.timeZone`), else (the public
 * tracker, the sign-in page) the browser's — and, for a date with a time, labelled with the
 * zone's short name or offset as the platform's Intl data gives it ("Dec 3, 2026, 2:30 PM EST",
 * "3 déc. 2026, 14 h 30 HNE", "Dec 3, 2026, 8:30 PM GMT+1"), so that a time never reads as if it
 * were in another zone. The zone arithmetic, DST included, is ECMA-402's (`Intl.DateTimeFormat`
 * with `timeZone`).
 */
import { use, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CurrentUserProvider } from '@/lib/current-user';

export type DateTimeStyle = 'dateTime' | 'date';

const styles: Record<DateTimeStyle, Intl.DateTimeFormatOptions> = {
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { dateStyle: 'medium' },
};

/**
 * Zones already checked (as given → as the browser names it, or null): checking builds an
 * `Intl.DateTimeFormat`, too costly to repeat for every date of a list on every render.
 */
const checkedZones = new Map<string, string | null>();

/** `timeZone` when this browser knows it as an IANA zone (or `UTC`), else null. */
function knownTimeZone(timeZone: string | null | undefined): string | null {
  if (!timeZone) return null;
  const checked = checkedZones.get(timeZone);
  if (checked !== undefined) return checked;
  let known: string | null;
  try {
    known = new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
  } catch {
    known = null;
  }
  // A handful of zones in practice; the bound only guards against a runaway caller.
  if (checkedZones.size > 200) checkedZones.clear();
  checkedZones.set(timeZone, known);
  return known;
}

/** The browser's own time zone (IANA), `UTC` when it does not say; read once. */
let browserZone: string | undefined;
function browserTimeZone(): string {
  browserZone ??= knownTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone) ?? 'UTC';
  return browserZone;
}

/**
 * Formats the instant `iso` (ISO 8601) in `language` on the wall clock of `timeZone` (an IANA
 * zone; an unknown one falls back to UTC, still labelled, so the reader is never misled).
 * `dateTime` (default): medium date, short time and the zone's short name — "Dec 3, 2026, 2:30 PM
 * EST"; `date`: the day only ("Dec 3, 2026"), taken in that zone, without a label. An unreadable
 * instant is returned as given.
 */
export function formatDateTime(
  iso: string,
  {
    language,
    timeZone,
    style = 'dateTime',
  }: { language: string; timeZone: string; style?: DateTimeStyle },
): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const { format, label } = formattersOf(language, timeZone, style);
  const name = label?.formatToParts(date).find((part) => part.type === 'timeZoneName')?.value;
  return name ? `${format.format(date)} ${name}` : format.format(date);
}

interface Formatters {
  format: Intl.DateTimeFormat;
  label: Intl.DateTimeFormat | null;
}

/** Built formatters by language, zone and style: building one costs far more than using it. */
const formatters = new Map<string, Formatters>();

function formattersOf(language: string, timeZone: string, style: DateTimeStyle): Formatters {
  const key = `${language}|${timeZone}|${style}`;
  let built = formatters.get(key);
  if (!built) {
    const zone = knownTimeZone(timeZone) ?? 'UTC';
    built = {
      format: new Intl.DateTimeFormat(language, { ...styles[style], timeZone: zone }),
      // `dateStyle` cannot be combined with `timeZoneName`: the label comes from a second format.
      label:
        style === 'dateTime'
          ? new Intl.DateTimeFormat(language, { timeZone: zone, timeZoneName: 'short' })
          : null,
    };
    // A few languages times a few zones; the bound only guards against a runaway caller.
    if (formatters.size > 200) formatters.clear();
    formatters.set(key, built);
  }
  return built;
}

/**
 * The time zone dates are shown in: the signed-in person's profile zone when the browser knows
 * it, else the browser's (no one signed in: the public tracker and tracking links).
 */
function useViewerTimeZone(): string {
  // Read without `useCurrentUser`, which requires a signed-in person: public pages have none.
  const user = use(CurrentUserProvider);
  return knownTimeZone(user?.timeZone) ?? browserTimeZone();
}

/**
 * Formats API timestamps (ISO 8601) in the current language and the viewer's time zone
 * (`useViewerTimeZone`), labelled as `formatDateTime` says.
 */
export function useDateTimeFormat(style: DateTimeStyle = 'dateTime'): (iso: string) => string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const timeZone = useViewerTimeZone();
  return useMemo(
    () => (iso: string) => formatDateTime(iso, { language, timeZone, style }),
    [language, timeZone, style],
  );
}
