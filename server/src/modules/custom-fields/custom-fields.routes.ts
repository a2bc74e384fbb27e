/**
 * Custom field routes (docs/product.md "Custom fields"; docs/api.md "Custom fields"). Thin: a
 * schema, the role checks as hooks and one service call each; the rules live in
 * custom-fields.service.ts.
 * - `GET /api/custom-fields`: everyone signed in to the organization (customers get the
 *   customer-visible fields, for the portal's create form) and API keys with `tickets:read`.
 * - `POST`, `PATCH`, `DELETE`: admins, and API keys with the `admin` scope.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import type { CustomFieldsService } from './custom-fields.service.js';
import {
  CreateCustomFieldBodySchema,
  CustomFieldIdParamsSchema,
  CustomFieldListSchema,
  CustomFieldSchema,
  UpdateCustomFieldBodySchema,
} from './custom-fields.schemas.js';

/** Registers the custom field routes; `customFields` is createCustomFieldsService(deps). */
export const customFieldsRoutes: FastifyPluginAsyncZod<{
  customFields: CustomFieldsService;
}> = async (app, { customFields }) => {
  // Credentials first (401), then the role (403), then the request's shape (400).
  app.addHook('onRequest', app.authenticate);
  const adminOnly = [app.requireRole('ADMIN')];

  /**
   * GET /api/custom-fields — `{data: [customField]}` by position then key: every definition for
   * staff and API keys, the customer-visible ones for customers.
   */
  app.get(
    '/api/custom-fields',
    {
      schema: {
        tags: ['admin'],
        summary: 'List custom fields',
        description:
          'The organization’s custom ticket fields. Customers get only those visible to customers.',
        response: { 200: CustomFieldListSchema, ...commonProblems },
      },
    },
    async (request) => customFields.list(principalOf(request)),
  );

  /**
   * POST /api/custom-fields — `{key, label: {en, fr}, type, options?, required, customerVisible,
   * customerEditable, position?}` → 201 definition with `Location`. 400 invalid fields, 403 not
   * an admin, 409 `custom_field_exists` (key taken) or `custom_field_limit` (50 reached).
   */
  app.post(
    '/api/custom-fields',
    {
      preValidation: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Create a custom field',
        body: CreateCustomFieldBodySchema,
        response: { 201: CustomFieldSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const field = await customFields.create(principalOf(request), request.body);
      return reply.code(201).header('Location', `/api/custom-fields/${field.id}`).send(field);
    },
  );

  /**
   * PATCH /api/custom-fields/:id — any of the create fields → 200 definition. `key` and `type`
   * cannot change (400 naming the field). 404 not in the organization. Admins only.
   */
  app.patch(
    '/api/custom-fields/:id',
    {
      preValidation: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Update a custom field',
        params: CustomFieldIdParamsSchema,
        body: UpdateCustomFieldBodySchema,
        response: { 200: CustomFieldSchema, ...commonProblems },
      },
    },
    async (request) => customFields.update(principalOf(request), request.params.id, request.body),
  );

  /**
   * DELETE /api/custom-fields/:id — 204; values stored on tickets stay. 404 not in the
   * organization. Admins only.
   */
  app.delete(
    '/api/custom-fields/:id',
    {
      preValidation: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Delete a custom field',
        params: CustomFieldIdParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await customFields.remove(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
