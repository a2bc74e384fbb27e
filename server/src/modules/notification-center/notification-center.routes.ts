/**
 * The agent's bell (docs/product.md "In-app notifications"): `GET /api/me/notifications` and
 * `POST /api/me/notifications/read`, for signed-in agents and admins (customers 403; API keys
 * 403, lib/api-key-scopes.ts: `/api/me` is a person's). Registers the `notification-center`
 * event subscriber (notification-subscriber.ts), which writes the notifications.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { createNotificationSubscriber } from './notification-subscriber.js';
import type { NotificationCenterService } from './notification-center.service.js';
import {
  ListUserNotificationsQuerySchema,
  MarkNotificationsReadBodySchema,
  UnreadCountSchema,
  UserNotificationListSchema,
} from './notification-center.schemas.js';

/** Registers the bell's routes and subscriber; `notificationCenter` is its service. */
export const notificationCenterRoutes: FastifyPluginAsyncZod<{
  notificationCenter: NotificationCenterService;
}> = async (app, { notificationCenter }) => {
  app.events.subscribe(createNotificationSubscriber());

  // Credentials first (401), then person and role (403), then the request's shape (400).
  app.addHook('onRequest', app.authenticate);
  const signedInStaff = [app.requireUser, app.requireRole('AGENT', 'ADMIN')];

  /**
   * GET /api/me/notifications?cursor&limit&unread=true — `{data: [{id, type, ticket: {id,
   * number, reference, subject} | null, actorName, excerpt, createdAt, readAt}], nextCursor,
   * unreadCount}`, newest first (limit 1–100, default 25). Only notifications about tickets the
   * caller may still see. 400 naming `cursor`, `limit` or `unread`.
   */
  app.get(
    '/api/me/notifications',
    {
      preValidation: signedInStaff,
      schema: {
        tags: ['notifications'],
        operationId: 'listMyNotifications',
        summary: 'My in-app notifications',
        querystring: ListUserNotificationsQuerySchema,
        response: { 200: UserNotificationListSchema, ...commonProblems },
      },
    },
    async (request) => notificationCenter.list(principalOf(request), request.query),
  );

  /**
   * POST /api/me/notifications/read — `{ids: [uuid] (1–100)}` or `{all: true}` → 200
   * `{unreadCount}`. Ids that are not the caller's unread notifications are ignored. 400 naming
   * `ids` (both or neither given, not uuids, more than 100) or an unknown field.
   */
  app.post(
    '/api/me/notifications/read',
    {
      preValidation: signedInStaff,
      schema: {
        tags: ['notifications'],
        operationId: 'markMyNotificationsRead',
        summary: 'Mark notifications read',
        body: MarkNotificationsReadBodySchema,
        response: { 200: UnreadCountSchema, ...commonProblems },
      },
    },
    async (request) => notificationCenter.markRead(principalOf(request), request.body),
  );
};
