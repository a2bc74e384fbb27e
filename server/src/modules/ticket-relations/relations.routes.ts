/**
 * Merge and link routes (docs/api.md "Merge and links"). Thin: a schema, the role check (agents,
 * admins and API keys with `tickets:write` / `tickets:read`; customers 403) and one service
 * call each; the rules live in relations.service.ts.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { TicketIdParamsSchema } from '../tickets/tickets.schemas.js';
import type { TicketRelationsService } from './relations.service.js';
import {
  CreateLinkBodySchema,
  LinkParamsSchema,
  MergeResultSchema,
  MergeTicketBodySchema,
  TicketLinkListSchema,
  TicketLinkSchema,
} from './relations.schemas.js';

/** Registers the merge and link routes; `relations` is createTicketRelationsService(deps). */
export const ticketRelationsRoutes: FastifyPluginAsyncZod<{
  relations: TicketRelationsService;
}> = async (app, { relations }) => {
  app.addHook('onRequest', app.authenticate);
  const staff = app.requireRole('AGENT', 'ADMIN');

  /**
   * POST /api/tickets/:id/merge — `{targetId, comment? (≤ 5,000)}` → 200 `{source, target}`:
   * the source's description, replies, notes, files, chats and participants move to the target
   * (internal there when the requesters differ), the source is CLOSED with `mergedInto`, and
   * mail to its thread lands on the target. 404 either ticket not visible (another
   * organization's included); 409 `merge_into_self`, `ticket_closed`, `target_closed`.
   */
  app.post(
    '/api/tickets/:id/merge',
    {
      preValidation: staff,
      schema: {
        tags: ['tickets'],
        operationId: 'mergeTicket',
        summary: 'Merge a ticket into another',
        description:
          'Agents, admins and API keys (tickets:write). One transaction; activity MERGED on both; event ticket.merged.',
        params: TicketIdParamsSchema,
        body: MergeTicketBodySchema,
        response: { 200: MergeResultSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request) => relations.merge(principalOf(request), request.params.id, request.body),
  );

  /** GET /api/tickets/:id/links — `{data: [link]}`, oldest first, with what each other ticket is to this one. */
  app.get(
    '/api/tickets/:id/links',
    {
      preValidation: staff,
      schema: {
        tags: ['tickets'],
        operationId: 'listTicketLinks',
        summary: 'List a ticket’s links',
        params: TicketIdParamsSchema,
        response: { 200: TicketLinkListSchema, ...commonProblems },
      },
    },
    async (request) => relations.listLinks(principalOf(request), request.params.id),
  );

  /**
   * POST /api/tickets/:id/links — `{ticketId, relation: related|parent|child}` → 201 link. 409
   * `link_to_self`, `already_linked`, `has_parent` (a ticket has one parent), `link_cycle`.
   */
  app.post(
    '/api/tickets/:id/links',
    {
      preValidation: staff,
      schema: {
        tags: ['tickets'],
        operationId: 'createTicketLink',
        summary: 'Link two tickets',
        description:
          'A parent cannot be resolved or closed while a child is open, unless the PATCH sends force: true with a reason.',
        params: TicketIdParamsSchema,
        body: CreateLinkBodySchema,
        response: { 201: TicketLinkSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await relations.addLink(principalOf(request), request.params.id, request.body)),
  );

  /** DELETE /api/tickets/:id/links/:linkId — 204; 404 when the link is not one of the ticket's. */
  app.delete(
    '/api/tickets/:id/links/:linkId',
    {
      preValidation: staff,
      schema: {
        tags: ['tickets'],
        operationId: 'deleteTicketLink',
        summary: 'Remove a link',
        params: LinkParamsSchema,
        response: { 204: z.null().describe('Removed'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await relations.removeLink(principalOf(request), request.params.id, request.params.linkId);
      return reply.code(204).send(null);
    },
  );
};
