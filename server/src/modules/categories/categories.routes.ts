/**
 * Category routes (docs/product.md roles table "manage … categories": admins, never API keys). Thin: a
 * schema, the role checks as hooks (credentials, then role, then the request's shape) and one
 * service call each; the rules live in categories.service.ts.
 * - `GET /api/categories`: everyone signed in to the organization (customers need the list for the
 *   portal's create form) and API keys; `includeInactive=true` for staff only.
 * - `POST`, `PATCH`, `DELETE`: a signed-in ADMIN (agents and customers 403, API keys 403).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import type { CategoriesService } from './categories.service.js';
import {
  CategoryIdParamsSchema,
  CategoryListSchema,
  CategorySchema,
  CreateCategoryBodySchema,
  ListCategoriesQuerySchema,
  UpdateCategoryBodySchema,
} from './categories.schemas.js';

/** Registers the category routes; `categories` is createCategoriesService(deps). */
export const categoriesRoutes: FastifyPluginAsyncZod<{ categories: CategoriesService }> = async (
  app,
  { categories },
) => {
  // Credentials first (401), then the role (403), then the request's shape (400).
  app.addHook('onRequest', app.authenticate);
  const adminOnly = [app.requireUser, app.requireRole('ADMIN')];

  /**
   * GET /api/categories — `{data: [category]}` by name, active only; `includeInactive=true` adds
   * deactivated ones for agents, admins and API keys (a customer asking gets 403).
   */
  app.get(
    '/api/categories',
    {
      schema: {
        tags: ['admin'],
        summary: 'List categories',
        description:
          'The organization’s ticket categories, for every signed-in user (customers pick one when creating a ticket).',
        querystring: ListCategoriesQuerySchema,
        response: { 200: CategoryListSchema, ...commonProblems },
      },
    },
    async (request) => categories.list(principalOf(request), request.query),
  );

  /**
   * POST /api/categories — `{name (1–100), description?}` → 201 category with `Location`.
   * 400 invalid fields, 403 not a signed-in admin, 409 `category_exists` (same name, any case).
   */
  app.post(
    '/api/categories',
    {
      preValidation: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Create a category',
        body: CreateCategoryBodySchema,
        response: { 201: CategorySchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const category = await categories.create(principalOf(request), request.body);
      return reply.code(201).header('Location', `/api/categories/${category.id}`).send(category);
    },
  );

  /**
   * PATCH /api/categories/:id — any of `{name, description, isActive}` → 200 category.
   * 404 not in the organization, 409 `category_exists`. Admins only.
   */
  app.patch(
    '/api/categories/:id',
    {
      preValidation: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Update a category',
        params: CategoryIdParamsSchema,
        body: UpdateCategoryBodySchema,
        response: { 200: CategorySchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request) => categories.update(principalOf(request), request.params.id, request.body),
  );

  /**
   * DELETE /api/categories/:id — deactivates the category (204); tickets keep it.
   * 404 not in the organization. Admins only.
   */
  app.delete(
    '/api/categories/:id',
    {
      preValidation: adminOnly,
      schema: {
        tags: ['admin'],
        operationId: 'deactivateCategory',
        summary: 'Deactivate a category',
        params: CategoryIdParamsSchema,
        response: { 204: z.null().describe('Deactivated'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await categories.deactivate(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
