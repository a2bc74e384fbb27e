/**
 * Saved-view routes (docs/product.md "Dashboard": saved views). Thin: a schema, the role checks as hooks
 * (credentials 401, then a signed-in agent or admin 403: customers and API keys have no views),
 * then one service call; the rules live in saved-views.service.ts. Owner-only: another user's
 * view is 404.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import type { SavedViewsService } from './saved-views.service.js';
import {
  CreateSavedViewBodySchema,
  SavedViewIdParamsSchema,
  SavedViewListSchema,
  SavedViewSchema,
  UpdateSavedViewBodySchema,
} from './saved-views.schemas.js';

/** Registers the saved-view routes; `savedViews` is createSavedViewsService(deps). */
export const savedViewsRoutes: FastifyPluginAsyncZod<{ savedViews: SavedViewsService }> = async (
  app,
  { savedViews },
) => {
  app.addHook('onRequest', app.authenticate);
  app.addHook('preValidation', app.requireUser);
  app.addHook('preValidation', app.requireRole('AGENT', 'ADMIN'));

  /** GET /api/saved-views — `{data: [view]}`: the caller's own views, by name. */
  app.get(
    '/api/saved-views',
    {
      schema: {
        tags: ['tickets'],
        summary: 'List my saved views',
        description:
          'The signed-in agent’s or admin’s saved ticket-list views (filters as GET /api/tickets query parameters), by name.',
        response: { 200: SavedViewListSchema, ...commonProblems },
      },
    },
    async (request) => savedViews.list(principalOf(request)),
  );

  /**
   * POST /api/saved-views — `{name (1–80), filters}` → 201 view with `Location`. 400 invalid
   * name or filter (`errors[].path` e.g. `filters.status`), 409 `saved_view_exists` (same name in
   * any case) or `too_many_saved_views`.
   */
  app.post(
    '/api/saved-views',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Save a view',
        body: CreateSavedViewBodySchema,
        response: { 201: SavedViewSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const view = await savedViews.create(principalOf(request), request.body);
      return reply.code(201).header('Location', `/api/saved-views/${view.id}`).send(view);
    },
  );

  /**
   * PATCH /api/saved-views/:id — `{name?, filters?}` (filters replace the old ones) → 200 view.
   * 404 not the caller's view, 409 `saved_view_exists`.
   */
  app.patch(
    '/api/saved-views/:id',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Rename or change a saved view',
        params: SavedViewIdParamsSchema,
        body: UpdateSavedViewBodySchema,
        response: { 200: SavedViewSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request) => savedViews.update(principalOf(request), request.params.id, request.body),
  );

  /** DELETE /api/saved-views/:id — 204; 404 not the caller's view. */
  app.delete(
    '/api/saved-views/:id',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Delete a saved view',
        params: SavedViewIdParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await savedViews.remove(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
