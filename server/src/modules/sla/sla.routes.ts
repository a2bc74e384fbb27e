/**
 * SLA routes (docs/api.md "SLA"; docs/product.md roles table "manage SLA": admins, never API
 * keys). Thin: a schema, the role checks as hooks (credentials 401, then role 403, then the
 * request's shape 400) and one service call each; the rules live in sla.service.ts.
 * - `/api/business-hours` and `/api/sla-policies` (list, create, read, update, delete): a
 *   signed-in ADMIN.
 * - `GET /api/tickets/:id/sla`: agents, admins and staff API keys (customers 403: SLA internals
 *   are never shown to them).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { TicketIdParamsSchema } from '../tickets/tickets.schemas.js';
import type { SlaService } from './sla.service.js';
import {
  BusinessHoursListSchema,
  BusinessHoursSchema,
  CreateBusinessHoursBodySchema,
  CreateSlaPolicyBodySchema,
  SlaPolicyListSchema,
  SlaPolicySchema,
  TicketSlaExplanationSchema,
  UpdateBusinessHoursBodySchema,
  UpdateSlaPolicyBodySchema,
} from './sla.schemas.js';

const IdParams = z.object({ id: z.string().min(1).max(64) });

/** Registers the SLA routes; `sla` is createSlaService(deps). */
export const slaRoutes: FastifyPluginAsyncZod<{ sla: SlaService }> = async (app, { sla }) => {
  app.addHook('onRequest', app.authenticate);
  const adminOnly = [app.requireUser, app.requireRole('ADMIN')];
  const admin = { tags: ['admin', 'sla'] };

  /** GET /api/business-hours — `{data: [business hours]}` by name. Admins only. */
  app.get(
    '/api/business-hours',
    {
      preValidation: adminOnly,
      schema: {
        ...admin,
        operationId: 'listBusinessHours',
        summary: 'List business hours',
        response: { 200: BusinessHoursListSchema, ...commonProblems },
      },
    },
    async (request) => sla.listBusinessHours(principalOf(request)),
  );

  /**
   * POST /api/business-hours — `{name, timeZone (IANA), intervals [{day, start, end}] (1–70),
   * holidays [{date, name}] (≤ 400)}` → 201 with `Location`. 400 naming the field (unknown zone,
   * HH:MM, start ≥ end, overlapping intervals of a day, impossible date), 409
   * `business_hours_exists`. Admins only.
   */
  app.post(
    '/api/business-hours',
    {
      preValidation: adminOnly,
      schema: {
        ...admin,
        operationId: 'createBusinessHours',
        summary: 'Create business hours',
        body: CreateBusinessHoursBodySchema,
        response: { 201: BusinessHoursSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const created = await sla.createBusinessHours(principalOf(request), request.body);
      return reply.code(201).header('Location', `/api/business-hours/${created.id}`).send(created);
    },
  );

  /** GET /api/business-hours/:id — 200, 404 not in the organization. Admins only. */
  app.get(
    '/api/business-hours/:id',
    {
      preValidation: adminOnly,
      schema: {
        ...admin,
        operationId: 'getBusinessHours',
        summary: 'Get business hours',
        params: IdParams,
        response: { 200: BusinessHoursSchema, ...commonProblems },
      },
    },
    async (request) => sla.getBusinessHours(principalOf(request), request.params.id),
  );

  /**
   * PATCH /api/business-hours/:id — any field of the create body → 200. The running SLA clocks
   * of tickets under policies counting in these hours move with them (docs/product.md "SLA").
   * 400, 404, 409 as create. Admins only.
   */
  app.patch(
    '/api/business-hours/:id',
    {
      preValidation: adminOnly,
      schema: {
        ...admin,
        operationId: 'updateBusinessHours',
        summary: 'Update business hours',
        params: IdParams,
        body: UpdateBusinessHoursBodySchema,
        response: { 200: BusinessHoursSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request) =>
      sla.updateBusinessHours(principalOf(request), request.params.id, request.body),
  );

  /**
   * DELETE /api/business-hours/:id — 204; 409 `business_hours_in_use` while a policy counts in
   * them; 404. Admins only.
   */
  app.delete(
    '/api/business-hours/:id',
    {
      preValidation: adminOnly,
      schema: {
        ...admin,
        operationId: 'deleteBusinessHours',
        summary: 'Delete business hours',
        params: IdParams,
        response: { 204: z.null().describe('Deleted'), ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      await sla.deleteBusinessHours(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  /** GET /api/sla-policies — `{data: [policy]}` in the order they are tried. Admins only. */
  app.get(
    '/api/sla-policies',
    {
      preValidation: adminOnly,
      schema: {
        ...admin,
        operationId: 'listSlaPolicies',
        summary: 'List SLA policies',
        description:
          'In the order they are tried (position, then creation): the first active policy whose conditions match a ticket applies.',
        response: { 200: SlaPolicyListSchema, ...commonProblems },
      },
    },
    async (request) => sla.listPolicies(principalOf(request)),
  );

  /**
   * POST /api/sla-policies — CreateSlaPolicyBody → 201 with `Location`. 400 naming the field
   * (bounds; `businessHoursId` or a category not the organization's). Admins only.
   */
  app.post(
    '/api/sla-policies',
    {
      preValidation: adminOnly,
      schema: {
        ...admin,
        operationId: 'createSlaPolicy',
        summary: 'Create an SLA policy',
        body: CreateSlaPolicyBodySchema,
        response: { 201: SlaPolicySchema, ...commonProblems },
      },
    },
    async (request, reply) => {
      const created = await sla.createPolicy(principalOf(request), request.body);
      return reply.code(201).header('Location', `/api/sla-policies/${created.id}`).send(created);
    },
  );

  /** GET /api/sla-policies/:id — 200, 404. Admins only. */
  app.get(
    '/api/sla-policies/:id',
    {
      preValidation: adminOnly,
      schema: {
        ...admin,
        operationId: 'getSlaPolicy',
        summary: 'Get an SLA policy',
        params: IdParams,
        response: { 200: SlaPolicySchema, ...commonProblems },
      },
    },
    async (request) => sla.getPolicy(principalOf(request), request.params.id),
  );

  /**
   * PATCH /api/sla-policies/:id — any field of the create body → 200. Changed targets, pause
   * statuses, warning or schedule move the running clocks of its tickets (time used kept).
   * 400, 404. Admins only.
   */
  app.patch(
    '/api/sla-policies/:id',
    {
      preValidation: adminOnly,
      schema: {
        ...admin,
        operationId: 'updateSlaPolicy',
        summary: 'Update an SLA policy',
        params: IdParams,
        body: UpdateSlaPolicyBodySchema,
        response: { 200: SlaPolicySchema, ...commonProblems },
      },
    },
    async (request) => sla.updatePolicy(principalOf(request), request.params.id, request.body),
  );

  /** DELETE /api/sla-policies/:id — 204, 404. Admins only. */
  app.delete(
    '/api/sla-policies/:id',
    {
      preValidation: adminOnly,
      schema: {
        ...admin,
        operationId: 'deleteSlaPolicy',
        summary: 'Delete an SLA policy',
        params: IdParams,
        response: { 204: z.null().describe('Deleted'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await sla.deletePolicy(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  /**
   * GET /api/tickets/:id/sla — TicketSlaExplanation: the policy applied, its schedule, and each
   * target (every cycle) with the stretches its clock counted or paused and why. 404 not
   * visible. Agents, admins and staff API keys.
   */
  app.get(
    '/api/tickets/:id/sla',
    {
      preValidation: [app.requireRole('AGENT', 'ADMIN')],
      schema: {
        tags: ['tickets', 'sla'],
        operationId: 'explainTicketSla',
        summary: "Explain a ticket's SLA",
        params: TicketIdParamsSchema,
        response: { 200: TicketSlaExplanationSchema, ...commonProblems },
      },
    },
    async (request) => sla.explainTicket(principalOf(request), request.params.id),
  );
};
