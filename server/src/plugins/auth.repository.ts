/**
 * What authentication reads and writes (auth.ts): the signed-in user's row, and an API key by
 * its prefix with the time it was last used.
 */
import type { Db } from '../lib/db.js';

/** The user `id` with the columns authentication needs; null if there is none. */
export function findAuthUserRow(db: Db, id: string) {
  return db.user.findUnique({
    where: { id },
    select: {
      id: true,
      organizationId: true,
      role: true,
      name: true,
      email: true,
      isActive: true,
    },
  });
}

/** The API key with `prefix` and what checking it needs (hash, revocation, expiry); or null. */
export function findApiKeyByPrefix(db: Db, prefix: string) {
  return db.apiKey.findUnique({
    where: { prefix },
    select: {
      id: true,
      organizationId: true,
      name: true,
      role: true,
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
