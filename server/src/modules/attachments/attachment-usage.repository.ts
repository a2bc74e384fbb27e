/**
 * The bytes of live attachments (`attachments`), for the storage quotas (upload-limits.ts): summed
 * by the indexes on (organizationId, deletedAt, sizeBytes) and (uploadedById, deletedAt,
 * sizeBytes). Apart from attachments.repository.ts because the upload limits are part of the
 * module's surface (index.ts) and must not depend on the tickets module.
 */
import type { Db } from '../../lib/db.js';

/** Bytes of the organization's live attachments (null: none). */
export async function sumOrganizationAttachmentBytes(
  db: Db,
  organizationId: string,
): Promise<number | null> {
  const result = await db.attachment.aggregate({
    where: { organizationId, deletedAt: null },
    _sum: { sizeBytes: true },
  });
  return result._sum.sizeBytes;
}

/** Bytes of the live attachments the user `userId` uploaded (null: none). */
export async function sumUploadedAttachmentBytes(db: Db, userId: string): Promise<number | null> {
  const result = await db.attachment.aggregate({
    where: { uploadedById: userId, deletedAt: null },
    _sum: { sizeBytes: true },
  });
  return result._sum.sizeBytes;
}
