/**
 * API-key routes (docs/product.md roles table: "manage … API keys" is for admins, and never for an API
 * key — a key cannot mint or revoke keys, whatever its role). Thin: a schema, the role checks as
 * hooks (credentials, then role, then the request's shape) and one service call each; the rules
 * live in api-keys.service.ts.
 * Every route: a signed-in ADMIN; agents and customers 403; any API key 403.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import type { ApiKeysService } from './api-keys.service.js';
import {
  ApiKeyIdParamsSchema,
  ApiKeyListSchema,
  CreateApiKeyBodySchema,
  CreatedApiKeySchema,
} from './api-keys.schemas.js';

/** Registers the API-key routes; `apiKeys` is createApiKeysService(deps). */
export const apiKeysRoutes: FastifyPluginAsyncZod<{ apiKeys: ApiKeysService }> = async (
  app,
  { apiKeys },
) => {
  // Credentials first (401), then the role (403), then the request's shape (400).
  app.addHook('onRequest', app.authenticate);
  app.addHook('preValidation', app.requireUser);
  app.addHook('preValidation', app.requireRole('ADMIN'));

  /**
   * POST /api/api-keys — `{name, scopes: [scope], groupIds?: [uuid], expiresAt?}` or `{name,
   * role: ADMIN|AGENT, expiresAt?}` (that role's scopes; lib/api-key-scopes.ts) → 201 `{id, name,
   * prefix, role, scopes, groupIds, createdAt, expiresAt, lastUsedAt, revokedAt, createdBy, key}`;
   * `key` (`dk_<prefix>_<secret>`) is shown only here. 400 invalid fields: both or neither of
   * role and scopes, an unknown scope (`scopes.N`), a group not of the organization
   * (`groupIds.N`), an expiry in the past.
   */
  app.post(
    '/api/api-keys',
    {
      // The secret is stored nowhere (docs/product.md "REST API conventions"), but Idempotency-Key
      // keeps a POST's answer 24 hours to replay it, which would keep the secret in clear: the
      // header is ignored here, and a retried create makes a second key the admin can revoke.
      config: { idempotency: false },
      schema: {
        tags: ['admin'],
        summary: 'Create an API key',
        description:
          'Creates a key acting with the given scopes (or a role’s: AGENT `tickets:read tickets:write chats:write`, ADMIN all) in the caller’s organization, optionally limited to the tickets of some of its groups. The secret `key` is returned only in this answer; only its SHA-256 is stored. Send it as `Authorization: Bearer <key>`.',
        body: CreateApiKeyBodySchema,
        response: { 201: CreatedApiKeySchema, ...commonProblems },
      },
    },
    async (request, reply) => {
      const created = await apiKeys.create(principalOf(request), request.body);
      return reply.code(201).header('Cache-Control', 'no-store').send(created);
    },
  );

  /**
   * GET /api/api-keys — `{data: [apiKey]}` (with `scopes`, `groupIds`, and `role`: null for a key
   * made with scopes), newest first, revoked included; never a secret or hash.
   */
  app.get(
    '/api/api-keys',
    {
      schema: {
        tags: ['admin'],
        summary: 'List API keys',
        response: { 200: ApiKeyListSchema, ...commonProblems },
      },
    },
    async (request) => apiKeys.list(principalOf(request)),
  );

  /** DELETE /api/api-keys/:id — revokes the key (204); it stops working at once. 404 not in the organization. */
  app.delete(
    '/api/api-keys/:id',
    {
      schema: {
        tags: ['admin'],
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key',
        params: ApiKeyIdParamsSchema,
        response: { 204: z.null().describe('Revoked'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await apiKeys.revoke(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
