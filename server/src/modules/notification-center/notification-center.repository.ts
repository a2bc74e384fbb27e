/**
 * The `user_notifications` table (docs/decisions/0005-repositories.md), and what the notification
 * subscriber reads of users to pick recipients. Each function takes the client or a transaction
 * client first; the rules (who is told what) are notification-subscriber.ts's.
 */
import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../lib/db.js';
import type { Principal } from '../../lib/principal.js';
import { executeSql, selectRows } from '../../db/select-rows.js';
import { notifyLiveSql } from '../live/index.js';
import { visibleTicketsSql } from '../tickets/index.js';
import type { UserNotificationType } from './notification-center.schemas.js';

/** A notification with its ticket's number and subject (null when it has no ticket). */
export interface NotificationRow {
  id: string;
  type: UserNotificationType;
  ticketId: string | null;
  ticketNumber: number | null;
  ticketSubject: string | null;
  actorName: string | null;
  excerpt: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/**
 * The caller's notifications whose ticket they may still see (visibleTicketsSql: a ticket deleted
 * or moved out of a restricted agent's groups drops out), as SQL conditions on `user_notifications
 * n LEFT JOIN tickets t`.
 */
function ownVisibleSql(principal: Principal): Prisma.Sql {
  return Prisma.sql`n."userId" = ${principal.id}::uuid
    AND n."organizationId" = ${principal.organizationId}::uuid
    AND (n."ticketId" IS NULL OR (${Prisma.join(visibleTicketsSql(principal), ' AND ')}))`;
}

/**
 * One page of the caller's notifications, newest first (createdAt, id), after `after` when
 * given; `limit + 1` rows (the extra one tells a next page exists). Walks the (userId, createdAt)
 * index.
 */
export function listNotificationRows(
  db: Db,
  principal: Principal,
  options: { limit: number; unread: boolean; after: { at: Date; id: string } | null },
): Promise<NotificationRow[]> {
  const conditions = [ownVisibleSql(principal)];
  if (options.unread) conditions.push(Prisma.sql`n."readAt" IS NULL`);
  if (options.after) {
    conditions.push(
      Prisma.sql`(n."createdAt", n.id) < (${options.after.at}::timestamptz, ${options.after.id}::uuid)`,
    );
  }
  return selectRows<NotificationRow>(
    db,
    Prisma.sql`SELECT n.id, n.type::text AS type, n."ticketId", t.number AS "ticketNumber",
        t.subject AS "ticketSubject", n."actorName", n.excerpt, n."createdAt", n."readAt"
      FROM user_notifications n LEFT JOIN tickets t ON t.id = n."ticketId"
      WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY n."createdAt" DESC, n.id DESC
      LIMIT ${options.limit + 1}`,
  );
}

/** How many of the caller's notifications (those listNotificationRows shows) are unread. */
export async function countUnreadNotifications(db: Db, principal: Principal): Promise<number> {
  const [row] = await selectRows<{ count: number }>(
    db,
    Prisma.sql`SELECT count(*)::int AS count
      FROM user_notifications n LEFT JOIN tickets t ON t.id = n."ticketId"
      WHERE ${ownVisibleSql(principal)} AND n."readAt" IS NULL`,
  );
  return row?.count ?? 0;
}

/** Marks read (now) the unread notifications of `userId` among `ids`, or all of them (ids null). */
export async function markNotificationsRead(
  db: Db,
  userId: string,
  ids: readonly string[] | null,
): Promise<void> {
  await db.userNotification.updateMany({
    where: { userId, readAt: null, ...(ids ? { id: { in: [...ids] } } : {}) },
    data: { readAt: new Date() },
  });
}

/** The active agents and admins of `organizationId`: who a note may mention. */
export function findActiveStaffNames(
  db: Db,
  organizationId: string,
): Promise<{ id: string; name: string }[]> {
  return db.user.findMany({
    where: { organizationId, isActive: true, role: { in: ['AGENT', 'ADMIN'] } },
    select: { id: true, name: true },
  });
}

/** A notification to write. */
export interface NewNotification {
  organizationId: string;
  userId: string;
  type: UserNotificationType;
  ticketId: string | null;
  actorName: string | null;
  excerpt: string | null;
}

/** A notification to write, with its id and the live notice that tells its user (JSON text). */
export interface NewVisibleNotification extends NewNotification {
  id: string;
  ticketId: string;
  notice: string;
}

/**
 * Writes those of `rows` whose user may see their ticket now — active staff of its
 * organization, the ticket not deleted, an agent restricted to groups a member of its group (as
 * plugins/auth.ts and visibleTicketsSql decide it) — and queues the live notice of each one
 * written (sent at the commit), in ONE statement: it runs for every assignment by someone else
 * and every customer reply to an assigned ticket (bench/README.md "What the outbox's work
 * costs": the check, the insert and the notices had been three round trips). Prepared: its text
 * is the same whatever the number of rows.
 * @returns how many were written.
 */
export function insertVisibleNotifications(
  db: Db,
  rows: readonly NewVisibleNotification[],
): Promise<number> {
  if (rows.length === 0) return Promise.resolve(0);
  const column = <K extends keyof NewVisibleNotification>(key: K) => rows.map((row) => row[key]);
  return executeSql(
    db,
    Prisma.sql`WITH written AS (
        INSERT INTO user_notifications (id, "organizationId", "userId", type, "ticketId",
          "actorName", excerpt)
        SELECT n.id, n.org, n."user", n.type::"UserNotificationType", n.ticket, n.actor,
               n.excerpt
        FROM unnest(${column('id')}::uuid[], ${column('organizationId')}::uuid[],
                    ${column('userId')}::uuid[], ${column('type')}::text[],
                    ${column('ticketId')}::uuid[], ${column('actorName')}::text[],
                    ${column('excerpt')}::text[])
          AS n(id, org, "user", type, ticket, actor, excerpt)
        WHERE EXISTS (
          SELECT 1 FROM users u JOIN tickets t ON t.id = n.ticket
          WHERE u.id = n."user" AND u."organizationId" = n.org
            AND t."organizationId" = u."organizationId"
            AND u."isActive" AND u.role IN ('AGENT', 'ADMIN') AND t."deletedAt" IS NULL
            AND (NOT u."groupRestricted" OR EXISTS (SELECT 1 FROM group_members gm
                  WHERE gm."userId" = u.id AND gm."groupId" = t."groupId")))
        RETURNING id
      )
      SELECT ${notifyLiveSql(Prisma.sql`p.notice`)}
      FROM written w
      JOIN unnest(${column('id')}::uuid[], ${column('notice')}::text[]) AS p(id, notice)
        ON p.id = w.id`,
    { prepared: true },
  );
}
