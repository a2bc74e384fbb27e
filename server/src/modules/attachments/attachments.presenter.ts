/**
 * Attachment rows → the API's attachment shapes (attachments.schemas.ts): metadata and links,
 * never bytes. Kept apart from the service so that the ticket and response presenters can use it
 * without importing the service (and the ticket service it depends on).
 */
import type { Prisma } from '../../lib/db.js';
import type { Attachment, PublicAttachment } from './attachments.schemas.js';

export const attachmentSelect = {
  id: true,
  ticketId: true,
  responseId: true,
  fileName: true,
  mimeType: true,
  sizeBytes: true,
  width: true,
  height: true,
  storageKey: true,
  thumbnailKey: true,
  createdAt: true,
  response: { select: { isInternal: true } },
} satisfies Prisma.AttachmentSelect;
export type AttachmentRow = Prisma.AttachmentGetPayload<{ select: typeof attachmentSelect }>;

/** What a ticket or response query includes to present its attachments. */
export const attachmentInclude = {
  where: { deletedAt: null },
  select: attachmentSelect,
  orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
} satisfies Prisma.Ticket$attachmentsArgs;

/** What the tracker's queries include of a ticket's or response's files (presentPublicAttachment). */
export const publicAttachmentArgs = {
  where: { deletedAt: null },
  select: { id: true, fileName: true, mimeType: true, sizeBytes: true, thumbnailKey: true },
  orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
} satisfies Prisma.TicketResponse$attachmentsArgs;

/** The API shape of an attachment: metadata and links on this API (never bytes). */
export function presentAttachment(row: AttachmentRow): Attachment {
  const base = `/api/attachments/${row.id}`;
  return {
    id: row.id,
    ticketId: row.ticketId,
    responseId: row.responseId,
    fileName: row.fileName,
    mimeType: row.mimeType,
    sizeBytes: row.sizeBytes,
    width: row.width,
    height: row.height,
    isInternal: row.response?.isInternal ?? false,
    links: { content: `${base}/content`, thumbnail: row.thumbnailKey ? `${base}/thumbnail` : null },
    createdAt: row.createdAt.toISOString(),
  };
}

/** The tracker's shape: links under the tracking token, no ids. */
export function presentPublicAttachment(
  row: Pick<AttachmentRow, 'id' | 'fileName' | 'mimeType' | 'sizeBytes' | 'thumbnailKey'>,
  token: string,
): PublicAttachment {
  const base = `/api/public/tickets/${encodeURIComponent(token)}/attachments/${row.id}`;
  return {
    fileName: row.fileName,
    mimeType: row.mimeType,
    sizeBytes: row.sizeBytes,
    links: { content: `${base}/content`, thumbnail: row.thumbnailKey ? `${base}/thumbnail` : null },
  };
}
