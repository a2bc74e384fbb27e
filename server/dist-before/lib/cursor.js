/**
 * Opaque keyset-pagination cursors (API.md: "Lists use cursor (keyset) pagination").
 * A cursor is the sort value and id of the last row of a page, base64url-encoded JSON; it is
 * stable under inserts, unlike OFFSET. A cursor that does not decode is a 400 on field `cursor`.
 */
import { ValidationError } from './errors.js';
export function encodeCursor(position) {
  return Buffer.from(JSON.stringify([position.value, position.id])).toString('base64url');
}
/** @throws ValidationError (path `cursor`) when the cursor was not made by encodeCursor. */
export function decodeCursor(cursor) {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      decoded.length === 2 &&
      (typeof decoded[0] === 'string' || typeof decoded[0] === 'number') &&
      typeof decoded[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(decoded[1])
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
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** True for a canonical UUID string. */
export const isUuid = (s) => UUID.test(s);
//# sourceMappingURL=cursor.js.map
