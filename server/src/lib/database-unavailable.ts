/**
 * Telling "the database is unavailable" apart from every other failure, so that such requests
 * are answered 503 with `Retry-After` (RFC 9110 §15.6.4: a temporary condition) instead of 500:
 * the server is fine and the client should retry, as it recovers by itself when the database
 * returns.
 *
 * Unavailable means: the connection could not be made or was lost (ECONNREFUSED, ECONNRESET,
 * EPIPE, ETIMEDOUT, "Connection terminated", …), no pooled connection came free or none could
 * be opened in time (pg's `connectionTimeoutMillis`), a query got no answer in time (pg's
 * "Query read timeout", db/pg-client.ts), PostgreSQL refused new work (SQLSTATE class 08
 * connection exception, 57P01–57P03 shutting down or starting, 53300 too many connections), or
 * Prisma said the same in its own words (P1001, P1002, P1008, P1017, P2024, and P2028 when a
 * transaction could not start or ran out of time).
 */

/** Node and pg error codes of a lost or refused connection. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** PostgreSQL SQLSTATEs that mean "not now": shutting down, starting, out of connections. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Prisma's codes for an unreachable or unresponsive database. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);

/** Messages of pg and the driver adapter when the connection is lost or times out. */
const MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /query read timeout/i,
  /connection (?:is )?closed/i,
  /client has encountered a connection error/i,
  /server closed the connection unexpectedly/i,
  // Prisma's words for the adapter's ConnectionClosed in a raw query's error (Code: `N/A`).
  /server has closed the connection/i,
  /can't reach database server/i,
  /the database system is (?:shutting down|starting up|in recovery mode)/i,
  /transaction already closed/i,
  /unable to start a transaction in the given time/i,
];

/**
 * True when `error` (or an error in its `cause` chain, or the driver-adapter's `cause` object)
 * says that the database is unreachable or did not answer in time.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    if (seen.has(current)) break;
    seen.add(current);
    const e = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      kind?: unknown;
      originalCode?: unknown;
    };
    const code = typeof e.code === 'string' ? e.code : undefined;
    const originalCode = typeof e.originalCode === 'string' ? e.originalCode : undefined;
    if (code && (NETWORK_CODES.has(code) || PRISMA_CODES.has(code))) return true;
    for (const state of [code, originalCode]) {
      if (state && (state.startsWith('08') || UNAVAILABLE_SQLSTATES.has(state))) return true;
    }
    if (e.kind === 'DatabaseNotReachable' || e.kind === 'ConnectionClosed') return true;
    if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string))) {
      return true;
    }
    current = e.cause;
  }
  return false;
}

/** SQLSTATEs of a transaction PostgreSQL gave up to let others go on: deadlock, serialization failure. */
const TRANSIENT_CONFLICT_SQLSTATES = new Set(['40P01', '40001']);

/**
 * True when `error` (or one in its `cause` chain) says the transaction was rolled back because it
 * met another one (a deadlock or a serialization failure: SQLSTATE 40P01 / 40001, Prisma P2034):
 * nothing of it was written, and the same request may simply be sent again (RFC 9110 §15.6.4).
 */
export function isTransientConflict(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    const e = current as {
      code?: unknown;
      originalCode?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (e.code === 'P2034') return true;
    for (const state of [e.code, e.originalCode]) {
      if (typeof state === 'string' && TRANSIENT_CONFLICT_SQLSTATES.has(state)) return true;
    }
    if (typeof e.message === 'string' && /Code: `(?:40P01|40001)`/.test(e.message)) return true;
    current = e.cause;
  }
  return false;
}

/** Seconds a client is asked to wait before retrying while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
