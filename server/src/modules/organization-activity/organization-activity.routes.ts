/**
 * The organization activity log (docs/product.md "Audit trail"): organization-level audit entries
 * such as a sign-in, an API key created or a webhook endpoint disabled. Append-only through the
 * API: these three reads are its only routes. A signed-in ADMIN of the organization only: agents, customers and API keys
 * 403 (docs/product.md roles table: organization management is for admins).
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import {
  ActivityChainVerificationSchema,
  ExportOrganizationActivityQuerySchema,
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
   * GET /api/organization/activity — `limit` (1–100, default 25), `cursor`, `type`, `actorId`,
   * `from`, `to` (ISO instants, [from, to)) →
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
          'Organization-level audit entries (what is not about one ticket), newest first, with the client address and User-Agent of the request: e.g. `auth.sign_in_failed`, `api_key.created`, `webhook_endpoint.disabled` when Docket turned off a failing endpoint.',
        querystring: ListOrganizationActivityQuerySchema,
        response: { 200: OrganizationActivityListSchema, ...commonProblems },
      },
    },
    async (request) => organizationActivity.list(principalOf(request), request.query),
  );

  /**
   * GET /api/organization/activity.csv — the same filters as the list (no paging) → the entries
   * as a CSV download (`text/csv; charset=utf-8`, `organization-activity.csv`), newest first,
   * streamed. Formula-like cells get a leading `'`. 400 bad query; 403 not an admin.
   */
  app.get(
    '/api/organization/activity.csv',
    {
      schema: {
        tags: ['activity'],
        operationId: 'exportOrganizationActivityCsv',
        summary: "Export the organization's activity as CSV",
        description:
          "Columns: created_at, position, type, actor_id, actor, ip, user_agent, data, before, after (JSON), previous_hash, hash. Cells a spreadsheet would read as a formula start with '.",
        querystring: ExportOrganizationActivityQuerySchema,
        response: {
          200: z.string().describe('The CSV (text/csv; charset=utf-8)'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const csv = organizationActivity.exportCsv(principalOf(request), request.query);
      // A stream: sent through the plain reply (the schema's string is its documentation).
      return (reply as FastifyReply)
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="organization-activity.csv"')
        .header('X-Content-Type-Options', 'nosniff')
        .send(csv);
    },
  );

  /**
   * GET /api/organization/activity/verify — walks the organization's hash chain →
   * `{valid, checked, firstInvalid: {id, position, reason} | null}` (reasons: `altered`,
   * `missing_before`, `broken_link`; docs/product.md "Audit trail" says what it proves). 403 not
   * an admin.
   */
  app.get(
    '/api/organization/activity/verify',
    {
      schema: {
        tags: ['activity'],
        operationId: 'verifyOrganizationActivity',
        summary: "Verify the organization's activity hash chain",
        description:
          'Recomputes the hash of every entry in chain order and checks each links to the one before: reports the first entry altered, or after an entry removed or moved, directly in the database.',
        response: { 200: ActivityChainVerificationSchema, ...commonProblems },
      },
    },
    async (request) => organizationActivity.verify(principalOf(request)),
  );
};
