/**
 * POST /api/tickets/bulk (bulk.ts). Thin: the schema, the role check (agents, admins and API keys
 * acting as them; customers 403), one service call.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import type { BulkTicketsService } from './bulk.js';
import { BulkTicketsBodySchema, BulkTicketsResultSchema } from './bulk.schemas.js';

/** Registers POST /api/tickets/bulk; `bulk` is createBulkTicketsService({tickets}). */
export const bulkTicketsRoutes: FastifyPluginAsyncZod<{ bulk: BulkTicketsService }> = async (
  app,
  { bulk },
) => {
  app.addHook('onRequest', app.authenticate);

  /**
   * POST /api/tickets/bulk — `{ids (1–100 distinct uuids, numbers or references), action}` with
   * action `{assign: userId | null}`, `{status, reason?}` or `{addTags: [tag]}` → 200
   * `{results: [{id, ok, ticket | problem}], succeeded, failed}`: each ticket changed as by PATCH
   * /api/tickets/:id in its own transaction; one ticket's refusal (404, 409
   * `invalid_transition`/`ticket_closed`, 400 unknown assignee) is reported in its result and
   * does not undo the others. 400 invalid body (nothing done), 403 customers.
   */
  app.post(
    '/api/tickets/bulk',
    {
      preValidation: app.requireRole('AGENT', 'ADMIN'),
      schema: {
        tags: ['tickets'],
        operationId: 'bulkUpdateTickets',
        summary: 'Change many tickets',
        description:
          'Assign, change the status of, or add tags to up to 100 tickets. Each ticket is changed as by PATCH /api/tickets/{id}, in its own transaction, with activity and events; the answer gives each ticket’s outcome (some may fail, e.g. a forbidden transition).',
        body: BulkTicketsBodySchema,
        response: { 200: BulkTicketsResultSchema, ...commonProblems },
      },
    },
    async (request) => bulk.apply(principalOf(request), request.body, request.log),
  );
};
