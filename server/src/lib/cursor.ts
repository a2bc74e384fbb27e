/**
 * Opaque keyset-pagination cursors (docs/api.md: "Lists use cursor (keyset) pagination").
 * A cursor is the sort value and id of the last row of a page, base64url-encoded JSON; it is
 * stable under inserts, unlike OFFSET. A cursor that does not decode is a 400 on field `cursor`.
 */
import { ValidationError } from './errors.js';

export interface CursorPosition {
  /** The sort key's value of the last row (ISO string for dates, number or enum string). */
  value: string | number;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id])).toString('base64url');
}

/**
 * One keyset page from rows read with `limit + 1` (the extra row says whether a next page
 * exists): the first `limit` rows, and the cursor of the last of them when more remain (else
 * null). `sortValue` is the sort key of a row as its cursor carries it (an ISO string for a
 * timestamp, a number, or a string).
 */
export function keysetPage<R extends { id: string }>(
  rows: R[],
  limit: number,
  sortValue: (row: R) => string | number,
): { rows: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor:
      rows.length > limit && last ? encodeCursor({ value: sortValue(last), id: last.id }) : null,
  };
}

/** @throws ValidationError (path `cursor`) when the cursor was not made by encodeCursor. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      decoded.length === 2 &&
      (typeof decoded[0] === 'string' || typeof decoded[0] === 'number') &&
      typeof decoded[1] === 'string' &&
      isUuid(decoded[1]) &&
      // Bounded, and nothing PostgreSQL refuses in a text parameter (NUL).
      (typeof decoded[0] === 'string'
        ? decoded[0].length <= 300 && !decoded[0].includes('\u0000')
        : Number.isFinite(decoded[0]))
    ) {
      return { value: decoded[0], id: decoded[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new ValidationError('The cursor is not valid; use nextCursor from a previous page', [
    { path: 'cursor', message: 'invalid cursor' },
  ]);
}

/**
 * A cursor of a list sorted by a timestamp (createdAt, updatedAt): its value must be the ISO
 * string that list encoded. @throws ValidationError (path `cursor`) otherwise.
 */
export function decodeDateCursor(cursor: string): { at: Date; id: string } {
  const { value, id } = decodeCursor(cursor);
  const at = typeof value === 'string' && ISO_INSTANT.test(value) ? new Date(value) : new Date(NaN);
  if (!isStorableDate(at)) {
    throw new ValidationError('The cursor is not valid; use nextCursor from a previous page', [
      { path: 'cursor', message: 'invalid cursor' },
    ]);
  }
  return { at, id };
}

/** An ISO 8601 instant as `Date.toISOString()` writes it (offsets tolerated). */
export const ISO_INSTANT =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * True for a valid Date within years 1–9999: PostgreSQL's timestamptz refuses some instants that
 * JavaScript accepts (e.g. year -271821), which would otherwise fail the query.
 */
export function isStorableDate(at: Date): boolean {
  const year = at.getUTCFullYear();
  return !Number.isNaN(at.getTime()) && year >= 1 && year <= 9999;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** True for a canonical UUID string. */
export const isUuid = (s: string): boolean => UUID.test(s);
