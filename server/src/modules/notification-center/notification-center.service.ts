/**
 * The agent's bell (docs/product.md "In-app notifications"): their notifications, newest first,
 * and read marks. A person's own (customers 403, API keys 403: routes); every query is the
 * caller's own rows of their organization, about tickets they may still see.
 */
import { decodeDateCursor, encodeCursor } from '../../lib/cursor.js';
import type { PrismaClient } from '../../lib/db.js';
import { formatTicketReference } from '../../lib/domain.js';
import type { Principal } from '../../lib/principal.js';
import {
  countUnreadNotifications,
  listNotificationRows,
  markNotificationsRead,
  type NotificationRow,
} from './notification-center.repository.js';
import type {
  ListUserNotificationsQuery,
  MarkNotificationsReadInput,
  UserNotification,
  UserNotificationList,
} from './notification-center.schemas.js';

function toNotification(row: NotificationRow): UserNotification {
  return {
    id: row.id,
    type: row.type,
    ticket:
      row.ticketId && row.ticketNumber !== null
        ? {
            id: row.ticketId,
            number: row.ticketNumber,
            reference: formatTicketReference(row.ticketNumber),
            subject: row.ticketSubject ?? '',
          }
        : null,
    actorName: row.actorName,
    excerpt: row.excerpt,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  };
}

export function createNotificationCenterService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  return {
    /**
     * A keyset page of the caller's notifications (`{data, nextCursor, unreadCount}`), newest
     * first; `unread` keeps the unread ones. @throws ValidationError (path `cursor`)
     */
    async list(
      principal: Principal,
      query: ListUserNotificationsQuery,
    ): Promise<UserNotificationList> {
      const after = query.cursor ? decodeDateCursor(query.cursor) : null;
      const [rows, unreadCount] = await Promise.all([
        listNotificationRows(prisma, principal, {
          limit: query.limit,
          unread: query.unread ?? false,
          after,
        }),
        countUnreadNotifications(prisma, principal),
      ]);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        data: page.map(toNotification),
        nextCursor:
          rows.length > query.limit && last
            ? encodeCursor({ value: last.createdAt.toISOString(), id: last.id })
            : null,
        unreadCount,
      };
    },

    /**
     * Marks the given notifications of the caller read (others' ids are ignored), or all of them.
     * @returns the unread count after it
     */
    async markRead(
      principal: Principal,
      input: MarkNotificationsReadInput,
    ): Promise<{ unreadCount: number }> {
      await markNotificationsRead(prisma, principal.id, input.all ? null : (input.ids ?? []));
      return { unreadCount: await countUnreadNotifications(prisma, principal) };
    },
  };
}

export type NotificationCenterService = ReturnType<typeof createNotificationCenterService>;
