/**
 * The organization activity log: organization-level audit entries such as a webhook
 * endpoint disabled. A signed-in ADMIN of the organization only: agents, customers and API keys
 * 403 (docs/product.md roles table: organization management is for admins).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import {
  ListOrganizationActivityQuerySchema,
  OrganizationActivityListSchema,
} from './organization-activity.schemas.js';
import type { OrganizationActivityService } from './organization-activity.service.js';

export const organizationActivityRoutes: FastifyPluginAsyncZod<{
  organizationActivity: OrganizationActivityService;
}> = async (app, { organizationActivity }) => {
  app.addHook('onRequest', app.authenticate);
  app.addHook('preValidation', app.requireUser);
  app.addHook('preValidation', app.requireRole('ADMIN'));

  /**
   * GET /api/organization/activity — `limit` (1–100, default 25), `cursor`, `type` →
   * `{data: [entry], nextCursor}`, newest first. 400 bad query or cursor; 403 not an admin.
   */
  app.get(
    '/api/organization/activity',
    {
      schema: {
        tags: ['activity'],
        operationId: 'listOrganizationActivity',
        summary: "List the organization's activity",
        description:
          'Organization-level audit entries (what is not about one ticket), newest first: e.g. `webhook_endpoint.disabled` when Docket turned off a failing endpoint.',
        querystring: ListOrganizationActivityQuerySchema,
        response: { 200: OrganizationActivityListSchema, ...commonProblems },
      },
    },
    async (request) => organizationActivity.list(principalOf(request), request.query),
  );
};
