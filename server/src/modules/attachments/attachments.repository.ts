/**
 * The queries of attachments (`attachments`): the rows of recorded files, the look-ups by who may
 * see them, their removal and the keys still referenced (for the store's cleanup); and the ticket
 * reads and writes a change of files makes. The bytes in use: attachment-usage.repository.ts.
 */
import type { Db, Prisma } from '../../lib/db.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { ticketInclude, visibleTicketsWhere } from '../tickets/index.js';
import { attachmentSelect, type AttachmentRow } from './attachments.presenter.js';
import type { PreparedAttachment } from './prepare-attachments.js';

/** The columns of a new attachment row (the file's bytes already in the store). */
export interface NewAttachment extends PreparedAttachment {
  organizationId: string;
  ticketId: string;
  responseId: string | null;
  uploadedById: string | null;
  createdAt: Date;
}

/** Inserts an attachment row. @returns it, as `attachmentSelect` reads it. */
export function insertAttachment(
  tx: Prisma.TransactionClient,
  data: NewAttachment,
): Promise<AttachmentRow> {
  return tx.attachment.create({ data, select: attachmentSelect });
}

/**
 * The ticket `ticketId` (deleted or not) with what the ticket presenter needs (tickets/index.ts
 * `ticketInclude`), for the events of its files. Called in the transaction that holds or created
 * the ticket, so it exists; else Prisma's not-found error.
 */
export function findTicketForEvents(tx: Prisma.TransactionClient, ticketId: string) {
  return tx.ticket.findUniqueOrThrow({
    where: { id: ticketId },
    include: ticketInclude,
  });
}

/** Live attachments the principal may see: organization, ticket scope, no internal-note files for customers. */
function visibleAttachmentsWhere(principal: Principal): Prisma.AttachmentWhereInput {
  return {
    organizationId: principal.organizationId,
    deletedAt: null,
    ticket: visibleTicketsWhere(principal),
    ...(isStaff(principal)
      ? {}
      : { OR: [{ responseId: null }, { response: { isInternal: false } }] }),
  };
}

/** The live attachment `id` (a lower-case uuid) if the principal may see it, else null. */
export function findVisibleAttachment(
  db: Db,
  principal: Principal,
  id: string,
): Promise<AttachmentRow | null> {
  return db.attachment.findFirst({
    where: { id, ...visibleAttachmentsWhere(principal) },
    select: attachmentSelect,
  });
}

/**
 * The live attachment `attachmentId` (a lower-case uuid) of the live ticket `ticketId` if it is
 * public (on the ticket itself or on a public reply), else null.
 */
export function findPublicAttachment(
  db: Db,
  ticketId: string,
  attachmentId: string,
): Promise<AttachmentRow | null> {
  return db.attachment.findFirst({
    where: {
      id: attachmentId,
      ticketId,
      deletedAt: null,
      ticket: { deletedAt: null },
      OR: [{ responseId: null }, { response: { isInternal: false } }],
    },
    select: attachmentSelect,
  });
}

/**
 * Takes the row lock of the live ticket `ticketId` (`SELECT … FOR UPDATE`) until the
 * transaction `tx` ends. @returns its status, or null (absent or deleted).
 */
export async function lockLiveTicket(
  tx: Prisma.TransactionClient,
  ticketId: string,
): Promise<{ status: string } | null> {
  const [locked] = await tx.$queryRaw<{ status: string }[]>`
        SELECT status::text AS status FROM tickets
        WHERE id = ${ticketId}::uuid AND "deletedAt" IS NULL FOR UPDATE`;
  return locked ?? null;
}

/** Moves a ticket's `updatedAt` to `now` and its version (its ETag) after a change of its files. */
export async function touchTicket(
  tx: Prisma.TransactionClient,
  ticketId: string,
  now: Date,
): Promise<void> {
  await tx.ticket.update({
    where: { id: ticketId },
    data: { updatedAt: now, version: { increment: 1 } },
  });
}

/** Marks the attachment `id` removed at `now` unless it already is. @returns 1, or 0 if it was. */
export async function markAttachmentRemoved(
  tx: Prisma.TransactionClient,
  id: string,
  now: Date,
): Promise<number> {
  const { count } = await tx.attachment.updateMany({
    where: { id, deletedAt: null },
    data: { deletedAt: now },
  });
  return count;
}

/** The attachment rows, live or removed, that reference any of `keys` (file or thumbnail). */
export function findAnyReferencedKeys(
  db: Db,
  keys: string[],
): Promise<{ storageKey: string; thumbnailKey: string | null }[]> {
  return db.attachment.findMany({
    where: { OR: [{ storageKey: { in: keys } }, { thumbnailKey: { in: keys } }] },
    select: { storageKey: true, thumbnailKey: true },
  });
}

/** The keys of live attachments (original or thumbnail) among `keys`. */
export function findReferencedKeys(
  db: Db,
  keys: string[],
): Promise<{ storageKey: string; thumbnailKey: string | null }[]> {
  return db.attachment.findMany({
    where: {
      deletedAt: null,
      OR: [{ storageKey: { in: keys } }, { thumbnailKey: { in: keys } }],
    },
    select: { storageKey: true, thumbnailKey: true },
  });
}
