/**
 * API keys (docs/product.md "REST API conventions" and roles table; lib/api-key.ts for the format and
 * hashing; plugins/auth.ts for authenticating with them).
 * - Created by a signed-in admin with a name, a role (ADMIN or AGENT) and an optional expiry;
 *   the secret is returned once and only its SHA-256 is stored.
 * - Listed without secret or hash; revoked (not deleted, so the audit trail keeps its name) with
 *   immediate effect: the auth plugin reads `revokedAt` on every request.
 * Every query is scoped by the caller's organization: another organization's key is 404.
 */
import { generateApiKey } from '../../lib/api-key.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { isUuid } from '../../lib/cursor.js';
import type { PrismaClient } from '../../lib/db.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { userIdOf, type Principal } from '../../lib/principal.js';
import type { ApiKey, ApiKeyList, CreateApiKeyInput, CreatedApiKey } from './api-keys.schemas.js';
import {
  findApiKeyIdInOrganization,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  type ApiKeyRow,
} from './api-keys.repository.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The API shape of a key: never the hash, never the secret. */
export function toApiKey(row: ApiKeyRow): ApiKey {
  // Keys are created ADMIN or AGENT only (the schema refuses CUSTOMER).
  const role = row.role === 'ADMIN' ? 'ADMIN' : 'AGENT';
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role,
    createdAt: row.createdAt.toISOString(),
    expiresAt: iso(row.expiresAt),
    lastUsedAt: iso(row.lastUsedAt),
    revokedAt: iso(row.revokedAt),
    createdBy: row.createdBy,
  };
}

/** Prefixes are random (62^8); a collision is retried with a new key this many times. */
const CREATE_ATTEMPTS = 3;

/**
 * The API-keys service: `create` (returns the secret once), `list`, `revoke`, each taking the
 * calling principal (a signed-in admin: the routes' hooks check it) and scoped to its organization.
 */
export function createApiKeysService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  /**
   * Creates a key for the admin's organization and returns it with its secret `key`
   * (`dk_<prefix>_<secret>`), the only time the secret is ever shown.
   * @throws ValidationError (path `expiresAt`) for an expiry that is not in the future.
   */
  async function create(principal: Principal, input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new ValidationError('expiresAt must be in the future', [
        { path: 'expiresAt', message: 'must be in the future' },
      ]);
    }
    for (let attempt = 1; ; attempt++) {
      const generated = generateApiKey();
      try {
        const row = await insertApiKey(prisma, {
          organizationId: principal.organizationId,
          name: input.name,
          role: input.role,
          prefix: generated.prefix,
          keyHash: generated.keyHash,
          expiresAt,
          createdById: userIdOf(principal),
        });
        return { ...toApiKey(row), key: generated.key };
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= CREATE_ATTEMPTS) throw error;
      }
    }
  }

  /** The organization's keys, newest first, revoked ones included (with `revokedAt`). */
  async function list(principal: Principal): Promise<ApiKeyList> {
    const rows = await listApiKeys(prisma, principal.organizationId);
    return { data: rows.map(toApiKey) };
  }

  /**
   * Revokes a key: it stops working at once (next request 401). Revoking a revoked key keeps its
   * first `revokedAt`. @throws NotFoundError for a key of another organization or none.
   */
  async function revoke(principal: Principal, id: string): Promise<void> {
    if (!isUuid(id)) throw new NotFoundError('API key');
    const key = await findApiKeyIdInOrganization(
      prisma,
      principal.organizationId,
      id.toLowerCase(),
    );
    if (!key) throw new NotFoundError('API key');
    await revokeApiKey(prisma, key.id, new Date());
  }

  return { create, list, revoke };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
