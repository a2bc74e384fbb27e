/**
 * The `api_keys` table (docs/decisions/0005-repositories.md): each function takes the client or
 * a transaction client first and returns rows, `null` for a key that is not there; the rules
 * (who creates, expiry, the secret shown once) are api-keys.service.ts's.
 */
import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../lib/db.js';
import type { Role } from '../../lib/domain.js';

const apiKeySelect = {
  id: true,
  name: true,
  prefix: true,
  role: true,
  scopes: true,
  groupIds: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { id: true, name: true } },
} satisfies Prisma.ApiKeySelect;
/** A key as admins see it (with its creator): never the hash. */
export type ApiKeyRow = Prisma.ApiKeyGetPayload<{ select: typeof apiKeySelect }>;

/** A new key's columns: only the SHA-256 of its secret is stored. */
export interface NewApiKey {
  organizationId: string;
  name: string;
  /** The role it was made with; null for a key made with scopes. */
  role: Role | null;
  scopes: string[];
  /** Its groups (ids of `groups` of the organization); empty: every ticket. */
  groupIds: string[];
  prefix: string;
  keyHash: string;
  expiresAt: Date | null;
  createdById: string | null;
}

/** Inserts a key. Throws the database's unique violation when the prefix or hash is taken. */
export function insertApiKey(db: Db, key: NewApiKey): Promise<ApiKeyRow> {
  return db.apiKey.create({ data: key, select: apiKeySelect });
}

/** The keys of `organizationId`, newest first (then by id), revoked ones included. */
export function listApiKeys(db: Db, organizationId: string): Promise<ApiKeyRow[]> {
  return db.apiKey.findMany({
    where: { organizationId },
    select: apiKeySelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
}

/** The id, name and prefix of the key `id` (already lower-cased) of `organizationId`, or null. */
export function findApiKeyIdInOrganization(
  db: Db,
  organizationId: string,
  id: string,
): Promise<{ id: string; name: string; prefix: string } | null> {
  return db.apiKey.findFirst({
    where: { id, organizationId },
    select: { id: true, name: true, prefix: true },
  });
}

/**
 * Sets `revokedAt` of the key `id` to `at` unless it is revoked already (the first one stays);
 * whether it did.
 */
export async function revokeApiKey(db: Db, id: string, at: Date): Promise<boolean> {
  const { count } = await db.apiKey.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: at },
  });
  return count > 0;
}

/** Which of `ids` (lower-case uuids) are groups of `organizationId`. */
export async function findGroupIdsInOrganization(
  db: Db,
  organizationId: string,
  ids: string[],
): Promise<Set<string>> {
  const rows = await db.group.findMany({
    where: { organizationId, id: { in: ids } },
    select: { id: true },
  });
  return new Set(rows.map((row) => row.id));
}
