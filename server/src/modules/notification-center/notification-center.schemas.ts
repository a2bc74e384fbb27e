/**
 * In-app notifications, the agent's bell (docs/product.md "In-app notifications"): the list and
 * the read marks. Whitelisted answers; a notification names its ticket only while the reader may
 * see it (the list leaves out the others).
 */
import { z } from 'zod';
import { PageQuerySchema, Timestamp } from '../../lib/common.schemas.js';

/** What a notification is about. */
export const USER_NOTIFICATION_TYPES = [
  'assigned',
  'mentioned',
  'customer_replied',
  'sla_warning',
] as const;
export type UserNotificationType = (typeof USER_NOTIFICATION_TYPES)[number];

/** One notification. */
export const UserNotificationSchema = z
  .object({
    id: z.uuid(),
    type: z
      .enum(USER_NOTIFICATION_TYPES)
      .describe(
        'assigned: a ticket was given to you; mentioned: an internal note names you; customer_replied: the customer answered on your ticket; sla_warning: a target of your ticket is at risk',
      ),
    ticket: z
      .object({
        id: z.uuid(),
        number: z.number().int(),
        reference: z.string().describe('TKT-00042'),
        subject: z.string(),
      })
      .nullable(),
    actorName: z.string().nullable().describe('Who caused it, as named at the time'),
    excerpt: z
      .string()
      .nullable()
      .describe('A plain-text excerpt (≤ 200 characters): the line of the mention, the reply'),
    createdAt: Timestamp,
    readAt: Timestamp.nullable(),
  })
  .meta({
    id: 'UserNotification',
    examples: [
      {
        id: '2f1e0d9c-8b7a-4c6d-9e5f-4a3b2c1d0e9f',
        type: 'mentioned',
        ticket: {
          id: '8c1b2a3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d',
          number: 42,
          reference: 'TKT-00042',
          subject: 'Charged twice for my subscription',
        },
        actorName: 'Bob Agent',
        excerpt: '@Alice Agent can you confirm the refund went out?',
        createdAt: '2026-11-21T10:05:27.000Z',
        readAt: null,
      },
    ],
  });
export type UserNotification = z.output<typeof UserNotificationSchema>;

/** GET /api/me/notifications answer. */
export const UserNotificationListSchema = z
  .object({
    data: z.array(UserNotificationSchema),
    nextCursor: z.string().nullable(),
    unreadCount: z.number().int().describe('All the caller’s unread notifications, any page'),
  })
  .meta({ id: 'UserNotificationList' });
export type UserNotificationList = z.output<typeof UserNotificationListSchema>;

/** GET /api/me/notifications query: keyset page, newest first; `unread=true` only the unread. */
export const ListUserNotificationsQuerySchema = PageQuerySchema.extend({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only the unread ones'),
});
export type ListUserNotificationsQuery = z.output<typeof ListUserNotificationsQuerySchema>;

/** POST /api/me/notifications/read body: some ids (at most 100), or `{all: true}`. */
export const MarkNotificationsReadBodySchema = z
  .strictObject({
    ids: z.array(z.uuid()).min(1).max(100).optional(),
    all: z.literal(true).optional(),
  })
  .refine((b) => (b.ids === undefined) !== (b.all === undefined), {
    message: 'give either ids or all: true',
    path: ['ids'],
  })
  .meta({ id: 'MarkNotificationsReadBody' });
export type MarkNotificationsReadInput = z.output<typeof MarkNotificationsReadBodySchema>;

/** POST /api/me/notifications/read answer. */
export const UnreadCountSchema = z
  .object({ unreadCount: z.number().int() })
  .meta({ id: 'UnreadNotificationCount' });
