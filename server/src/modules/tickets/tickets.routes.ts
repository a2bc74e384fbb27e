/**
 * Ticket routes (API.md "Tickets"). Thin: a schema and one service call each; the rules live in
 * tickets.service.ts. All need authentication; scoping to organization and requester is the
 * service's job.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import type { TicketsService } from './tickets.service.js';
import {
  AnyTicketSchema,
  CreateTicketBodySchema,
  ListTicketsQuerySchema,
  TicketIdParamsSchema,
  TicketListSchema,
} from './tickets.schemas.js';

export const ticketsRoutes: FastifyPluginAsyncZod<{ tickets: TicketsService }> = async (
  app,
  { tickets },
) => {
  app.addHook('preHandler', app.authenticate);

  /**
   * POST /api/tickets — create a ticket. 201 with the ticket, `Location` and `ETag` (its version).
   * 400 invalid fields (each named in `errors[]`), 403 a customer setting priority, assignee,
   * requester or metadata.
   */
  app.post(
    '/api/tickets',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Create a ticket',
        description:
          'Creates a ticket numbered sequentially per organization (TKT-00042). Customers create for themselves without priority or assignee. SPEC.md "Ticket".',
        body: CreateTicketBodySchema,
        response: { 201: AnyTicketSchema, ...commonProblems },
      },
    },
    async (request, reply) => {
      const ticket = await tickets.create(principalOf(request), request.body);
      return reply
        .code(201)
        .header('Location', `/api/tickets/${ticket.id}`)
        .header('ETag', `"${ticket.version}"`)
        .send(ticket);
    },
  );

  /**
   * GET /api/tickets — the tickets the caller may see, filtered and sorted, keyset-paginated:
   * `{data, nextCursor}`. 400 on an invalid filter or cursor.
   */
  app.get(
    '/api/tickets',
    {
      schema: {
        tags: ['tickets'],
        summary: 'List tickets',
        description:
          'Organization-scoped (customers: their own tickets). Filters combine with AND; comma lists match any of their values, except tags (all must match). Cursor pagination: pass nextCursor back as cursor.',
        querystring: ListTicketsQuerySchema,
        response: { 200: TicketListSchema, ...commonProblems },
      },
    },
    async (request) => tickets.list(principalOf(request), request.query),
  );

  /** GET /api/tickets/:id — by uuid, number or reference. 404 when not visible to the caller. */
  app.get(
    '/api/tickets/:id',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Get a ticket',
        params: TicketIdParamsSchema,
        response: { 200: AnyTicketSchema, ...commonProblems, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const ticket = await tickets.get(principalOf(request), request.params.id);
      return reply.header('ETag', `"${ticket.version}"`).send(ticket);
    },
  );
};
