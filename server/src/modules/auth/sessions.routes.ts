/**
 * The signed-in person's sessions (docs/product.md "Accounts", docs/api.md "Auth"): thin, a
 * schema and one service call each. A person's own (API keys 403: lib/api-key-scopes.ts, a key
 * has no session); customers included.
 * - `GET /api/me/sessions`: their open sessions, the current one marked.
 * - `POST /api/me/sessions/revoke-all`: "sign out everywhere", this session included.
 * - `DELETE /api/me/sessions/:id`: end one of them.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonProblems } from '../../lib/common.schemas.js';
import { principalOf, sessionIdOf } from '../../plugins/auth.js';
import { SessionIdParamsSchema, SessionListSchema } from './sessions.schemas.js';
import type { SessionsService } from './sessions.service.js';

/** Registers the session routes; `sessions` is createSessionsService(deps). */
export const sessionsRoutes: FastifyPluginAsyncZod<{ sessions: SessionsService }> = async (
  app,
  { sessions },
) => {
  // Credentials first (401), then a person (403), then the request's shape (400).
  app.addHook('onRequest', app.authenticate);
  app.addHook('preValidation', app.requireUser);

  /**
   * GET /api/me/sessions — `{data: [{id, createdAt, lastRefreshedAt, ip, userAgent, current}]}`:
   * the signed-in user's sessions neither ended nor expired, newest first (at most 100);
   * `current` marks the one of this request's access token. 401; 403 for an API key.
   */
  app.get(
    '/api/me/sessions',
    {
      schema: {
        tags: ['auth'],
        operationId: 'listMySessions',
        summary: 'My signed-in sessions',
        response: { 200: SessionListSchema, ...commonProblems },
      },
    },
    async (request) => sessions.list(principalOf(request), sessionIdOf(request)),
  );

  /**
   * POST /api/me/sessions/revoke-all — "sign out everywhere" → 204: every session of the user
   * ends, this one included, and every access token issued before now stops working (at once on
   * this instance, within AUTH_USER_CACHE_SECONDS on others); recorded as
   * `auth.signed_out_everywhere`. 401; 403 for an API key.
   */
  app.post(
    '/api/me/sessions/revoke-all',
    {
      schema: {
        tags: ['auth'],
        operationId: 'revokeAllMySessions',
        summary: 'Sign out everywhere',
        response: { 204: z.null().describe('Every session ended'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await sessions.revokeAll(principalOf(request));
      return reply.code(204).send(null);
    },
  );

  /**
   * DELETE /api/me/sessions/:id — ends one open session of the user → 204 (its access tokens stop
   * working as after a sign-out); recorded as `auth.sessions_revoked`. 404 when it is not one of
   * their open sessions; 401; 403 for an API key.
   */
  app.delete(
    '/api/me/sessions/:id',
    {
      schema: {
        tags: ['auth'],
        operationId: 'revokeMySession',
        summary: 'End one of my sessions',
        params: SessionIdParamsSchema,
        response: { 204: z.null().describe('Session ended'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await sessions.revokeOne(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
