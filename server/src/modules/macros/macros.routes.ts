/**
 * Macro routes (docs/api.md "Macros"). Signed-in agents and admins only (customers and API keys
 * 403: a macro belongs to a person). Thin: a schema, the role checks as hooks (credentials 401,
 * then role 403, then the request's shape 400) and one service call; the rules are
 * macros.service.ts's.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { AnyTicketSchema, IfMatchHeadersSchema } from '../tickets/tickets.schemas.js';
import type { MacrosService } from './macros.service.js';
import {
  CreateMacroBodySchema,
  MacroIdParamsSchema,
  MacroListSchema,
  MacroPreviewSchema,
  MacroSchema,
  TicketMacroParamsSchema,
  UpdateMacroBodySchema,
} from './macros.schemas.js';

/** Registers the macro routes; `macros` is createMacrosService(deps). */
export const macrosRoutes: FastifyPluginAsyncZod<{ macros: MacrosService }> = async (
  app,
  { macros },
) => {
  app.addHook('onRequest', app.authenticate);
  const staffUser = [app.requireUser, app.requireRole('AGENT', 'ADMIN')];
  const tags = ['macros'];

  /** GET /api/macros — `{data: [macro]}`: the caller's own and the shared ones, by name. */
  app.get(
    '/api/macros',
    {
      preValidation: staffUser,
      schema: {
        tags,
        operationId: 'listMacros',
        summary: 'List macros',
        response: { 200: MacroListSchema, ...commonProblems },
      },
    },
    async (request) => macros.list(principalOf(request)),
  );

  /**
   * POST /api/macros — `{name, shared?, actions: [...] (1–20, one reply at most)}` → 201 with
   * `Location`. 400 naming the field (an unknown placeholder: `actions.<n>.content`); 403 for a
   * shared macro made by an agent.
   */
  app.post(
    '/api/macros',
    {
      preValidation: staffUser,
      schema: {
        tags,
        operationId: 'createMacro',
        summary: 'Create a macro',
        body: CreateMacroBodySchema,
        response: { 201: MacroSchema, ...commonProblems },
      },
    },
    async (request, reply) => {
      const macro = await macros.create(principalOf(request), request.body);
      return reply.code(201).header('Location', `/api/macros/${macro.id}`).send(macro);
    },
  );

  /** GET /api/macros/:id — 200; 404 for another's personal macro or another organization's. */
  app.get(
    '/api/macros/:id',
    {
      preValidation: staffUser,
      schema: {
        tags,
        operationId: 'getMacro',
        summary: 'Get a macro',
        params: MacroIdParamsSchema,
        response: { 200: MacroSchema, ...commonProblems },
      },
    },
    async (request) => macros.get(principalOf(request), request.params.id),
  );

  /** PATCH /api/macros/:id — any field → 200; a shared macro: admins only (403). 400, 404. */
  app.patch(
    '/api/macros/:id',
    {
      preValidation: staffUser,
      schema: {
        tags,
        operationId: 'updateMacro',
        summary: 'Update a macro',
        params: MacroIdParamsSchema,
        body: UpdateMacroBodySchema,
        response: { 200: MacroSchema, ...commonProblems },
      },
    },
    async (request) => macros.update(principalOf(request), request.params.id, request.body),
  );

  /** DELETE /api/macros/:id — 204; a shared macro: admins only (403). 404. */
  app.delete(
    '/api/macros/:id',
    {
      preValidation: staffUser,
      schema: {
        tags,
        operationId: 'deleteMacro',
        summary: 'Delete a macro',
        params: MacroIdParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await macros.remove(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  /**
   * POST /api/tickets/:id/macros/:macroId/preview — MacroPreview: the fields the macro would
   * change (before and after) and its reply with the placeholders filled in. Writes nothing.
   * 404 for a ticket or macro the caller may not see.
   */
  app.post(
    '/api/tickets/:id/macros/:macroId/preview',
    {
      preValidation: staffUser,
      schema: {
        tags: ['macros', 'tickets'],
        operationId: 'previewMacro',
        summary: 'Preview a macro on a ticket',
        params: TicketMacroParamsSchema,
        response: { 200: MacroPreviewSchema, ...commonProblems },
      },
    },
    async (request) =>
      macros.preview(principalOf(request), request.params.id, request.params.macroId),
  );

  /**
   * POST /api/tickets/:id/macros/:macroId/apply — applies the macro as one change (its reply
   * first, then its field changes, one transaction); 200 with the ticket and `ETag`. Honours
   * `If-Match` (stale → 412). 409 `ticket_closed` / `invalid_transition`, 400 for an unknown
   * category or assignee, 404 for a ticket or macro the caller may not see.
   */
  app.post(
    '/api/tickets/:id/macros/:macroId/apply',
    {
      preValidation: staffUser,
      config: { sendsETag: true },
      schema: {
        tags: ['macros', 'tickets'],
        operationId: 'applyMacro',
        summary: 'Apply a macro to a ticket',
        params: TicketMacroParamsSchema,
        headers: IfMatchHeadersSchema,
        response: {
          200: AnyTicketSchema,
          ...commonProblems,
          409: ProblemSchema,
          412: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const ticket = await macros.apply(
        principalOf(request),
        request.params.id,
        request.params.macroId,
        { ifMatch: request.headers['if-match'] },
      );
      return reply.header('ETag', `"${ticket.version}"`).send(ticket);
    },
  );
};
