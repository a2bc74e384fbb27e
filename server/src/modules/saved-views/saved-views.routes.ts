/**
 * Saved-view routes (docs/product.md "Views"). Thin: a schema, the role checks as hooks
 * (credentials 401, then a signed-in agent or admin 403: customers and API keys have no views —
 * lib/api-key-scopes.ts refuses keys), then one service call; the rules live in
 * saved-views.service.ts. A view the caller does not see is 404; a shared view an agent sees
 * but may not change is 403.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import type { SavedViewsService } from './saved-views.service.js';
import {
  BuiltInViewListSchema,
  CreateSavedViewBodySchema,
  SavedViewCountsSchema,
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

  /**
   * GET /api/saved-views — `{data: [view]}`: the views the caller sees (their personal ones, the
   * organization's shared ones, their groups' ones; admins every group's), by name.
   */
  app.get(
    '/api/saved-views',
    {
      schema: {
        tags: ['tickets'],
        summary: 'List my saved views',
        description:
          'The saved ticket-list views the signed-in agent or admin sees (filters as GET /api/tickets query parameters): their personal views and the views shared with the organization or with a group they are a member of (admins: every group), by name.',
        response: { 200: SavedViewListSchema, ...commonProblems },
      },
    },
    async (request) => savedViews.list(principalOf(request)),
  );

  /**
   * GET /api/saved-views/built-in — `{data: [{id: "builtin:<key>", key, name, filters, columns}]}`:
   * the views defined in code (built-in-views.ts), filters as of now.
   */
  app.get(
    '/api/saved-views/built-in',
    {
      schema: {
        tags: ['tickets'],
        operationId: 'listBuiltInViews',
        summary: 'List the built-in views',
        description:
          'My open, Unassigned, All unsolved, Waiting on customer, Recently solved (RESOLVED or CLOSED, updated in the last 7 days): GET /api/tickets filters.',
        response: { 200: BuiltInViewListSchema, ...commonProblems },
      },
    },
    async (request) => savedViews.builtIn(principalOf(request)),
  );

  /**
   * GET /api/saved-views/counts — `{data: [{viewId, count, capped}]}` for every view the caller
   * sees, built-in first: the tickets its list would show the caller, counted up to 1000
   * (`capped`: more). 503 `counts_timeout` when a view's search is too slow to count.
   */
  app.get(
    '/api/saved-views/counts',
    {
      schema: {
        tags: ['tickets'],
        operationId: 'countSavedViewTickets',
        summary: 'Count the tickets of my views',
        description:
          'For each built-in and saved view the caller sees, how many tickets GET /api/tickets would list for them with its filters, counted up to 1000; `capped: true` means more than `count`.',
        response: { 200: SavedViewCountsSchema, ...commonProblems, 503: ProblemSchema },
      },
    },
    async (request) => savedViews.counts(principalOf(request)),
  );

  /**
   * POST /api/saved-views — `{name (1–80), filters, visibility?, groupId?, columns?}` → 201 view
   * with `Location`. 400 invalid name, filter (`errors[].path` e.g. `filters.status`), column or
   * group; 403 an agent sharing (visibility other than personal); 409 `saved_view_exists` (same
   * name in any case among the creator's views) or `too_many_saved_views`.
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
   * PATCH /api/saved-views/:id — `{name?, filters?, columns?, visibility?, groupId?}` (filters and
   * columns replace the old ones) → 200 view. 404 a view the caller does not see, 403 a shared
   * view for an agent, 409 `saved_view_exists`.
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

  /** DELETE /api/saved-views/:id — 204; 404 a view the caller does not see, 403 shared (agents). */
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
