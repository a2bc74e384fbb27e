/**
 * The `user_sessions` and `session_refresh_tokens` queries (docs/product.md "Accounts": sessions
 * that can end). Each function takes the client or a transaction client; the rules live in
 * sessions.service.ts.
 */
import type { Db, Prisma } from '../../lib/db.js';

/** Why a session ended (the `revokedReason` column, at most 40 characters). */
export type SessionRevokedReason =
  | 'logout'
  | 'sign_out_everywhere'
  | 'refresh_token_reuse'
  | 'deactivated'
  | 'password_reset'
  | 'password_changed'
  | 'revoked';

/** Inserts a session and its first refresh token (stored as its SHA-256 hex); returns the session id. */
export async function insertSession(
  db: Prisma.TransactionClient,
  session: {
    organizationId: string;
    userId: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
    tokenHash: string;
  },
): Promise<string> {
  const { tokenHash, ...columns } = session;
  const row = await db.userSession.create({ data: columns, select: { id: true } });
  await insertRefreshToken(db, {
    organizationId: session.organizationId,
    sessionId: row.id,
    tokenHash,
  });
  return row.id;
}

/** Inserts a refresh token of the session (its SHA-256 hex only). */
export async function insertRefreshToken(
  db: Db,
  token: { organizationId: string; sessionId: string; tokenHash: string },
): Promise<void> {
  await db.sessionRefreshToken.create({ data: token, select: { id: true } });
}

/**
 * The refresh token with this hash, locked FOR UPDATE until the transaction ends, or null.
 * Locking the token row settles two refreshes presenting it at once: the second waits, then
 * reads the row as the first left it (`usedAt` set) and is treated as reuse.
 */
export async function lockRefreshToken(
  tx: Prisma.TransactionClient,
  tokenHash: string,
): Promise<{ id: string; sessionId: string; usedAt: Date | null } | null> {
  const [row] = await tx.$queryRaw<{ id: string; sessionId: string; usedAt: Date | null }[]>`
    SELECT id, "sessionId", "usedAt"
    FROM session_refresh_tokens
    WHERE "tokenHash" = ${tokenHash}
    FOR UPDATE`;
  return row ?? null;
}

/** A session with its state and the user a refresh signs in again; null if none. */
export function findSessionWithUser(db: Db, id: string) {
  return db.userSession.findUnique({
    where: { id },
    select: {
      id: true,
      organizationId: true,
      userId: true,
      expiresAt: true,
      revokedAt: true,
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          role: true,
          organizationId: true,
          locale: true,
          timeZone: true,
          isActive: true,
        },
      },
    },
  });
}

/** Marks a refresh token used at `at` and the session refreshed at `at`. */
export async function markRefreshTokenUsed(
  db: Db,
  token: { id: string; sessionId: string },
  at: Date,
): Promise<void> {
  await db.sessionRefreshToken.update({
    where: { id: token.id },
    data: { usedAt: at },
    select: { id: true },
  });
  await db.userSession.update({
    where: { id: token.sessionId },
    data: { lastRefreshedAt: at },
    select: { id: true },
  });
}

/**
 * Revokes the user's session `id` (when still open) with `reason`.
 * @returns whether a session of that user was open and is now revoked.
 */
export async function revokeSession(
  db: Db,
  where: { id: string; userId: string },
  reason: SessionRevokedReason,
  at: Date,
): Promise<boolean> {
  const { count } = await db.userSession.updateMany({
    where: { ...where, revokedAt: null },
    data: { revokedAt: at, revokedReason: reason },
  });
  return count === 1;
}

/** Revokes every open session of the user with `reason`; returns how many. */
export async function revokeUserSessions(
  db: Db,
  userId: string,
  reason: SessionRevokedReason,
  at: Date,
): Promise<number> {
  const { count } = await db.userSession.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: at, revokedReason: reason },
  });
  return count;
}

/** Sets `users.sessionsRevokedAt`: access tokens issued before `at` are refused (plugins/auth.ts). */
export async function setSessionsRevokedAt(db: Db, userId: string, at: Date): Promise<void> {
  await db.user.update({
    where: { id: userId },
    data: { sessionsRevokedAt: at },
    select: { id: true },
  });
}

/** The user's sessions open at `now` (not revoked, not expired), newest first, at most `take`. */
export function listOpenSessions(db: Db, userId: string, now: Date, take: number) {
  return db.userSession.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    select: { id: true, createdAt: true, lastRefreshedAt: true, ip: true, userAgent: true },
  });
}
