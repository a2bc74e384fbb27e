/**
 * A duration in seconds as a person reads it, in their language: "45 seconds", "12 minutes",
 * "3.5 hours", "2.1 days" (Intl.NumberFormat's unit style, ECMA-402; at most one decimal). The
 * largest unit that gives at least 1 is used.
 */
export function formatDuration(seconds: number, locale: string): string {
  const units = [
    { unit: 'day', size: 86_400 },
    { unit: 'hour', size: 3_600 },
    { unit: 'minute', size: 60 },
  ] as const;
  const chosen = units.find(({ size }) => seconds >= size);
  const [unit, value] = chosen ? [chosen.unit, seconds / chosen.size] : ['second', seconds];
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'long',
    maximumFractionDigits: unit === 'second' ? 0 : 1,
  }).format(value);
}

/** Hours with one decimal, for the charts' scale (a number, not a text). */
export function toHours(seconds: number | null): number | null {
  return seconds === null ? null : Math.round((seconds / 3600) * 10) / 10;
}
