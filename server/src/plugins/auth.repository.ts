/**
 * What authentication reads and writes (auth.ts): the signed-in user's row, and an API key by
 * its prefix with the time it was last used.
 */
import type { Db } from '../lib/db.js';

/**
 * The user `id` with the columns authentication needs, `passwordResetAt` (when their password
 * was last reset through a link, or null), and `groupIds` — the groups a restricted
 * agent sees (null: not restricted); null if there is none.
 */
export async function findAuthUserRow(db: Db, id: string) {
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
      // The last password reset (docs/product.md "Accounts"): tokens issued before it are refused.
      accountTokens: {
        where: { kind: 'password_reset', usedAt: { not: null } },
        orderBy: { usedAt: 'desc' },
        take: 1,
        select: { usedAt: true },
      },
    },
  });
  if (!user) return null;
  const { groupRestricted, accountTokens, ...base } = user;
  const rest = { ...base, passwordResetAt: accountTokens[0]?.usedAt ?? null };
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
