/**
 * Recording prepared files (prepare-attachments.ts) in the transaction of the ticket or response
 * they belong to: the storage quotas checked again, one row and one ATTACHMENT_ADDED activity
 * row per file, then their `attachment.added` events (README.md "Events").
 */
import type { AttachmentsConfig } from '../../config.js';
import type { Prisma } from '../../lib/db.js';
import { recordActivity, type Actor } from '../activity/index.js';
import { emitAttachmentAdded } from '../tickets/index.js';
import type { AttachmentRow } from './attachments.presenter.js';
import { findTicketForEvents, insertAttachment } from './attachments.repository.js';
import type { PreparedAttachment } from './prepare-attachments.js';
import { assertStorageQuota } from './upload-limits.js';

/** What the recorded attachments belong to, and who adds them. */
export interface AttachmentTarget {
  organizationId: string;
  ticketId: string;
  /** null: attached to the ticket itself (at creation, or by POST /api/tickets/:id/attachments). */
  responseId: string | null;
  /** On an internal note: the activity rows are internal too. */
  isInternal: boolean;
  uploadedById: string | null;
  actor: Actor;
  now: Date;
}

/**
 * Writes the rows of `prepared` attachments for `target`, with one ATTACHMENT_ADDED activity
 * row each (internal when on an internal note), inside the caller's transaction `tx`, which
 * holds the ticket's row lock (or created it); then, unless `options.emitEvents` is false (the
 * caller emits them itself with `emitAttachmentsAdded`, after its own event that announces the ticket
 * or response with these files), their `attachment.added` events.
 * @returns the rows, in upload order.
 * @throws StorageQuotaExceededError (413) when the files would pass a storage quota.
 */
export async function recordAttachments(
  tx: Prisma.TransactionClient,
  quota: AttachmentsConfig['quota'],
  target: AttachmentTarget,
  prepared: readonly PreparedAttachment[],
  options: { emitEvents?: boolean } = {},
): Promise<AttachmentRow[]> {
  // Checked again here, against the rows committed since the files were received.
  if (prepared.length) {
    await assertStorageQuota(
      tx,
      quota,
      { organizationId: target.organizationId, userId: target.uploadedById },
      prepared.reduce((sum, file) => sum + file.sizeBytes, 0),
    );
  }
  const rows: AttachmentRow[] = [];
  for (const [index, file] of prepared.entries()) {
    // 1 ms apart, so that lists ordered by time keep the upload order.
    const createdAt = new Date(target.now.getTime() + index);
    const row = await insertAttachment(tx, {
      organizationId: target.organizationId,
      ticketId: target.ticketId,
      responseId: target.responseId,
      uploadedById: target.uploadedById,
      fileName: file.fileName,
      mimeType: file.mimeType,
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
      storageKey: file.storageKey,
      thumbnailKey: file.thumbnailKey,
      width: file.width,
      height: file.height,
      createdAt,
    });
    const presented = {
      ...row,
      response: target.responseId ? { isInternal: target.isInternal } : null,
    };
    rows.push(presented);
    await recordActivity(tx, target.actor, {
      organizationId: target.organizationId,
      ticketId: target.ticketId,
      type: 'ATTACHMENT_ADDED',
      after: {
        attachmentId: row.id,
        fileName: row.fileName,
        mimeType: row.mimeType,
        sizeBytes: row.sizeBytes,
        ...(target.responseId ? { responseId: target.responseId } : {}),
      },
      isInternal: target.isInternal,
      createdAt,
    });
  }
  if (options.emitEvents !== false) await emitAttachmentsAdded(tx, target, rows);
  return rows;
}

/**
 * One `attachment.added` event per row (events/emit-event.ts), in `tx`, with the ticket as read
 * in `tx` (`ticketInclude`: its own files included) and `isInternal` from `target`: files on an
 * internal note are announced too, and the webhook dispatcher delivers those only to endpoints
 * with `includeInternal`, as it does internal notes (webhook-deliveries.ts; docs/product.md "Roles":
 * nothing internal on any customer channel). Nothing for no rows.
 */
export async function emitAttachmentsAdded(
  tx: Prisma.TransactionClient,
  target: Pick<AttachmentTarget, 'ticketId' | 'isInternal' | 'actor'>,
  rows: readonly AttachmentRow[],
): Promise<void> {
  if (!rows.length) return;
  const ticket = await findTicketForEvents(tx, target.ticketId);
  for (const row of rows) {
    await emitAttachmentAdded(
      tx,
      ticket,
      target.actor,
      {
        id: row.id,
        responseId: row.responseId,
        fileName: row.fileName,
        mimeType: row.mimeType,
        sizeBytes: row.sizeBytes,
        createdAt: row.createdAt,
      },
      target.isInternal,
    );
  }
}
