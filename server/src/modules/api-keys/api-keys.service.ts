/**
 * API keys (docs/product.md "REST API conventions" and roles table; lib/api-key.ts for the format and
 * hashing; plugins/auth.ts for authenticating with them).
 * - Created by a signed-in admin with a name, its scopes (lib/api-key-scopes.ts) or a role (ADMIN
 *   or AGENT: that role's scopes are stored, and the role kept), optionally groups of the
 *   organization it is limited to and an expiry; the secret is returned once and only its SHA-256
 *   is stored.
 * - Listed without secret or hash; revoked (not deleted, so the audit trail keeps its name) with
 *   immediate effect: the auth plugin reads `revokedAt` on every request.
 * Every query is scoped by the caller's organization: another organization's key is 404.
 * Creating and revoking are recorded in the organization activity log (docs/product.md "Audit
 * trail"), in the change's transaction.
 */
import { generateApiKey } from '../../lib/api-key.js';
import { ROLE_SCOPES, isApiKeyScope, type ApiKeyScope } from '../../lib/api-key-scopes.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { isUuid } from '../../lib/cursor.js';
import type { PrismaClient } from '../../lib/db.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { userIdOf, type Principal } from '../../lib/principal.js';
import { activityActorOf, recordOrganizationActivity } from '../organization-activity/index.js';
import type { ApiKey, ApiKeyList, CreateApiKeyInput, CreatedApiKey } from './api-keys.schemas.js';
import {
  findApiKeyIdInOrganization,
  findGroupIdsInOrganization,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  type ApiKeyRow,
} from './api-keys.repository.js';
import { isoInstantOrNull } from '../../lib/iso-instant.js';

/**
 * The API shape of a key: never the hash, never the secret. `role` is the one it was made with
 * (null for a key made with scopes); `scopes` the known ones stored, or its role's when none are
 * (a role key stored before scopes), as the auth plugin reads them.
 */
export function toApiKey(row: ApiKeyRow): ApiKey {
  // Keys are created ADMIN or AGENT only (the schema refuses CUSTOMER).
  const role = row.role === 'ADMIN' || row.role === 'AGENT' ? row.role : null;
  const stored = row.scopes.filter(isApiKeyScope);
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role,
    scopes: stored.length > 0 || !role ? stored : [...ROLE_SCOPES[role]],
    groupIds: row.groupIds,
    createdAt: row.createdAt.toISOString(),
    expiresAt: isoInstantOrNull(row.expiresAt),
    lastUsedAt: isoInstantOrNull(row.lastUsedAt),
    revokedAt: isoInstantOrNull(row.revokedAt),
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
   * (`dk_<prefix>_<secret>`), the only time the secret is ever shown. `input` has `scopes` or a
   * `role` (the schema sees to it): a role stores that role's scopes and keeps the role.
   * @throws ValidationError (path `expiresAt`) for an expiry that is not in the future, (path
   * `groupIds.<n>`) for an id that is not a group of the organization.
   */
  async function create(principal: Principal, input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new ValidationError('expiresAt must be in the future', [
        { path: 'expiresAt', message: 'must be in the future' },
      ]);
    }
    const role = input.scopes ? null : (input.role ?? null);
    const scopes: ApiKeyScope[] = [
      ...new Set(input.scopes ?? (input.role ? ROLE_SCOPES[input.role] : [])),
    ];
    const requestedGroups = (input.groupIds ?? []).map((id) => id.toLowerCase());
    const groupIds = [...new Set(requestedGroups)];
    if (groupIds.length > 0) {
      const known = await findGroupIdsInOrganization(prisma, principal.organizationId, groupIds);
      const unknown = requestedGroups.flatMap((id, index) =>
        known.has(id)
          ? []
          : [{ path: `groupIds.${index}`, message: 'not a group of this organization' }],
      );
      if (unknown.length > 0) {
        throw new ValidationError('groupIds must be groups of this organization', unknown);
      }
    }
    for (let attempt = 1; ; attempt++) {
      const generated = generateApiKey();
      try {
        const row = await prisma.$transaction(async (tx) => {
          const inserted = await insertApiKey(tx, {
            organizationId: principal.organizationId,
            name: input.name,
            role,
            scopes,
            groupIds,
            prefix: generated.prefix,
            keyHash: generated.keyHash,
            expiresAt,
            createdById: userIdOf(principal),
          });
          await recordOrganizationActivity(tx, {
            ...activityActorOf(principal),
            type: 'api_key.created',
            data: { apiKeyId: inserted.id, name: inserted.name, prefix: inserted.prefix },
            after: { ...toApiKey(inserted) },
          });
          return inserted;
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
   * first `revokedAt` and records nothing. @throws NotFoundError for a key of another organization or none.
   */
  async function revoke(principal: Principal, id: string): Promise<void> {
    if (!isUuid(id)) throw new NotFoundError('API key');
    const key = await findApiKeyIdInOrganization(
      prisma,
      principal.organizationId,
      id.toLowerCase(),
    );
    if (!key) throw new NotFoundError('API key');
    await prisma.$transaction(async (tx) => {
      if (!(await revokeApiKey(tx, key.id, new Date()))) return;
      await recordOrganizationActivity(tx, {
        ...activityActorOf(principal),
        type: 'api_key.revoked',
        data: { apiKeyId: key.id, name: key.name, prefix: key.prefix },
      });
    });
  }

  return { create, list, revoke };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
