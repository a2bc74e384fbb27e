/**
 * How the statements Docket sends straight through `pg` (db/select-rows.ts) read `timestamptz`
 * values: the common text form is turned into a Date by arithmetic on its characters, anything
 * else by `pg`'s own parser (postgres-date). Prisma's statements are not affected: its adapter
 * gives each of its queries parsers of its own.
 *
 * What it buys (bench/README.md "Reads at the baseline's speed, 2026-12-05 (night)"): a ticket
 * row has fourteen timestamps, and postgres-date's regular expression and its match array made
 * 107 KB of garbage per 26-row list page (a sixth of the page's) and 4.5 % of the server's busy
 * time.
 */
import pg from 'pg';

/** `pg`'s own `timestamptz` parser (postgres-date), for the forms the fast path leaves to it. */
const parseAnyTimestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (
  text: string,
) => Date;

const ZERO = 48;
const digit = (text: string, at: number): number => text.charCodeAt(at) - ZERO;
const twoDigits = (text: string, at: number): number => digit(text, at) * 10 + digit(text, at + 1);

/**
 * A `timestamptz` in PostgreSQL's text output with the session in UTC (`YYYY-MM-DD
 * HH:MM:SS[.f…f]+00`, 1 to 6 fraction digits, years 1000–9999) → its Date, to the millisecond
 * (further digits cut off, as postgres-date does); any other form (another offset, BC, infinity,
 * other years) → postgres-date's answer. test/timestamps.test.ts holds the two equal.
 */
export function parseTimestamptz(text: string): Date {
  const n = text.length;
  if (
    n >= 22 &&
    n <= 29 &&
    n !== 23 &&
    text.charCodeAt(4) === 45 && // -
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 32 && // space
    text.charCodeAt(13) === 58 && // :
    text.charCodeAt(16) === 58 &&
    text.charCodeAt(n - 3) === 43 && // +00
    text.charCodeAt(n - 2) === ZERO &&
    text.charCodeAt(n - 1) === ZERO &&
    (n === 22 || text.charCodeAt(19) === 46) && // .
    digit(text, 0) >= 1
  ) {
    let milliseconds = 0;
    for (let at = 20, scale = 100; at < n - 3 && scale >= 1; at++, scale /= 10) {
      milliseconds += digit(text, at) * scale;
    }
    const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
    return new Date(
      Date.UTC(
        year,
        twoDigits(text, 5) - 1,
        twoDigits(text, 8),
        twoDigits(text, 11),
        twoDigits(text, 14),
        twoDigits(text, 17),
        milliseconds,
      ),
    );
  }
  return parseAnyTimestamptz(text);
}

/** The `types` of Docket's `pg` pool: parseTimestamptz for `timestamptz`, `pg`'s own otherwise. */
export const POOL_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.TIMESTAMPTZ && format !== 'binary') return parseTimestamptz;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;
