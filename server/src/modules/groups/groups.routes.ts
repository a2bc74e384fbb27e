/**
 * Group, availability and suggested-agent routes (docs/api.md "Groups and routing"). Thin: a
 * schema, the role checks as hooks (credentials 401, then role 403, then the request's shape 400)
 * and one service call each; the rules live in groups.service.ts and routing.ts.
 * - `GET /api/groups`, `GET /api/groups/:id`: agents, admins and API keys (restricted staff: their
 *   groups only); customers 403.
 * - `POST`, `PATCH`, `DELETE /api/groups…`: a signed-in ADMIN (API keys never manage groups).
 * - `GET`/`PUT /api/me/availability`: a signed-in agent or admin.
 * - `GET /api/tickets/:id/suggested-agents`: agents, admins and API keys who see the ticket.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import type { GroupsService } from './groups.service.js';
import {
  AvailabilityAnswerSchema,
  AvailabilityBodySchema,
  CreateGroupBodySchema,
  GroupIdParamsSchema,
  GroupListSchema,
  GroupSchema,
  SuggestedAgentListSchema,
  UpdateGroupBodySchema,
} from './groups.schemas.js';

/** Registers the group routes; `groups` is createGroupsService(deps). */
export const groupsRoutes: FastifyPluginAsyncZod<{ groups: GroupsService }> = async (
  app,
  { groups },
) => {
  app.addHook('onRequest', app.authenticate);
  const staff = [app.requireRole('ADMIN', 'AGENT')];
  const adminOnly = [app.requireUser, app.requireRole('ADMIN')];
  const signedInStaff = [app.requireUser, app.requireRole('ADMIN', 'AGENT')];

  /** GET /api/groups — `{data: [group]}` by name, each with members (load, availability) and `queued`. */
  app.get(
    '/api/groups',
    {
      preValidation: staff,
      schema: {
        tags: ['groups'],
        summary: 'List groups',
        description:
          'The organization’s groups (teams) with their routing mode, members (capacity, skills, availability, open tickets) and how many tickets wait in their queue. Staff restricted to groups see theirs.',
        response: { 200: GroupListSchema, ...commonProblems },
      },
    },
    async (request) => groups.list(principalOf(request)),
  );

  /**
   * POST /api/groups — `{name (1–100), description?, routing?, weightByPriority?, returnOnAway?,
   * skillRules?, members?: [{userId, capacity?, skills?}]}` → 201 group with `Location`.
   * 400 invalid fields (`members.N.userId` not an active agent), 409 `group_exists`. Admins only.
   */
  app.post(
    '/api/groups',
    {
      preValidation: adminOnly,
      schema: {
        tags: ['groups'],
        summary: 'Create a group',
        body: CreateGroupBodySchema,
        response: { 201: GroupSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const group = await groups.create(principalOf(request), request.body);
      return reply.code(201).header('Location', `/api/groups/${group.id}`).send(group);
    },
  );

  /** GET /api/groups/:id — the group. 404 not in the organization (or not the caller's). */
  app.get(
    '/api/groups/:id',
    {
      preValidation: staff,
      schema: {
        tags: ['groups'],
        summary: 'Get a group',
        params: GroupIdParamsSchema,
        response: { 200: GroupSchema, ...commonProblems },
      },
    },
    async (request) => groups.get(principalOf(request), request.params.id),
  );

  /**
   * PATCH /api/groups/:id — any field of the create; `members` replaces the list → 200 group.
   * A routed group's queue moves at once if members, capacity or mode allow. Admins only.
   */
  app.patch(
    '/api/groups/:id',
    {
      preValidation: adminOnly,
      schema: {
        tags: ['groups'],
        summary: 'Update a group',
        params: GroupIdParamsSchema,
        body: UpdateGroupBodySchema,
        response: { 200: GroupSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request) => groups.update(principalOf(request), request.params.id, request.body),
  );

  /** DELETE /api/groups/:id — 204; its tickets keep no group. Admins only. */
  app.delete(
    '/api/groups/:id',
    {
      preValidation: adminOnly,
      schema: {
        tags: ['groups'],
        operationId: 'deleteGroup',
        summary: 'Delete a group',
        params: GroupIdParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await groups.remove(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  /** GET /api/me/availability — `{status: available|away}` of the signed-in agent or admin. */
  app.get(
    '/api/me/availability',
    {
      preValidation: signedInStaff,
      schema: {
        tags: ['groups'],
        summary: 'Get my availability',
        response: { 200: AvailabilityAnswerSchema, ...commonProblems },
      },
    },
    async (request) => groups.getAvailability(principalOf(request)),
  );

  /**
   * PUT /api/me/availability — `{status: available|away}` → 200 `{status}`. Away: routing gives
   * the caller nothing, and groups with `returnOnAway` take back their open tickets (activity
   * rows, actor system); available: the caller's groups' queues move.
   */
  app.put(
    '/api/me/availability',
    {
      preValidation: signedInStaff,
      schema: {
        tags: ['groups'],
        summary: 'Set my availability',
        body: AvailabilityBodySchema,
        response: { 200: AvailabilityAnswerSchema, ...commonProblems },
      },
    },
    async (request) => groups.setAvailability(principalOf(request), request.body.status),
  );

  /**
   * GET /api/tickets/:id/suggested-agents — `{requiredSkills, data: [{agent, group, availability,
   * matchedSkills, missingSkills, openTickets, capacity, eligible, reason}]}`, best first.
   * 404 a ticket the caller does not see.
   */
  app.get(
    '/api/tickets/:id/suggested-agents',
    {
      preValidation: staff,
      schema: {
        tags: ['tickets', 'groups'],
        summary: 'Suggest agents for a ticket',
        description:
          'The members of the ticket’s group (no group: of every group) who could take it, eligible ones first (available, under capacity, with every required skill), then by skills matched and by load, each with the reason, e.g. "skills anxiety, lang:fr; 2 open tickets".',
        params: z.strictObject({ id: z.string().max(64) }),
        response: { 200: SuggestedAgentListSchema, ...commonProblems },
      },
    },
    async (request) => groups.suggestAgents(principalOf(request), request.params.id),
  );
};
