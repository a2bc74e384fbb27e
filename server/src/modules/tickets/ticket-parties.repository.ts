/**
 * The lookups a ticket's create and PATCH make of what a ticket refers to: its category by name
 * and its requester (docs/decisions/0005-repositories.md). The `categories` and `users` modules
 * own those tables and export no such lookup, so the ticket use cases keep theirs here. Each
 * function takes the client or a transaction client first; `null` when there is none.
 */
import type { Db } from '../../lib/db.js';

/** The active category of `organizationId` named `name` in any case (`mode: insensitive`); null if none. */
export function findActiveCategoryByName(
  db: Db,
  organizationId: string,
  name: string,
): Promise<{ id: string; name: string } | null> {
  return db.category.findFirst({
    where: { organizationId, isActive: true, name: { equals: name, mode: 'insensitive' } },
    select: { id: true, name: true },
  });
}

/** The active user `id` of `organizationId` (any role); null if none. */
export function findActiveUserInOrganization(
  db: Db,
  organizationId: string,
  id: string,
): Promise<{ id: string; name: string; email: string } | null> {
  return db.user.findFirst({
    where: { id, organizationId, isActive: true },
    select: { id: true, name: true, email: true },
  });
}

/**
 * The user of `organizationId` whose email is `email` (already lower-cased), active or not; null
 * if none. Raw SQL on the create path: the ORM's query building was a measurable part of a
 * create's CPU (bench/).
 */
export async function findUserByEmailInOrganization(
  db: Db,
  organizationId: string,
  email: string,
): Promise<{ id: string; name: string; email: string } | null> {
  const [user] = await db.$queryRaw<{ id: string; name: string; email: string }[]>`
      SELECT id, name, email FROM users
      WHERE email = ${email} AND "organizationId" = ${organizationId}::uuid LIMIT 1`;
  return user ?? null;
}

/** The group `id` of `organizationId` as `{id, name}`; null if none. */
export function findGroupInOrganization(
  db: Db,
  organizationId: string,
  id: string,
): Promise<{ id: string; name: string } | null> {
  return db.group.findFirst({ where: { id, organizationId }, select: { id: true, name: true } });
}

/** Whether `userId` is a member of the group `groupId`. */
export async function isGroupMember(db: Db, groupId: string, userId: string): Promise<boolean> {
  const member = await db.groupMember.findUnique({
    where: { groupId_userId: { groupId, userId } },
    select: { userId: true },
  });
  return member !== null;
}
