/**
 * Users as recipients of email notifications (modules/notifications): who they are and how to
 * write to them (address, name, language, time zone). Only active users of the organization.
 */
import type { Db } from '../../lib/db.js';

/** What a mail to a user needs. */
export interface UserRecipientRow {
  id: string;
  email: string;
  name: string;
  locale: string;
  timeZone: string;
}

const recipientSelect = {
  id: true,
  email: true,
  name: true,
  locale: true,
  timeZone: true,
} as const;

/**
 * The user `id` of `organizationId` if active (and, with `staffOnly`, an agent or admin); null
 * otherwise.
 */
export function findActiveUserRecipient(
  db: Db,
  input: { id: string; organizationId: string; staffOnly: boolean },
): Promise<UserRecipientRow | null> {
  return db.user.findFirst({
    where: {
      id: input.id,
      organizationId: input.organizationId,
      isActive: true,
      ...(input.staffOnly ? { role: { in: ['AGENT', 'ADMIN'] } } : {}),
    },
    select: recipientSelect,
  });
}

/** The active admins of `organizationId`, by email. */
export function listActiveAdminRecipients(
  db: Db,
  organizationId: string,
): Promise<UserRecipientRow[]> {
  return db.user.findMany({
    where: { organizationId, role: 'ADMIN', isActive: true },
    select: recipientSelect,
    orderBy: { email: 'asc' },
  });
}
