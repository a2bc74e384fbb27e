/**
 * Sessions that can end (docs/product.md "Accounts", docs/api.md "Auth"). A sign-in opens a
 * session (`user_sessions`: address, User-Agent, an absolute end REFRESH_SESSION_DAYS later) and
 * gives its first refresh token; the browser keeps it in an httpOnly cookie
 * (sessions.cookie.ts) and exchanges it for a new access token (JWT_EXPIRES_IN, default 15
 * minutes) and a new refresh token: each refresh token works once (rotation). Presenting one that
 * was already exchanged means a copy exists (OWASP "Refresh token rotation", RFC 9700 §4.14.2):
 * the whole session is revoked and an `auth.refresh_token_reused` entry is written. Tokens are
 * 256 random bits in base64url, stored as their SHA-256 (hex) only.
 * Ending sessions: sign-out (this session), "sign out everywhere" and, from other modules, a
 * deactivation, a password reset or an admin setting the password (`endUserSessions`, in the
 * change's transaction) — these last set `users.sessionsRevokedAt`, which refuses every access
 * token issued before it (plugins/auth.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';
import { isUuid } from '../../lib/cursor.js';
import type { Prisma, PrismaClient } from '../../lib/db.js';
import { NotFoundError, UnauthorizedError } from '../../lib/errors.js';
import type { Principal, RequestClient } from '../../lib/principal.js';
import { activityActorOf, recordOrganizationActivity } from '../organization-activity/index.js';
import type { User } from './auth.schemas.js';
import type { SessionList } from './sessions.schemas.js';
import {
  findSessionWithUser,
  insertRefreshToken,
  insertSession,
  listOpenSessions,
  lockRefreshToken,
  markRefreshTokenUsed,
  revokeSession,
  revokeUserSessions,
  setSessionsRevokedAt,
  type SessionRevokedReason,
} from './sessions.repository.js';

/** Open sessions listed at most (GET /api/me/sessions). */
const LIST_LIMIT = 100;

/** Longest refresh token looked up (ours are 43 characters); anything longer is unknown. */
const REFRESH_TOKEN_MAX_LENGTH = 128;

/** A fresh refresh token and the hash to store. */
function newRefreshToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashRefreshToken(token) };
}

/** SHA-256 (hex) of a refresh token as the cookie holds it. */
function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** An open session: its id, its refresh token (for the cookie) and its absolute end. */
export interface IssuedSession {
  sessionId: string;
  refreshToken: string;
  expiresAt: Date;
}

/** Who ends a user's sessions, for the audit entry (activityActorOf, or the user themselves). */
type SessionsActor = {
  organizationId: string;
  actorId: string | null;
  apiKeyId?: string | null;
  client?: RequestClient | null;
};

/**
 * Ends every session of `userId` in the transaction of the change that calls for it (a
 * deactivation, a password reset or change, "sign out everywhere"): sets `sessionsRevokedAt` to
 * `at` (access tokens issued before are refused) and revokes their open sessions with `reason`.
 * Unless `record` is false, writes an `auth.sessions_revoked` entry `{userId, reason, sessions}`
 * when sessions were open (`auth.signed_out_everywhere` for that reason, always).
 * @returns how many sessions were open.
 */
export async function endUserSessions(
  tx: Prisma.TransactionClient,
  input: {
    userId: string;
    reason: SessionRevokedReason;
    actor: SessionsActor;
    at?: Date;
    record?: boolean;
  },
): Promise<number> {
  const at = input.at ?? new Date();
  await setSessionsRevokedAt(tx, input.userId, at);
  const sessions = await revokeUserSessions(tx, input.userId, input.reason, at);
  // Nothing to say when nothing was open, unless the person asked for it.
  if ((input.record ?? true) && (sessions > 0 || input.reason === 'sign_out_everywhere')) {
    await recordOrganizationActivity(tx, {
      ...input.actor,
      type:
        input.reason === 'sign_out_everywhere'
          ? 'auth.signed_out_everywhere'
          : 'auth.sessions_revoked',
      data: { userId: input.userId, reason: input.reason, sessions },
      at,
    });
  }
  return sessions;
}

