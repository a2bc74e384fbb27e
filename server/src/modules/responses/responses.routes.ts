/**
 * Response routes (docs/api.md `GET/POST /api/tickets/:id/responses`): public replies and internal
 * notes. Rules in responses.service.ts.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PageQuerySchema, ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { TicketIdParamsSchema } from '../tickets/tickets.schemas.js';
import type { ResponsesService } from './responses.service.js';
import {
  CreateResponseBodySchema,
  TicketResponseListSchema,
  TicketResponseSchema,
} from './responses.schemas.js';

export const responsesRoutes: FastifyPluginAsyncZod<{ responses: ResponsesService }> = async (
  app,
  { responses },
) => {
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
   * Also multipart/form-data: the same fields plus files, attached to the response (internal with
   * an internal note): 413 `file_too_large`/`too_many_files`, 415 `unsupported_file_type`, 422
   * `invalid_file`/`image_too_large`/`invalid_image` (attachments.service.ts); 429
   * `rate_limited` past the upload rate, 413 `storage_quota_exceeded` (upload-limits.ts).
   */
  app.post(
    '/api/tickets/:id/responses',
    {
      config: { multipart: true },
      schema: {
        tags: ['responses'],
        summary: 'Reply or add an internal note',
        description:
          'A customer reply to a RESOLVED or WAITING_ON_CUSTOMER ticket reopens it to OPEN; the first public agent reply sets firstRespondedAt (docs/product.md "Ticket").',
        params: TicketIdParamsSchema,
        body: CreateResponseBodySchema,
        response: {
          201: TicketResponseSchema,
          ...commonProblems,
          409: ProblemSchema,
          413: ProblemSchema,
          415: ProblemSchema,
          422: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const response = await responses.create(
        principalOf(request),
        request.params.id,
        request.body,
        request.uploads ?? [],
      );
      return reply.code(201).send(response);
    },
  );
};
