/**
 * Email notifications as admins see them (failed ones "visible to
 * admins"): requests and the whitelisted answers of GET /api/notifications and its retry. The
 * mails' content (which may quote a customer) is not part of the answer: the recipient, subject
 * and delivery state are what an admin needs to act.
 */
import { z } from 'zod';
import { PageQuerySchema, Timestamp, pageOf } from '../../lib/common.schemas.js';
import { EMAIL_KINDS } from './email-kinds.js';

export const EMAIL_NOTIFICATION_STATUSES = ['PENDING', 'SENT', 'FAILED'] as const;

const example = {
  id: '0b7f3c1e-9a2d-4e5f-8c6b-1d2e3f4a5b6c',
  kind: 'ticket_created',
  status: 'FAILED',
  recipient: { name: 'Casey Customer', email: 'customer@acme.test' },
  subject: '[TKT-00042] We received your request: Refund for a double charge',
  locale: 'en',
  ticket: { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', reference: 'TKT-00042' },
  messageId: '<0b7f3c1e-9a2d-4e5f-8c6b-1d2e3f4a5b6c@docket.example.com>',
  attempts: 10,
  maxAttempts: 10,
  lastError: 'Mail command failed: 550 5.1.1 Mailbox unavailable',
  nextAttemptAt: null,
  sentAt: null,
  createdAt: '2026-11-21T10:05:27.000Z',
  updatedAt: '2026-11-21T12:40:02.000Z',
};

/** One email notification: who, what, and where its sending stands. */
export const EmailNotificationSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(EMAIL_KINDS).describe('The template'),
    status: z.enum(EMAIL_NOTIFICATION_STATUSES),
    recipient: z.object({ name: z.string().nullable(), email: z.string() }),
    subject: z.string(),
    locale: z.string().describe('The language it was written in: en or fr-CA'),
    ticket: z
      .object({ id: z.uuid(), reference: z.string().describe('TKT-00042') })
      .nullable()
      .describe('The ticket it is about; null for organization mails (a webhook disabled)'),
    messageId: z.string().describe('The Message-ID header, the same on every attempt'),
    attempts: z.number().int().describe('Attempts made so far'),
    maxAttempts: z.number().int().describe('Attempts allowed before it is FAILED'),
    lastError: z.string().nullable().describe("The last failed attempt's error (SMTP answer)"),
    nextAttemptAt: Timestamp.nullable().describe('PENDING: when the next attempt is due'),
    sentAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'EmailNotification', examples: [example] });
export type EmailNotification = z.output<typeof EmailNotificationSchema>;

export const EmailNotificationListSchema = pageOf(EmailNotificationSchema).meta({
  id: 'EmailNotificationList',
});
export type EmailNotificationList = z.output<typeof EmailNotificationListSchema>;

/** GET /api/notifications query: page, and optionally one status. */
export const ListNotificationsQuerySchema = PageQuerySchema.extend({
  status: z.enum(EMAIL_NOTIFICATION_STATUSES).optional(),
});
export type ListNotificationsQuery = z.output<typeof ListNotificationsQuerySchema>;

export const NotificationIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
