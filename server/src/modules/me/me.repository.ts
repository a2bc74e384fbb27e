/**
 * What the profile routes read and write (docs/decisions/0005-repositories.md): the caller's own
 * user row, and their ticket_reads rows (when they last opened a ticket: the unread markers).
 */
import type { Db } from '../../lib/db.js';
import type { UpdateProfileInput } from './me.schemas.js';

const profileSelect = {
  id: true,
  name: true,
  email: true,
  role: true,
  locale: true,
  timeZone: true,
  signature: true,
  theme: true,
} as const;

/** The profile columns of the user `id` of `organizationId`; null when there is none. */
export function findProfileRow(db: Db, organizationId: string, id: string) {
  return db.user.findFirst({ where: { id, organizationId }, select: profileSelect });
}

/** Writes the given profile fields of the user `id` and returns the profile columns. */
export function updateProfileRow(db: Db, id: string, data: UpdateProfileInput) {
  return db.user.update({ where: { id }, data, select: profileSelect });
}

/**
 * Records that the user `userId` has just opened ticket `ticketId`: one upsert on the primary
 * key (userId, ticketId), `seenAt` set to the database's now.
 */
export async function upsertTicketRead(
  db: Db,
  row: { userId: string; ticketId: string; organizationId: string },
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO ticket_reads ("userId", "ticketId", "organizationId", "seenAt")
    VALUES (${row.userId}::uuid, ${row.ticketId}::uuid, ${row.organizationId}::uuid, now())
    ON CONFLICT ("userId", "ticketId") DO UPDATE SET "seenAt" = now()`;
}
