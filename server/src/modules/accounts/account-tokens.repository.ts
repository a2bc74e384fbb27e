/**
 * The `account_tokens` queries (docs/product.md "Accounts"): password-reset links and invitations,
 * stored by the SHA-256 of their token. Each function takes the client or a transaction client.
 */
import type { Db } from '../../lib/db.js';
import type { Role } from '../../lib/domain.js';

/** What an invitation list and answer show (never the token's hash). */
const invitationSelect = {
  id: true,
  email: true,
  role: true,
  groupIds: true,
  expiresAt: true,
  createdAt: true,
  createdBy: { select: { id: true, name: true } },
} as const;

/** A new token's columns. */
export interface NewAccountToken {
  organizationId: string;
  kind: 'invitation' | 'password_reset';
  email: string;
  tokenHash: string;
  expiresAt: Date;
  userId?: string | null;
  role?: Role | null;
  groupIds?: string[];
  createdById?: string | null;
}

/** Inserts a token and returns its id with what an invitation shows. */
export function insertAccountToken(db: Db, token: NewAccountToken) {
  return db.accountToken.create({ data: token, select: invitationSelect });
}

/**
 * The token with this hash and kind, with its organization's name and settings; null if none
 * (used, revoked and expired ones included: the caller says why they no longer work).
 */
export function findAccountTokenByHash(
  db: Db,
  tokenHash: string,
  kind: 'invitation' | 'password_reset',
) {
  return db.accountToken.findFirst({
    where: { tokenHash, kind },
    select: {
      id: true,
      organizationId: true,
      userId: true,
      email: true,
      role: true,
      groupIds: true,
      expiresAt: true,
      usedAt: true,
      revokedAt: true,
      organization: { select: { name: true, settings: true } },
    },
  });
}

/**
 * Marks the token used at `at` unless it was already used or revoked, or has expired by then:
 * the condition settles two concurrent uses (one wins). @returns whether this call marked it.
 */
export async function markAccountTokenUsed(db: Db, id: string, at: Date): Promise<boolean> {
  const { count } = await db.accountToken.updateMany({
    where: { id, usedAt: null, revokedAt: null, expiresAt: { gt: at } },
    data: { usedAt: at },
  });
  return count === 1;
}

/** Revokes every still-open token of `kind` for `email` in the organization (a newer one replaces them). */
export async function revokeOpenTokens(
  db: Db,
  where: { organizationId: string; kind: 'invitation' | 'password_reset'; email: string },
  at: Date,
): Promise<void> {
  await db.accountToken.updateMany({
    where: { ...where, usedAt: null, revokedAt: null },
    data: { revokedAt: at },
  });
}

/** The organization's pending invitations (neither used nor revoked; expired ones too), newest first, at most `take`. */
export function listPendingInvitations(db: Db, organizationId: string, take: number) {
  return db.accountToken.findMany({
    where: { organizationId, kind: 'invitation', usedAt: null, revokedAt: null },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    select: invitationSelect,
  });
}

/** A pending invitation of the organization by id (with the columns resending needs); null if none. */
export function findPendingInvitation(db: Db, organizationId: string, id: string) {
  return db.accountToken.findFirst({
    where: { id, organizationId, kind: 'invitation', usedAt: null, revokedAt: null },
    select: { ...invitationSelect, organizationId: true },
  });
}

/** Revokes the invitation `id` of the organization. @returns whether one was pending. */
export async function revokeInvitation(
  db: Db,
  organizationId: string,
  id: string,
  at: Date,
): Promise<boolean> {
  const { count } = await db.accountToken.updateMany({
    where: { id, organizationId, kind: 'invitation', usedAt: null, revokedAt: null },
    data: { revokedAt: at },
  });
  return count === 1;
}

/** How many of `ids` are groups of the organization. */
export function countGroupsInOrganization(db: Db, organizationId: string, ids: string[]) {
  return db.group.count({ where: { organizationId, id: { in: ids } } });
}

/** Adds the user to each group of `groupIds`. */
export async function insertGroupMemberships(db: Db, userId: string, groupIds: string[]) {
  if (groupIds.length === 0) return;
  await db.groupMember.createMany({
    data: groupIds.map((groupId) => ({ groupId, userId })),
    skipDuplicates: true,
  });
}

/** The active user with a password-less or password account by (lower-cased) email, with what a reset mail needs; null if none. */
export function findResettableUser(db: Db, email: string) {
  return db.user.findFirst({
    where: { email, isActive: true },
    select: { id: true, organizationId: true, name: true, locale: true, email: true },
  });
}

/** The organization's name and default locale setting (the invitation mail's language). */
export function findOrganizationForMail(db: Db, id: string) {
  return db.organization.findUnique({ where: { id }, select: { name: true, settings: true } });
}

/** Sets the user's password hash. */
export async function setUserPasswordHash(db: Db, userId: string, passwordHash: string) {
  await db.user.update({ where: { id: userId }, data: { passwordHash } });
}
