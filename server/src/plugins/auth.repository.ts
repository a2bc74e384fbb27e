/**
 * What authentication reads and writes (auth.ts): the signed-in user's row, and an API key by
 * its prefix with the time it was last used.
 */
import { selectFirstRow } from '../db/select-rows.js';
import { Prisma } from '../generated/prisma/client.js';
import type { Db } from '../lib/db.js';
import type { Role } from '../lib/domain.js';
import { twoFactorEnrolmentRequired } from '../modules/two-factor/index.js';

/** A uuid no session has: the filter of a token without a session matches nothing. */
const NO_SESSION = '00000000-0000-0000-0000-000000000000';

/** The columns of a user that authenticate needs. */
export interface AuthUser {
  id: string;
  organizationId: string;
  role: Role;
  name: string;
  email: string;
  isActive: boolean;
  /** An agent an admin restricted to their groups: the ids of those groups; else null. */
  groupIds: string[] | null;
  /** Access tokens issued before it are refused (password reset, sign out everywhere, deactivation). */
  sessionsRevokedAt: Date | null;
  /** The token's session, when it has one and it is the user's: its end and revocation. */
  session: { revokedAt: Date | null; expiresAt: Date } | null;
  /** Their organization requires two-factor sign-in of their role and they have not set it up. */
  twoFactorEnrolmentRequired: boolean;
}

/** The statement's row of findAuthUserRow: the user's columns, their organization's settings. */
type AuthUserSqlRow = Omit<AuthUser, 'session' | 'twoFactorEnrolmentRequired'> & {
  totpEnabledAt: Date | null;
  organizationSettings: unknown;
  /** The session's end and revocation; null when it is not the user's (or none was asked for). */
  sessionRevokedAt: Date | null;
  sessionExpiresAt: Date | null;
};

/**
 * The user `id` with the columns authentication needs, `sessionsRevokedAt` (access tokens issued
 * before it are refused: a password reset, "sign out everywhere", a deactivation), `session` —
 * the state of their session `sessionId` (`{revokedAt, expiresAt}`, null when it is not theirs or
 * no `sessionId` was given) — and `groupIds` — the groups a restricted agent sees (null: not
 * restricted), and `twoFactorEnrolmentRequired` (their organization requires two-factor sign-in
 * of their role and they have not set it up); null if there is no such user (or `id` is not a
 * uuid). One prepared statement, off the ORM: every signed-in request reads it once its cached
 * copy is older than AUTH_USER_CACHE_SECONDS, and the ORM compiled its nested select (user,
 * organization, session, memberships) at each call (bench/README.md "Authentication's row").
 */
export async function findAuthUserRow(
  db: Db,
  id: string,
  sessionId?: string,
): Promise<AuthUser | null> {
  const session = sessionId ?? NO_SESSION;
  const row = await selectFirstRow<AuthUserSqlRow>(
    db,
    Prisma.sql`SELECT u.id, u."organizationId", u.role::text AS role, u.name, u.email,
        u."isActive", u."sessionsRevokedAt", u."totpEnabledAt", o.settings AS "organizationSettings",
        s."revokedAt" AS "sessionRevokedAt", s."expiresAt" AS "sessionExpiresAt",
        CASE WHEN u."groupRestricted" THEN ARRAY(
          SELECT m."groupId"::text FROM group_members m WHERE m."userId" = u.id
          ORDER BY m."createdAt", m."groupId") END AS "groupIds"
      FROM users u
      JOIN organizations o ON o.id = u."organizationId"
      LEFT JOIN user_sessions s ON s.id = ${session}::uuid AND s."userId" = u.id
      WHERE u.id = ${id}::uuid`,
    [id, session],
  );
  if (!row) return null;
  const { organizationSettings, totpEnabledAt, sessionRevokedAt, sessionExpiresAt, ...user } = row;
  return {
    ...user,
    session: sessionExpiresAt ? { revokedAt: sessionRevokedAt, expiresAt: sessionExpiresAt } : null,
    twoFactorEnrolmentRequired: twoFactorEnrolmentRequired({
      role: user.role,
      totpEnabledAt,
      organizationSettings,
    }),
  };
}

/**
 * The API key with `prefix`, what checking it needs (hash, revocation, expiry) and what it may do
 * (role, scopes, groups); or null.
 */
export function findApiKeyByPrefix(db: Db, prefix: string) {
  return db.apiKey.findUnique({
    where: { prefix },
    select: {
      id: true,
      organizationId: true,
      name: true,
      role: true,
      scopes: true,
      groupIds: true,
      keyHash: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
    },
  });
}

/**
 * Sets the key's `lastUsedAt` to the database's now unless it was set within the last minute
 * (the condition also settles concurrent requests: one of them writes).
 */
export async function touchApiKeyLastUsed(db: Db, id: string): Promise<void> {
  await db.$executeRaw`
          UPDATE api_keys SET "lastUsedAt" = now()
          WHERE id = ${id}::uuid
            AND ("lastUsedAt" IS NULL OR "lastUsedAt" < now() - interval '1 minute')`;
}
