/**
 * The `users` table (docs/decisions/0005-repositories.md): the queries of the users module, of
 * sign-in (modules/auth) and of the assignee check (assignable-agent.ts). Each function takes
 * the client or a transaction client first, returns rows (never the password hash unless its
 * name says so) and `null` for a user that is not there; the rules are the callers'.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { selectFirstRow } from '../../db/select-rows.js';
import type { Db } from '../../lib/db.js';
import type { Role } from '../../lib/domain.js';

/** What a user sees of themselves (`GET /api/auth/me`). */
const profileSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  organizationId: true,
  locale: true,
  timeZone: true,
} satisfies Prisma.UserSelect;

/** What admins see of a user: the profile, its state and its dates (never the password hash). */
const userSelect = {
  ...profileSelect,
  isActive: true,
  availability: true,
  groupRestricted: true,
  lastLoginAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.UserSelect;
/** A user as the users module shows it to admins: every column but the password hash. */
export type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

/** The user `id` of `organizationId` (`id` already lower-cased), or null. */
export function findUserInOrganization(
  db: Db,
  organizationId: string,
  id: string,
): Promise<UserRow | null> {
  return db.user.findFirst({
    where: { id, organizationId },
    select: userSelect,
  });
}

/** `%`, `_` and `\` match literally in a LIKE pattern once escaped (PostgreSQL's default escape is `\`). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The filters of a page of an organization's users (every one optional but the organization). */
export interface UserListFilter {
  organizationId: string;
  /** Any of these roles. */
  roles?: Role[];
  isActive?: boolean;
  /** Case-insensitive substring of the name or the email, wildcards taken literally. */
  q?: string;
  /** The keyset position: users after this (name, id). */
  after?: { name: string; id: string };
}

/** Up to `take` users matching `filter`, by name then id. */
export function listUsers(db: Db, filter: UserListFilter, take: number): Promise<UserRow[]> {
  const where: Prisma.UserWhereInput[] = [{ organizationId: filter.organizationId }];
  if (filter.roles) where.push({ role: { in: filter.roles } });
  if (filter.isActive !== undefined) where.push({ isActive: filter.isActive });
  if (filter.q) {
    const pattern = escapeLike(filter.q);
    where.push({
      OR: [
        { name: { contains: pattern, mode: 'insensitive' } },
        { email: { contains: pattern, mode: 'insensitive' } },
      ],
    });
  }
  if (filter.after) {
    const { name, id } = filter.after;
    where.push({ OR: [{ name: { gt: name } }, { name, id: { gt: id } }] });
  }
  return db.user.findMany({
    where: { AND: where },
    select: userSelect,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take,
  });
}

/** The id of the user with this (lower-cased) email, in any organization, or null. */
export function findUserIdByEmail(db: Db, email: string): Promise<{ id: string } | null> {
  return db.user.findUnique({ where: { email }, select: { id: true } });
}

/** The organization of the user with this (lower-cased) email, in any organization, or null. */
export function findUserOrganizationByEmail(
  db: Db,
  email: string,
): Promise<{ organizationId: string } | null> {
  return db.user.findUnique({
    where: { email },
    select: { organizationId: true },
  });
}

/** A new user's columns; `locale` and `timeZone` left out take the table's defaults. */
export interface NewUser {
  organizationId: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
  locale?: string;
  timeZone?: string;
}

/** Inserts a user. Throws the database's unique violation when the email is taken. */
export function insertUser(db: Db, user: NewUser): Promise<UserRow> {
  return db.user.create({ data: user, select: userSelect });
}

/** The columns of a user that an update may change (those left out keep their value). */
export interface UserChanges {
  name?: string;
  role?: Role;
  locale?: string;
  timeZone?: string;
  isActive?: boolean;
  groupRestricted?: boolean;
  passwordHash?: string;
}

/** Applies `changes` to the user `id` and returns the user after them. */
export function updateUser(db: Db, id: string, changes: UserChanges): Promise<UserRow> {
  return db.user.update({ where: { id }, data: changes, select: userSelect });
}

/** Marks the user `id` inactive. */
export async function deactivateUser(db: Db, id: string): Promise<void> {
  await db.user.update({ where: { id }, data: { isActive: false } });
}

/**
 * The user `userId` of `organizationId` if active and in one of `roles`, else null (inactive,
 * another role, another organization or none).
 */
export function findActiveUserInRoles(
  db: Db,
  organizationId: string,
  userId: string,
  roles: Role[],
): Promise<{ id: string; name: string } | null> {
  // Prepared, through the pool outside a transaction (db/select-rows.ts): a create or an
  // assignment makes it, and the ORM's query building cost more than the lookup (bench/).
  return selectFirstRow<{ id: string; name: string }>(
    db,
    Prisma.sql`SELECT id, name FROM users
      WHERE id = ${userId}::uuid AND "organizationId" = ${organizationId}::uuid AND "isActive"
        AND role::text = ANY(${roles}::text[])`,
    [userId],
  );
}

/** A user's own profile (what `GET /api/auth/me` shows). */
export type UserProfileRow = Prisma.UserGetPayload<{ select: typeof profileSelect }>;

/** The profile of the user `id`, or null. */
export function findUserProfile(db: Db, id: string): Promise<UserProfileRow | null> {
  return db.user.findUnique({ where: { id }, select: profileSelect });
}

/** The active user of `organizationId` with this (lower-cased) email: id and role, or null. */
export function findActiveUserByEmail(
  db: Db,
  organizationId: string,
  email: string,
): Promise<{ id: string; role: Role; name: string } | null> {
  return db.user.findFirst({
    where: { email, organizationId, isActive: true },
    select: { id: true, role: true, name: true },
  });
}

/**
 * The profile of the user with this (lower-cased) email with what sign-in checks: the password
 * hash and the active flag; null when no user has it.
 */
export function findUserCredentialsByEmail(
  db: Db,
  email: string,
): Promise<(UserProfileRow & { passwordHash: string | null; isActive: boolean }) | null> {
  return db.user.findUnique({
    where: { email },
    select: { ...profileSelect, passwordHash: true, isActive: true },
  });
}

/** Records that the user `id` signed in at `at`. */
export async function recordSignIn(db: Db, id: string, at: Date): Promise<void> {
  await db.user.update({ where: { id }, data: { lastLoginAt: at } });
}
