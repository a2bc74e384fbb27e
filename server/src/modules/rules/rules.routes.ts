/**
 * Rule routes (docs/api.md "Rules"). `/api/rules*`: signed-in admins only (agents, customers and
 * API keys 403: DECISIONS "API keys never manage … rules"). `/api/tickets/:id/rule-runs`: agents,
 * admins and staff API keys (customers 403: rule internals are never shown to them). Thin: a
 * schema, the role checks as hooks (credentials 401, role 403, then the request's shape 400) and
 * one service call; the rules are rules.service.ts's.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { TicketIdParamsSchema } from '../tickets/tickets.schemas.js';
import type { RulesService } from './rules.service.js';
import {
  CreateRuleBodySchema,
  RuleIdParamsSchema,
  RuleListSchema,
  RuleRunListSchema,
  RuleSchema,
  RuleTestResultSchema,
  TestRuleBodySchema,
  UpdateRuleBodySchema,
} from './rules.schemas.js';

/** Registers the rule routes; `rules` is createRulesService(deps). */
export const rulesRoutes: FastifyPluginAsyncZod<{ rules: RulesService }> = async (
  app,
  { rules },
) => {
  app.addHook('onRequest', app.authenticate);
  const adminOnly = [app.requireUser, app.requireRole('ADMIN')];
  const tags = ['rules'];

  /** GET /api/rules — `{data: [rule]}` in the order they run (position, then creation). */
  app.get(
    '/api/rules',
    {
      preValidation: adminOnly,
      schema: {
        tags,
        operationId: 'listRules',
        summary: 'List rules',
        response: { 200: RuleListSchema, ...commonProblems },
      },
    },
    async (request) => rules.list(principalOf(request)),
  );

  /**
   * POST /api/rules — `{name, event, conditions: {all, any}, actions: [...] (1–20), position?,
   * active? (default false)}` → 201 with `Location`. 400 naming the field (a condition its event
   * cannot have, an unknown placeholder, `assign: "me"`, a macro that is not shared).
   */
  app.post(
    '/api/rules',
    {
      preValidation: adminOnly,
      schema: {
        tags,
        operationId: 'createRule',
        summary: 'Create a rule',
        body: CreateRuleBodySchema,
        response: { 201: RuleSchema, ...commonProblems },
      },
    },
    async (request, reply) => {
      const rule = await rules.create(principalOf(request), request.body);
      return reply.code(201).header('Location', `/api/rules/${rule.id}`).send(rule);
    },
  );

  /** GET /api/rules/:id — 200; 404 for another organization's. */
  app.get(
    '/api/rules/:id',
    {
      preValidation: adminOnly,
      schema: {
        tags,
        operationId: 'getRule',
        summary: 'Get a rule',
        params: RuleIdParamsSchema,
        response: { 200: RuleSchema, ...commonProblems },
      },
    },
    async (request) => rules.get(principalOf(request), request.params.id),
  );

  /** PATCH /api/rules/:id — any field (switch on with `{active: true}`) → 200. 400, 404. */
  app.patch(
    '/api/rules/:id',
    {
      preValidation: adminOnly,
      schema: {
        tags,
        operationId: 'updateRule',
        summary: 'Update a rule',
        params: RuleIdParamsSchema,
        body: UpdateRuleBodySchema,
        response: { 200: RuleSchema, ...commonProblems },
      },
    },
    async (request) => rules.update(principalOf(request), request.params.id, request.body),
  );

  /** DELETE /api/rules/:id — 204 (its runs stay, with its name). 404. */
  app.delete(
    '/api/rules/:id',
    {
      preValidation: adminOnly,
      schema: {
        tags,
        operationId: 'deleteRule',
        summary: 'Delete a rule',
        params: RuleIdParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await rules.remove(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  /**
   * POST /api/rules/:id/test — `{ticketIds: [...] (1–100)}` or `{filter: {GET /api/tickets
   * query}}` (first 100) → RuleTestResult: per ticket whether it matches, why, and what would
   * change. Writes nothing (active or not). 400 (unknown ticket, bad filter), 404.
   */
  app.post(
    '/api/rules/:id/test',
    {
      preValidation: adminOnly,
      schema: {
        tags,
        operationId: 'testRule',
        summary: 'Test a rule (dry run)',
        params: RuleIdParamsSchema,
        body: TestRuleBodySchema,
        response: { 200: RuleTestResultSchema, ...commonProblems },
      },
    },
    async (request) => rules.test(principalOf(request), request.params.id, request.body),
  );

  /**
   * GET /api/tickets/:id/rule-runs — `{data: [run]}`, oldest first: which rule ran, on which
   * event, at which depth, why, what it changed, or why it failed or stopped. 404 not visible.
   */
  app.get(
    '/api/tickets/:id/rule-runs',
    {
      preValidation: [app.requireRole('AGENT', 'ADMIN')],
      schema: {
        tags: ['tickets', 'rules'],
        operationId: 'listTicketRuleRuns',
        summary: 'List the rule runs of a ticket',
        params: TicketIdParamsSchema,
        response: { 200: RuleRunListSchema, ...commonProblems },
      },
    },
    async (request) => rules.runs(principalOf(request), request.params.id),
  );
};
