/**
 * Admins' view of the email notifications (failed mails "visible to admins"): the list,
 * newest first, and a manual retry. Scoped to the caller's organization; admins only (the routes
 * check the role, the queries the organization).
 */
import { decodeDateCursor, keysetPage, isUuid } from '../../lib/cursor.js';
import type { PrismaClient } from '../../lib/db.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { formatTicketReference } from '../../lib/domain.js';
import type {
  EmailNotification,
  EmailNotificationList,
  ListNotificationsQuery,
} from './notifications.schemas.js';
import { findTicketNumbers } from '../tickets/index.js';
import type { EmailKind } from './email-templates.js';
import {
  findOrganizationNotification,
  listOrganizationNotifications,
  rescheduleNotification,
  type EmailNotificationRow,
} from './email-notifications.repository.js';

type Row = EmailNotificationRow;

export interface NotificationsServiceDeps {
  prisma: PrismaClient;
  /** Called after a retry was scheduled: wakes the mail worker. */
  onRetry?: () => void;
}

export function createNotificationsService(deps: NotificationsServiceDeps) {
  const { prisma } = deps;

  /** Rows → answers, with each ticket's reference (one query for the page). */
  async function present(rows: Row[]): Promise<EmailNotification[]> {
    const ticketIds = [...new Set(rows.flatMap((r) => (r.ticketId ? [r.ticketId] : [])))];
    const tickets = ticketIds.length ? await findTicketNumbers(prisma, ticketIds) : [];
    const numbers = new Map(tickets.map((t) => [t.id, t.number]));
    return rows.map((row) => {
      const number = row.ticketId ? numbers.get(row.ticketId) : undefined;
      return {
        id: row.id,
        kind: row.kind as EmailKind,
        status: row.status,
        recipient: { name: row.recipientName, email: row.recipientEmail },
        subject: row.subject,
        locale: row.locale,
        ticket:
          row.ticketId && number !== undefined
            ? { id: row.ticketId, reference: formatTicketReference(number) }
            : null,
        messageId: row.messageId,
        attempts: row.attempts,
        maxAttempts: row.maxAttempts,
        lastError: row.lastError,
        nextAttemptAt: row.status === 'PENDING' ? row.nextAttemptAt.toISOString() : null,
        sentAt: row.sentAt?.toISOString() ?? null,
        createdAt: row.createdAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
      };
    });
  }

  /**
   * The organization's notifications, newest first (keyset on createdAt, id), optionally of one
   * `status`. @throws ValidationError for a cursor not made by this list.
   */
  async function list(
    principal: Principal,
    query: ListNotificationsQuery,
  ): Promise<EmailNotificationList> {
    const rows = await listOrganizationNotifications(prisma, {
      organizationId: principal.organizationId,
      status: query.status,
      after: query.cursor ? decodeDateCursor(query.cursor) : undefined,
      take: query.limit + 1,
    });
    const { rows: page, nextCursor } = keysetPage(rows, query.limit, (row) =>
      row.createdAt.toISOString(),
    );
    return {
      data: await present(page),
      nextCursor,
    };
  }

  /**
   * Sends a FAILED (or still PENDING) notification again as soon as the worker runs, with the
   * same Message-ID; a FAILED one gets one more attempt.
   * @throws NotFoundError not in the organization; ConflictError `already_sent` for a SENT one.
   */
  async function retry(principal: Principal, id: string): Promise<EmailNotification> {
    if (!isUuid(id)) throw new NotFoundError('Notification');
    const row = await findOrganizationNotification(
      prisma,
      principal.organizationId,
      id.toLowerCase(),
    );
    if (!row) throw new NotFoundError('Notification');
    if (row.status === 'SENT') {
      throw new ConflictError('This notification was already sent', 'already_sent');
    }
    const updated = await rescheduleNotification(
      prisma,
      row.id,
      new Date(),
      row.status === 'FAILED' ? { maxAttempts: row.attempts + 1 } : null,
    );
    deps.onRetry?.();
    return (await present([updated]))[0]!;
  }

  return { list, retry };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
