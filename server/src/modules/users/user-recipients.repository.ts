/**
 * Users as recipients of email notifications (modules/notifications): who they are and how to
 * write to them (address, name, language, time zone). Only active users of the organization.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { selectFirstRow } from '../../db/select-rows.js';
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
 * otherwise. A prepared raw statement: the `email` subscriber reads the assignee of every
 * assignment by someone else this way (bench/README.md "What the outbox's work costs").
 */
export async function findActiveUserRecipient(
  db: Db,
  input: { id: string; organizationId: string; staffOnly: boolean },
): Promise<UserRecipientRow | null> {
  return selectFirstRow<UserRecipientRow>(
    db,
    Prisma.sql`SELECT id, email, name, locale, "timeZone" FROM users
    WHERE id = ${input.id}::uuid AND "organizationId" = ${input.organizationId}::uuid
      AND "isActive" AND (NOT ${input.staffOnly}::boolean OR role IN ('AGENT', 'ADMIN'))`,
    [input.id, input.organizationId],
  );
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
