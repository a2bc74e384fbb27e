/**
 * User routes (docs/product.md roles table "manage users": admins only, never API keys). Thin: a schema,
 * the role checks as hooks (credentials, then role, then the request's shape), and one service
 * call each; the rules live in users.service.ts.
 * - `GET /api/users`: admins; agents and API keys too, for staff only (`role=AGENT,ADMIN`).
 * - everything else: a signed-in ADMIN (agents and customers 403, API keys 403).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import type { UsersService } from './users.service.js';
import {
  CreateUserBodySchema,
  ListUsersQuerySchema,
  OrganizationUserListSchema,
  OrganizationUserSchema,
  UpdateUserBodySchema,
  UserIdParamsSchema,
} from './users.schemas.js';

/** Registers the user routes; `users` is createUsersService(deps). */
export const usersRoutes: FastifyPluginAsyncZod<{ users: UsersService }> = async (
  app,
  { users },
) => {
  // Credentials first (401), then the role (403), then the request's shape (400).
  app.addHook('onRequest', app.authenticate);
  const adminOnly = [app.requireUser, app.requireRole('ADMIN')];

  /**
   * GET /api/users — the organization's users by name, keyset-paginated `{data, nextCursor}`;
   * filters `role` (comma list), `isActive` (true|false), `q` (name or email contains, any case).
   * Admins see all; agents and API keys only with `role` limited to AGENT/ADMIN (else 403);
   * customers 403.
   */
  app.get(
    '/api/users',
    {
      preValidation: app.requireRole('ADMIN', 'AGENT'),
      schema: {
        tags: ['admin'],
        summary: 'List users',
        description:
          'Admins list every user of their organization. Agents and API keys may list staff only (role=AGENT,ADMIN), e.g. to pick an assignee.',
        querystring: ListUsersQuerySchema,
        response: { 200: OrganizationUserListSchema, ...commonProblems },
      },
    },
    async (request) => users.list(principalOf(request), request.query),
  );

  /**
   * POST /api/users — `{email, name, role, password?, locale?, timeZone?}` → 201 user with
   * `Location`. 400 invalid fields (named in `errors[]`), 403 not a signed-in admin,
   * 409 `email_taken`.
   */
  app.post(
    '/api/users',
    {
      preValidation: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Create a user',
        description:
          'Creates an admin, agent or customer in the caller’s organization. Emails are unique across the deployment. Without a password the user cannot sign in until one is set.',
        body: CreateUserBodySchema,
        response: { 201: OrganizationUserSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const user = await users.create(principalOf(request), request.body);
      return reply.code(201).header('Location', `/api/users/${user.id}`).send(user);
    },
  );

  /** GET /api/users/:id — one user of the organization; 404 for anyone else's. Admins only. */
  app.get(
    '/api/users/:id',
    {
      preValidation: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Get a user',
        params: UserIdParamsSchema,
        response: { 200: OrganizationUserSchema, ...commonProblems },
      },
    },
    async (request) => users.get(principalOf(request), request.params.id),
  );

  /**
   * PATCH /api/users/:id — any of `{name, role, locale, timeZone, isActive, password}` → 200 user.
   * 404 not in the organization; 409 `self_lockout` when an admin demotes or deactivates
   * themselves. Admins only.
   */
  app.patch(
    '/api/users/:id',
    {
      preValidation: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Update a user',
        params: UserIdParamsSchema,
        body: UpdateUserBodySchema,
        response: { 200: OrganizationUserSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request) => users.update(principalOf(request), request.params.id, request.body),
  );

  /**
   * DELETE /api/users/:id — deactivates the user (204); nothing they wrote is removed.
   * 404 not in the organization; 409 `self_lockout` for oneself. Admins only.
   */
  app.delete(
    '/api/users/:id',
    {
      preValidation: adminOnly,
      schema: {
        tags: ['admin'],
        operationId: 'deactivateUser',
        summary: 'Deactivate a user',
        params: UserIdParamsSchema,
        response: { 204: z.null().describe('Deactivated'), ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      await users.deactivate(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
