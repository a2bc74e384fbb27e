/**
 * Email notification routes for admins (failed mails "visible to
 * admins"). Thin: schema, role checks as hooks (credentials 401, then signed-in user and ADMIN
 * role 403 — API keys included, as for webhooks — then the request's shape 400), one service call.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import {
  EmailNotificationListSchema,
  EmailNotificationSchema,
  ListNotificationsQuerySchema,
  NotificationIdParamsSchema,
} from './notifications.schemas.js';
import type { NotificationsService } from './notifications.service.js';

/** Registers the routes; `notifications` is createNotificationsService(deps). */
export const notificationsRoutes: FastifyPluginAsyncZod<{
  notifications: NotificationsService;
}> = async (app, { notifications }) => {
  app.addHook('onRequest', app.authenticate);
  app.addHook('preValidation', app.requireUser);
  app.addHook('preValidation', app.requireRole('ADMIN'));

  /**
   * GET /api/notifications — `limit` (1–100, default 25), `cursor`, `status`
   * (PENDING|SENT|FAILED) → `{data: [notification], nextCursor}`, newest first: recipient,
   * subject, attempts, next attempt, last error. Admins of the organization only (403 others).
   */
  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'List email notifications',
        description:
          'The email notifications of the organization, newest first, with their delivery state: attempts, the next attempt of a PENDING one, the last SMTP error of a FAILED one.',
        querystring: ListNotificationsQuerySchema,
        response: { 200: EmailNotificationListSchema, ...commonProblems },
      },
    },
    async (request) => notifications.list(principalOf(request), request.query),
  );

  /**
   * POST /api/notifications/:id/retry — 202 the notification, PENDING and due now (same
   * Message-ID); a FAILED one gets one more attempt. 409 `already_sent`; 404 not in the
   * organization.
   */
  app.post(
    '/api/notifications/:id/retry',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Send a notification again',
        description:
          'Schedules a FAILED (or PENDING) notification to be sent as soon as the mail worker runs, with the same Message-ID; a FAILED one gets one more attempt.',
        params: NotificationIdParamsSchema,
        response: { 202: EmailNotificationSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await notifications.retry(principalOf(request), request.params.id)),
  );
};
