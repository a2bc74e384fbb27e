/**
 * The `mailboxes` table (docs/decisions/0005-repositories.md: admin CRUD through Prisma with an
 * explicit select; the fetchers' lease in SQL). Rules are the callers'.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { selectFirstRow } from '../../db/select-rows.js';
import type { Db } from '../../lib/db.js';

export type MailboxRow = Prisma.MailboxGetPayload<object>;

/** The organization's mailboxes, by address. */
export function findMailboxes(db: Db, organizationId: string): Promise<MailboxRow[]> {
  return db.mailbox.findMany({ where: { organizationId }, orderBy: { address: 'asc' } });
}

/** One mailbox of the organization, or null. */
export function findMailbox(
  db: Db,
  organizationId: string,
  id: string,
): Promise<MailboxRow | null> {
  return db.mailbox.findFirst({ where: { id, organizationId } });
}

/** A mailbox by id, whatever its organization (the inbound endpoint's HTTP Basic user), or null. */
export function findMailboxById(db: Db, id: string): Promise<MailboxRow | null> {
  return db.mailbox.findUnique({ where: { id } });
}

/** The active mailboxes whose address is one of `addresses` (lower-cased), of `organizationId` when given. */
export function findActiveMailboxesByAddress(
  db: Db,
  addresses: readonly string[],
  organizationId?: string,
): Promise<MailboxRow[]> {
  return db.mailbox.findMany({
    where: {
      address: { in: [...addresses] },
      isActive: true,
      ...(organizationId ? { organizationId } : {}),
    },
  });
}

/** Every active mailbox's address (lower-cased): Docket's own addresses, for loop detection. */
export async function findAllMailboxAddresses(db: Db): Promise<string[]> {
  const rows = await db.mailbox.findMany({ where: { isActive: true }, select: { address: true } });
  return rows.map((row) => row.address);
}

/**
 * The address of the organization's first active mailbox (by creation), for the Reply-To of its
 * notifications; null when it has none. A prepared raw statement: the `email` subscriber reads it
 * for every mail to a requester (bench/README.md "What the outbox's work costs").
 */
export async function findPrimaryMailbox(
  db: Db,
  organizationId: string,
): Promise<{ address: string } | null> {
  return selectFirstRow<{ address: string }>(
    db,
    Prisma.sql`SELECT address FROM mailboxes WHERE "organizationId" = ${organizationId}::uuid
      AND "isActive" ORDER BY "createdAt", id LIMIT 1`,
    [organizationId],
  );
}

/** Inserts a mailbox. @throws Prisma P2002 when the address is taken. */
export function insertMailbox(
  db: Db,
  data: Prisma.MailboxUncheckedCreateInput,
): Promise<MailboxRow> {
  return db.mailbox.create({ data });
}

/** Updates a mailbox of the organization. @returns it, or null when it is not there. */
export async function updateMailbox(
  db: Db,
  organizationId: string,
  id: string,
  data: Prisma.MailboxUncheckedUpdateInput,
): Promise<MailboxRow | null> {
  const { count } = await db.mailbox.updateMany({ where: { id, organizationId }, data });
  return count ? findMailbox(db, organizationId, id) : null;
}

/** Deletes a mailbox of the organization (its log rows keep their content). @returns whether it was there. */
export async function deleteMailbox(db: Db, organizationId: string, id: string): Promise<boolean> {
  const { count } = await db.mailbox.deleteMany({ where: { id, organizationId } });
  return count > 0;
}

/** The active mailboxes with an IMAP account. */
export function findImapMailboxes(db: Db): Promise<MailboxRow[]> {
  return db.mailbox.findMany({ where: { isActive: true, imapHost: { not: null } } });
}

/** The mailboxes with an IMAP account, active, whose fetch lease is free or expired at `now`. */
export function findImapMailboxesDue(db: Db, now: Date): Promise<MailboxRow[]> {
  return db.mailbox.findMany({
    where: {
      isActive: true,
      imapHost: { not: null },
      OR: [{ imapLockedUntil: null }, { imapLockedUntil: { lt: now } }],
    },
  });
}

/**
 * Takes the fetch lease of mailbox `id` for `holder` until `until`, if it is free or expired (or
 * already this holder's). @returns whether it was taken: one fetcher per mailbox across instances.
 */
export async function takeImapLease(
  db: Db,
  id: string,
  holder: string,
  now: Date,
  until: Date,
): Promise<boolean> {
  const { count } = await db.mailbox.updateMany({
    where: {
      id,
      OR: [{ imapLockedUntil: null }, { imapLockedUntil: { lt: now } }, { imapLockedBy: holder }],
    },
    data: { imapLockedBy: holder, imapLockedUntil: until },
  });
  return count === 1;
}

/** Releases the lease of `holder` and records the fetch: its time and its error (or none). */
export async function recordImapFetch(
  db: Db,
  id: string,
  holder: string,
  now: Date,
  lastError: string | null,
): Promise<void> {
  await db.mailbox.updateMany({
    where: { id, imapLockedBy: holder },
    data: { imapLockedBy: null, imapLockedUntil: null, lastPollAt: now, lastError },
  });
}

/** Stores where fetching stopped: the folder's UIDVALIDITY and the last UID processed. */
export async function saveImapCursor(
  db: Db,
  id: string,
  uidValidity: bigint,
  lastUid: bigint | null,
): Promise<void> {
  await db.mailbox.update({
    where: { id },
    data: { imapUidValidity: uidValidity, imapLastUid: lastUid },
  });
}

/** Counts a processed mail on the mailbox. */
export async function countMailProcessed(db: Db, id: string): Promise<void> {
  await db.mailbox.updateMany({ where: { id }, data: { mailsProcessed: { increment: 1 } } });
}
