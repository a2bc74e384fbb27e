/**
 * The signed-in person's own routes (docs/product.md "Profile", "Unread markers"): thin, a schema
 * and one service call each. API keys are refused (lib/api-key-scopes.ts: `/api/me` is a
 * person's; `…/seen` names its scope `none` here): a key is not a person.
 * - `GET|PATCH /api/me`: anyone signed in (customers included).
 * - `POST /api/tickets/:id/seen`: agents and admins.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { TicketIdParamsSchema } from '../tickets/tickets.schemas.js';
import type { MeService } from './me.service.js';
import { ProfileSchema, UpdateProfileBodySchema } from './me.schemas.js';

/** Registers the profile routes; `me` is createMeService(deps). */
export const meRoutes: FastifyPluginAsyncZod<{ me: MeService }> = async (app, { me }) => {
  // Credentials first (401), then person and role (403), then the request's shape (400).
  app.addHook('onRequest', app.authenticate);

  /**
   * GET /api/me — `{id, name, email, role, locale, timeZone, signature, theme}` of the signed-in
   * user (customers too; their `signature` is null). 401 without a token, 403 for an API key.
   */
  app.get(
    '/api/me',
    {
      preValidation: app.requireUser,
      schema: {
        tags: ['auth'],
        operationId: 'getProfile',
        summary: 'My profile',
        response: { 200: ProfileSchema, ...commonProblems },
      },
    },
    async (request) => me.get(principalOf(request)),
  );

  /**
   * PATCH /api/me — any of `{name, locale ("en"|"fr-CA"), timeZone (IANA), signature (staff,
   * Markdown ≤ 2,000 characters, null removes it), theme ("system"|"light"|"dark")}` → 200 the
   * profile. 400 naming the field at fault (an unknown field too), 403 a customer's `signature`
   * or an API key. Takes effect at once: the user's cached row is dropped (plugins/auth.ts).
   */
  app.patch(
    '/api/me',
    {
      preValidation: app.requireUser,
      schema: {
        tags: ['auth'],
        operationId: 'updateProfile',
        summary: 'Change my profile',
        body: UpdateProfileBodySchema,
        response: { 200: ProfileSchema, ...commonProblems },
      },
    },
    async (request) => me.update(principalOf(request), request.body),
  );

  /**
   * POST /api/tickets/:id/seen — the signed-in person has opened the ticket (the ticket page and
   * the portal's ticket page call it): 204, and the ticket is no longer unread for them until the
   * other side acts again. 404 a ticket they may not see (a customer: not theirs); API keys 403.
   */
  app.post(
    '/api/tickets/:id/seen',
    {
      config: { scope: 'none', apiKeyDetail: 'An API key is not a person and reads nothing' },
      preValidation: [app.requireUser],
      schema: {
        tags: ['tickets'],
        operationId: 'markTicketSeen',
        summary: 'Mark a ticket as seen',
        description:
          'Clears the unread marker of the ticket for the caller (docs/product.md "Unread markers").',
        params: TicketIdParamsSchema,
        response: { 204: z.null().describe('Seen'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await me.markSeen(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
