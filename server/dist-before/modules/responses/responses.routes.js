import { PageQuerySchema, ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { TicketIdParamsSchema } from '../tickets/tickets.schemas.js';
import {
  CreateResponseBodySchema,
  TicketResponseListSchema,
  TicketResponseSchema,
} from './responses.schemas.js';
export const responsesRoutes = async (app, { responses }) => {
  app.addHook('onRequest', app.authenticate);
  /** GET /api/tickets/:id/responses — oldest first; customers never get internal notes. 404 if the ticket is not visible. */
  app.get(
    '/api/tickets/:id/responses',
    {
      schema: {
        tags: ['responses'],
        summary: "List a ticket's responses",
        params: TicketIdParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: TicketResponseListSchema, ...commonProblems },
      },
    },
    async (request) => responses.list(principalOf(request), request.params.id, request.query),
  );
  /**
   * POST /api/tickets/:id/responses — a public reply, or an internal note (`isInternal: true`,
   * agents only: 403 for customers). 409 `ticket_closed` on a CLOSED ticket. 201 with the response.
   */
  app.post(
    '/api/tickets/:id/responses',
    {
      schema: {
        tags: ['responses'],
        summary: 'Reply or add an internal note',
        description:
          'A customer reply to a RESOLVED or WAITING_ON_CUSTOMER ticket reopens it to OPEN; the first public agent reply sets firstRespondedAt (SPEC.md "Ticket").',
        params: TicketIdParamsSchema,
        body: CreateResponseBodySchema,
        response: { 201: TicketResponseSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const response = await responses.create(
        principalOf(request),
        request.params.id,
        request.body,
      );
      return reply.code(201).send(response);
    },
  );
};
//# sourceMappingURL=responses.routes.js.map
