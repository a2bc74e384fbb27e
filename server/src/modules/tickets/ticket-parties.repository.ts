/**
 * The lookups a ticket's create and PATCH make of what a ticket refers to: its category by name
 * and its requester (docs/decisions/0005-repositories.md). The `categories` and `users` modules
 * own those tables and export no such lookup, so the ticket use cases keep theirs here. Each
 * function takes the client or a transaction client first; `null` when there is none.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { selectFirstRow } from '../../db/select-rows.js';
import type { Db } from '../../lib/db.js';

// Each lookup is a prepared statement run straight through the pool outside a transaction
// (db/select-rows.ts): they run on every create, and the ORM's query building and Prisma's
// raw-query pipeline cost more server CPU than the lookups themselves (bench/README.md "Routing").

/** The active category of `organizationId` named `name` in any case; null if none. */
export function findActiveCategoryByName(
  db: Db,
  organizationId: string,
  name: string,
): Promise<{ id: string; name: string } | null> {
  return selectFirstRow(
    db,
    Prisma.sql`SELECT id, name FROM categories
      WHERE "organizationId" = ${organizationId}::uuid AND "isActive" AND lower(name) = lower(${name})
      ORDER BY id LIMIT 1`,
  );
}

/** The active user `id` of `organizationId` (any role); null if none. */
export function findActiveUserInOrganization(
  db: Db,
  organizationId: string,
  id: string,
): Promise<{ id: string; name: string; email: string } | null> {
  return selectFirstRow(
    db,
    Prisma.sql`SELECT id, name, email FROM users
      WHERE id = ${id}::uuid AND "organizationId" = ${organizationId}::uuid AND "isActive"`,
    [id],
  );
}

/** The user of `organizationId` whose email is `email` (already lower-cased), active or not; null if none. */
export function findUserByEmailInOrganization(
  db: Db,
  organizationId: string,
  email: string,
): Promise<{ id: string; name: string; email: string } | null> {
  return selectFirstRow(
    db,
    Prisma.sql`SELECT id, name, email FROM users
      WHERE email = ${email} AND "organizationId" = ${organizationId}::uuid LIMIT 1`,
  );
}

/** The group `id` of `organizationId` as `{id, name}`; null if none. */
export function findGroupInOrganization(
  db: Db,
  organizationId: string,
  id: string,
): Promise<{ id: string; name: string } | null> {
  return selectFirstRow(
    db,
    Prisma.sql`SELECT id, name FROM groups
      WHERE id = ${id}::uuid AND "organizationId" = ${organizationId}::uuid`,
    [id],
  );
}

/** Whether `userId` is a member of the group `groupId`. */
export async function isGroupMember(db: Db, groupId: string, userId: string): Promise<boolean> {
  const row = await selectFirstRow(
    db,
    Prisma.sql`SELECT 1 AS member FROM group_members
      WHERE "groupId" = ${groupId}::uuid AND "userId" = ${userId}::uuid`,
    [groupId, userId],
  );
  return row !== null;
}