/** The sessions service: open, refresh and end sessions, and list one's own. */
export function createSessionsService(deps: {
  prisma: PrismaClient;
  config: Pick<Config, 'sessionDays' | 'httpsOnly'>;
}) {
  const { prisma, config } = deps;

  /**
   * Opens a session for `user`, who just proved who they are (sign-in, an accepted invitation),
   * from `client`; it ends `REFRESH_SESSION_DAYS` later whatever the refreshes.
   */
  async function start(
    user: { id: string; organizationId: string },
    client: RequestClient,
  ): Promise<IssuedSession> {
    const { token, tokenHash } = newRefreshToken();
    const expiresAt = new Date(Date.now() + config.sessionDays * 86_400_000);
    const sessionId = await prisma.$transaction((tx) =>
      insertSession(tx, {
        organizationId: user.organizationId,
        userId: user.id,
        expiresAt,
        ip: client.ip.slice(0, 64),
        userAgent: client.userAgent?.slice(0, 500) ?? null,
        tokenHash,
      }),
    );
    return { sessionId, refreshToken: token, expiresAt };
  }

  /**
   * Exchanges a refresh token (the cookie's value) for the next one of the same session, in one
   * transaction holding the token's row lock (two refreshes with the same token: the first wins,
   * the second is reuse). Returns the session and the user to sign a new access token for.
   * Reuse of an exchanged token revokes the session (`refresh_token_reuse`) and writes
   * `auth.refresh_token_reused` `{userId, sessionId}` before answering 401.
   * @throws UnauthorizedError no token, an unknown or reused one, an ended session, an inactive user.
   */
  async function refresh(
    refreshToken: string | undefined,
    client: RequestClient,
  ): Promise<IssuedSession & { user: User }> {
    if (!refreshToken || refreshToken.length > REFRESH_TOKEN_MAX_LENGTH) {
      throw new UnauthorizedError('No session to renew: sign in');
    }
    const tokenHash = hashRefreshToken(refreshToken);
    const now = new Date();
    const outcome = await prisma.$transaction(async (tx) => {
      const token = await lockRefreshToken(tx, tokenHash);
      if (!token) return { kind: 'ended' as const };
      const session = await findSessionWithUser(tx, token.sessionId);
      if (
        !session ||
        session.revokedAt ||
        session.expiresAt.getTime() <= now.getTime() ||
        !session.user.isActive
      ) {
        return { kind: 'ended' as const };
      }
      if (token.usedAt) {
        await revokeSession(
          tx,
          { id: session.id, userId: session.userId },
          'refresh_token_reuse',
          now,
        );
        await recordOrganizationActivity(tx, {
          organizationId: session.organizationId,
          actorId: null,
          client,
          type: 'auth.refresh_token_reused',
          data: { userId: session.userId, sessionId: session.id },
          at: now,
        });
        return { kind: 'reused' as const };
      }
      await markRefreshTokenUsed(tx, token, now);
      const next = newRefreshToken();
      await insertRefreshToken(tx, {
        organizationId: session.organizationId,
        sessionId: session.id,
        tokenHash: next.tokenHash,
      });
      const { isActive: _active, ...user } = session.user;
      return {
        kind: 'renewed' as const,
        issued: { sessionId: session.id, refreshToken: next.token, expiresAt: session.expiresAt },
        user,
      };
    });
    if (outcome.kind === 'reused') {
      throw new UnauthorizedError(
        'This refresh token was already used: the session has been ended, sign in again',
      );
    }
    if (outcome.kind === 'ended') throw new UnauthorizedError('The session has ended: sign in');
    return { ...outcome.issued, user: outcome.user };
  }

  /**
   * Signs out: revokes the session `sessionId` of the principal (`logout`; none for a token
   * without one) and writes `auth.signed_out` `{userId, sessionId}`.
   */
  async function logout(principal: Principal, sessionId: string | undefined): Promise<void> {
    await prisma.$transaction(async (tx) => {
      if (sessionId) {
        await revokeSession(tx, { id: sessionId, userId: principal.id }, 'logout', new Date());
      }
      await recordOrganizationActivity(tx, {
        ...activityActorOf(principal),
        type: 'auth.signed_out',
        data: { userId: principal.id, sessionId: sessionId ?? null },
      });
    });
  }

  /**
   * The principal's open sessions (not revoked, not expired), newest first, at most 100, with
   * `current` true for `currentSessionId`.
   */
  async function list(
    principal: Principal,
    currentSessionId: string | undefined,
  ): Promise<SessionList> {
    const rows = await listOpenSessions(prisma, principal.id, new Date(), LIST_LIMIT);
    return {
      data: rows.map((row) => ({
        id: row.id,
        createdAt: row.createdAt.toISOString(),
        lastRefreshedAt: row.lastRefreshedAt?.toISOString() ?? null,
        ip: row.ip,
        userAgent: row.userAgent,
        current: row.id === currentSessionId,
      })),
    };
  }

  /**
   * "Sign out everywhere": ends every session of the principal, this one included, and refuses
   * every access token issued before now (endUserSessions, `auth.signed_out_everywhere`).
   */
  async function revokeAll(principal: Principal): Promise<void> {
    await prisma.$transaction((tx) =>
      endUserSessions(tx, {
        userId: principal.id,
        reason: 'sign_out_everywhere',
        actor: activityActorOf(principal),
      }),
    );
  }

  /**
   * Ends one open session of the principal (`revoked`), writing `auth.sessions_revoked`
   * `{userId, sessionId, reason: "revoked"}`. @throws NotFoundError not one of their open sessions.
   */
  async function revokeOne(principal: Principal, id: string): Promise<void> {
    if (!isUuid(id)) throw new NotFoundError('Session');
    await prisma.$transaction(async (tx) => {
      if (!(await revokeSession(tx, { id, userId: principal.id }, 'revoked', new Date()))) {
        throw new NotFoundError('Session');
      }
      await recordOrganizationActivity(tx, {
        ...activityActorOf(principal),
        type: 'auth.sessions_revoked',
        data: { userId: principal.id, sessionId: id, reason: 'revoked', sessions: 1 },
      });
    });
  }

  return {
    start,
    refresh,
    logout,
    list,
    revokeAll,
    revokeOne,
    /**
     * Whether the refresh cookie is Secure (sent over HTTPS only): when the site is served over
     * TLS (HTTPS_ONLY, by default PUBLIC_URL being https). A Secure cookie on a plain-http site
     * is dropped by browsers, and its people would be signed out when their access token ends.
     */
    secureCookies: config.httpsOnly,
  };
}

export type SessionsService = ReturnType<typeof createSessionsService>;
