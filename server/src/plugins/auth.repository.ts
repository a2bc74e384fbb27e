/**
 * What authentication reads and writes (auth.ts): the signed-in user's row, and an API key by
 * its prefix with the time it was last used.
 */
import type { Db } from '../lib/db.js';
import { twoFactorEnrolmentRequired } from '../modules/two-factor/index.js';

/** A uuid no session has: the filter of a token without a session matches nothing. */
const NO_SESSION = '00000000-0000-0000-0000-000000000000';

/**
 * The user `id` with the columns authentication needs, `sessionsRevokedAt` (access tokens issued
 * before it are refused: a password reset, "sign out everywhere", a deactivation), `session` —
 * the state of their session `sessionId` (`{revokedAt, expiresAt}`, null when it is not theirs or
 * no `sessionId` was given) read in the same query — and `groupIds` — the groups a restricted
 * agent sees (null: not restricted), and `twoFactorEnrolmentRequired` (their organization
 * requires two-factor sign-in of their role and they have not set it up); null if there is no
 * such user.
 */
export async function findAuthUserRow(db: Db, id: string, sessionId?: string) {
  const user = await db.user.findUnique({
    where: { id },
    select: {
      id: true,
      organizationId: true,
      role: true,
      name: true,
      email: true,
      isActive: true,
      groupRestricted: true,
      // docs/product.md "Accounts": tokens issued before it are refused.
      sessionsRevokedAt: true,
      // Enforced two-factor enrolment (plugins/two-factor-enrolment.ts).
      totpEnabledAt: true,
      organization: { select: { settings: true } },
      // The token's session (docs/product.md "Accounts"): one that ended ends its access tokens.
      sessions: {
        where: { id: sessionId ?? NO_SESSION },
        take: 1,
        select: { revokedAt: true, expiresAt: true },
      },
    },
  });
  if (!user) return null;
  const { groupRestricted, sessions, totpEnabledAt, organization, ...base } = user;
  const rest = {
    ...base,
    session: sessions[0] ?? null,
    twoFactorEnrolmentRequired: twoFactorEnrolmentRequired({
      role: base.role,
      totpEnabledAt,
      organizationSettings: organization.settings,
    }),
  };
  if (!groupRestricted) return { ...rest, groupIds: null };
  // A restricted agent: the groups they see (a second query for them only).
  const memberships = await db.groupMember.findMany({
    where: { userId: id },
    select: { groupId: true },
    orderBy: [{ createdAt: 'asc' }, { groupId: 'asc' }],
  });
  return { ...rest, groupIds: memberships.map((m) => m.groupId) };
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
