/**
 * Data-subject requests and retention (docs/api.md "Data-subject requests"; docs/product.md
 * "Data-subject requests"): export and erase a person's data, and the organization's retention
 * setting. Signed-in ADMINs of the organization only: agents and customers 403; API keys 403
 * whatever their scopes (lib/api-key-scopes.ts: a person's data is handed out or destroyed by a
 * person, who is named in the audit trail).
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { BytesSchema } from '../attachments/index.js';
import {
  EraseDataSubjectBodySchema,
  ErasureResultSchema,
  ExportDataSubjectBodySchema,
  RetentionStateSchema,
  UpdateRetentionBodySchema,
} from './data-subjects.schemas.js';
import type { DataSubjectsService } from './data-subjects.service.js';

export const dataSubjectsRoutes: FastifyPluginAsyncZod<{
  dataSubjects: DataSubjectsService;
}> = async (app, { dataSubjects }) => {
  app.addHook('onRequest', app.authenticate);
  app.addHook('preValidation', app.requireUser);
  app.addHook('preValidation', app.requireRole('ADMIN'));

  /**
   * POST /api/data-subjects/export — `{email}` (at most 254 characters) → 200 a ZIP
   * (`application/zip`, attachment `personal-data-<id>-<date>.zip`) streamed: `data.json` (the
   * person's profile, the tickets they requested or are CC'd on as the tracker shows them, their
   * ratings, chats and session times) and `attachments/<reference>/<name>` (the public files).
   * Records `data_subject.exported` (user id and counts). 400 naming `email`; 403 not a signed-in
   * admin; 404 no such person in the organization.
   */
  app.post(
    '/api/data-subjects/export',
    {
      // A ZIP is compressed already.
      compress: false,
      schema: {
        tags: ['admin'],
        operationId: 'exportDataSubject',
        summary: "Export a person's data (ZIP)",
        description:
          "GDPR art. 15/20: everything the person could see of their own data — never an internal note, internal activity, an assignee's name, or a custom field hidden from customers. The person may be a user of any role (shown what a requester is shown) or a guest requester known by email.",
        body: ExportDataSubjectBodySchema,
        response: { 200: BytesSchema.describe('The ZIP (application/zip)'), ...commonProblems },
      },
    },
    async (request, reply) => {
      const result = await dataSubjects.exportData(principalOf(request), request.body.email);
      return (reply as FastifyReply)
        .type('application/zip')
        .header('Content-Disposition', `attachment; filename="${result.fileName}"`)
        .header('Cache-Control', 'private, no-store')
        .header('X-Content-Type-Options', 'nosniff')
        .send(result.stream);
    },
  );

  /**
   * POST /api/data-subjects/erase — `{email, confirm: true}` → 200 `{userId, pseudonym: {name,
   * email}, counts}`: the person's name and email replaced by the pseudonym everywhere, in one
   * transaction, their account deactivated with `erasedAt`, their files removed from the store;
   * tickets' skeletons kept. Records `data_subject.erased`. 400 naming `email` or `confirm`; 403;
   * 404 no such person; 409 `cannot_erase_self`.
   */
  app.post(
    '/api/data-subjects/erase',
    {
      schema: {
        tags: ['admin'],
        operationId: 'eraseDataSubject',
        summary: "Erase a person's data",
        description:
          'GDPR art. 17. Cannot be undone. The audit log entries naming the person are rewritten and the hash chain re-sealed; `verify` stays valid, and the `data_subject.erased` entry records the position re-sealed from and the previous head hash. Mail already delivered, copies held by webhook receivers and backups are out of reach (docs/product.md "Data-subject requests").',
        body: EraseDataSubjectBodySchema,
        response: { 200: ErasureResultSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request) => dataSubjects.erase(principalOf(request), request.body.email),
  );

  /** GET /api/data-subjects/retention — 200 `{closedTicketsMonths, action, lastRunAt}`. 403. */
  app.get(
    '/api/data-subjects/retention',
    {
      schema: {
        tags: ['admin'],
        operationId: 'getRetention',
        summary: "The organization's retention setting",
        response: { 200: RetentionStateSchema, ...commonProblems },
      },
    },
    async (request) => dataSubjects.retention(principalOf(request)),
  );

  /**
   * PUT /api/data-subjects/retention — `{closedTicketsMonths: 1–120 | null, action: "erase" |
   * "delete"}` → 200 the state. Records `retention.updated`. 400 naming the field; 403.
   */
  app.put(
    '/api/data-subjects/retention',
    {
      schema: {
        tags: ['admin'],
        operationId: 'updateRetention',
        summary: "Change the organization's retention setting",
        description:
          'A daily job erases (pseudonymises the requester of) or deletes the CLOSED tickets closed more than `closedTicketsMonths` months ago, in batches, with a `retention.ran` audit entry per run; null turns it off.',
        body: UpdateRetentionBodySchema,
        response: { 200: RetentionStateSchema, ...commonProblems },
      },
    },
    async (request) => dataSubjects.updateRetention(principalOf(request), request.body),
  );
};
