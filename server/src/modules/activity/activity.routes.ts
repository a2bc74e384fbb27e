/**
 * Activity routes (docs/api.md `GET /api/tickets/:id/activity`): the audit log of a ticket. Rules in
 * activity.service.ts.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PageQuerySchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { TicketIdParamsSchema } from '../tickets/tickets.schemas.js';
import type { ActivityService } from './activity.service.js';
import { TicketActivityListSchema } from './activity.schemas.js';

export const activityRoutes: FastifyPluginAsyncZod<{ activity: ActivityService }> = async (
  app,
  { activity },
) => {
  app.addHook('onRequest', app.authenticate);

  /**
   * GET /api/tickets/:id/activity — `{data: [activity], nextCursor}`, oldest first, keyset
   * pagination (`limit` 1–100, default 25; `cursor`). Every role may read the activity of a ticket
   * it may see (404 otherwise, never 403); a customer never gets internal rows and sees staff as
   * "Support team" (docs/product.md "Roles").
   */
  app.get(
    '/api/tickets/:id/activity',
    {
      schema: {
        tags: ['activity'],
        operationId: 'listTicketActivity',
        summary: "List a ticket's activity",
        description:
          'The audit log: who changed what, with before/after values and a reason. Customers see public rows only.',
        params: TicketIdParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: TicketActivityListSchema, ...commonProblems },
      },
    },
    async (request) => activity.list(principalOf(request), request.params.id, request.query),
  );
};
