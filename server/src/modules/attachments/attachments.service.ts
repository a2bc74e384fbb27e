/**
 * Attachments: files on tickets and responses (docs/product.md "Attachments", "Roles").
 *
 * - Intake (`prepare`, then `record` inside the caller's transaction): each upload's type is
 *   decided by its content (file-inspection.ts) — PDF, DOC, DOCX, XLSX, ODS, JPG, PNG, GIF,
 *   WEBP, ZIP, MP4, WebM, and UTF-8 text named .txt/.log/.csv (text-check.ts) — else 415
 *   `unsupported_file_type` naming the file as uploaded and the detected type; bytes that are a
 *   program (ELF, PE, Mach-O, `#!`) are that 415 whatever else they look like. What the type
 *   claims must hold: a PDF must parse, a DOCX/XLSX/ODS must be a package with its parts, a
 *   ZIP's directory must read (422 `invalid_file`); images are checked
 *   against ATTACHMENT_MAX_IMAGE_PIXELS (422 `image_too_large`) and must decode in full (422
 *   `invalid_image`). `record` checks the storage quotas again in its transaction (413
 *   `storage_quota_exceeded`; upload-limits.ts; the rates and the first quota check run while
 *   the files are received, plugins/multipart.ts).
 *   Every file of a request is checked before any is stored, and rows are written only after the
 *   bytes are in the store, in the transaction of the ticket or response they belong to, with
 *   one ATTACHMENT_ADDED activity row each: nothing half-written, never a row without its bytes.
 * - Access follows the ticket and the response the file belongs to: staff (agents, admins, API
 *   keys) of the organization see all; a customer only the files of their own tickets that are
 *   not on internal notes; anything else is 404 (never 403). The public tracker sees the public
 *   ones of the token's ticket only.
 * - Removal (staff): the row is kept as history with `deletedAt` and an ATTACHMENT_REMOVED row;
 *   the bytes go with the next cleanup once no live row references them.
 * - `cleanupUnreferenced`: removes stored objects no live attachment row references (a hard-
 *   deleted ticket's files, removed attachments, uploads whose transaction failed), once older
 *   than ATTACHMENT_CLEANUP_GRACE_MINUTES, and stale temporary files.
 */
import type { Readable } from 'node:stream';
import type { Config } from '../../config.js';
import { recordActivity } from '../activity/index.js';
import { isUuid } from '../../lib/cursor.js';
import type { Db, Prisma, PrismaClient } from '../../lib/db.js';
import { NotFoundError, ValidationError, refuseIfClosed } from '../../lib/errors.js';
import { userIdOf, type Principal } from '../../lib/principal.js';
import type { Upload } from '../../plugins/multipart.js';
import { findVisibleTicket } from '../tickets/index.js';
import type { AttachmentStore } from './attachment-store.js';
import type { Attachment } from './attachments.schemas.js';
import { presentAttachment, type AttachmentRow } from './attachments.presenter.js';
import {
  findAnyReferencedKeys,
  findPublicAttachment,
  findVisibleAttachment,
  lockLiveTicket,
  markAttachmentRemoved,
  touchTicket,
} from './attachments.repository.js';
import { cleanupUnreferenced as removeUnreferenced } from './cleanup-unreferenced.js';
import { prepareAttachments, type PreparedAttachment } from './prepare-attachments.js';
import { THUMBNAIL_MIME } from './thumbnails.js';
import {
  emitAttachmentsAdded,
  recordAttachments,
  type AttachmentTarget,
} from './record-attachments.js';

export type { PreparedAttachment };

/** One opened file: its metadata and its bytes. */
export interface OpenedAttachment {
  fileName: string;
  mimeType: string;
  sizeBytes: number | null;
  sha256: string | null;
  body: Readable;
}

/** A live attachment the principal may see. @throws NotFoundError */
async function findVisible(db: Db, principal: Principal, id: string): Promise<AttachmentRow> {
  if (!isUuid(id)) throw new NotFoundError('Attachment');
  const row = await findVisibleAttachment(db, principal, id.toLowerCase());
  if (!row) throw new NotFoundError('Attachment');
  return row;
}

/** The metadata and bytes of `row`'s file or thumbnail. @throws NotFoundError (no thumbnail) */
async function open(
  store: AttachmentStore,
  row: AttachmentRow,
  kind: 'content' | 'thumbnail',
): Promise<OpenedAttachment> {
  if (kind === 'thumbnail') {
    if (!row.thumbnailKey) throw new NotFoundError('Thumbnail');
    const stem = row.fileName.replace(/\.[^.]*$/, '');
    return {
      fileName: `${stem}-thumbnail.webp`,
      mimeType: THUMBNAIL_MIME,
      sizeBytes: null,
      sha256: null,
      body: await store.read(row.thumbnailKey),
    };
  }
  return {
    fileName: row.fileName,
    mimeType: row.mimeType,
    sizeBytes: row.sizeBytes,
    sha256: row.storageKey.split('/').pop() ?? null,
    body: await store.read(row.storageKey),
  };
}

/**
 * DELETE /api/attachments/:id (staff; the route refuses customers with 403): marks the
 * attachment removed, writes ATTACHMENT_REMOVED (internal when it was on an internal note) and
 * moves the ticket's version and updatedAt, in one transaction. Its bytes are removed by the
 * next cleanup once no live attachment shares them. @throws NotFoundError
 */
async function removeAttachment(
  prisma: PrismaClient,
  principal: Principal,
  id: string,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const row = await findVisible(tx, principal, id);
    const now = new Date();
    const count = await markAttachmentRemoved(tx, row.id, now);
    if (count === 0) throw new NotFoundError('Attachment');
    await recordActivity(tx, principal, {
      organizationId: principal.organizationId,
      ticketId: row.ticketId,
      type: 'ATTACHMENT_REMOVED',
      before: {
        attachmentId: row.id,
        fileName: row.fileName,
        ...(row.responseId ? { responseId: row.responseId } : {}),
      },
      isInternal: row.response?.isInternal ?? false,
      createdAt: now,
    });
    await touchTicket(tx, row.ticketId, now);
  });
}

export function createAttachmentsService(deps: {
  prisma: PrismaClient;
  config: Pick<Config, 'attachments' | 'publicUrl'>;
  store: AttachmentStore;
}) {
  const { prisma, store } = deps;
  const limits = deps.config.attachments;

  /**
   * Checks every upload, then stores the bytes (and thumbnails) of all of them
   * (prepare-attachments.ts). Nothing is stored unless every file passes.
   * @throws UnsupportedFileTypeError (415), InvalidFileError (422 `invalid_file`), AppError 422
   * `image_too_large` / `invalid_image`.
   */
  function prepare(uploads: readonly Upload[]): Promise<PreparedAttachment[]> {
    return prepareAttachments(uploads, { store, limits });
  }

  /**
   * Writes the rows of `prepared` attachments for `target` in the caller's transaction `tx`, and
   * unless `options.emitEvents` is false their events (record-attachments.ts recordAttachments).
   * @returns the rows, in upload order.
   * @throws StorageQuotaExceededError (413) when the files would pass a storage quota.
   */
  function record(
    tx: Prisma.TransactionClient,
    target: AttachmentTarget,
    prepared: readonly PreparedAttachment[],
    options: { emitEvents?: boolean } = {},
  ): Promise<AttachmentRow[]> {
    return recordAttachments(tx, limits.quota, target, prepared, options);
  }

  /**
   * One `attachment.added` event per row, in `tx`, for a caller that recorded the files with
   * `emitEvents: false` (record-attachments.ts emitAttachmentsAdded).
   */
  function emitAddedEvents(
    tx: Prisma.TransactionClient,
    target: Pick<AttachmentTarget, 'ticketId' | 'isInternal' | 'actor'>,
    rows: readonly AttachmentRow[],
  ): Promise<void> {
    return emitAttachmentsAdded(tx, target, rows);
  }

  /** GET /api/attachments/:id: the metadata. @throws NotFoundError */
  async function get(principal: Principal, id: string): Promise<Attachment> {
    return presentAttachment(await findVisible(prisma, principal, id));
  }

  /**
   * GET /api/attachments/:id/content and …/thumbnail: the bytes of an attachment the principal
   * may see. @throws NotFoundError (also for the thumbnail of a document)
   */
  async function openForPrincipal(
    principal: Principal,
    id: string,
    kind: 'content' | 'thumbnail',
  ): Promise<OpenedAttachment> {
    return open(store, await findVisible(prisma, principal, id), kind);
  }

  /**
   * The tracker's download: a public attachment (on the ticket itself or on a public reply) of
   * the live ticket `ticketId` (already proven by a tracking token). @throws NotFoundError
   */
  async function openPublic(
    ticketId: string,
    attachmentId: string,
    kind: 'content' | 'thumbnail',
  ): Promise<OpenedAttachment> {
    if (!isUuid(attachmentId)) throw new NotFoundError('Attachment');
    const row = await findPublicAttachment(prisma, ticketId, attachmentId.toLowerCase());
    if (!row) throw new NotFoundError('Attachment');
    return open(store, row, kind);
  }

  /**
   * POST /api/tickets/:id/attachments: files on the ticket itself (public: the requester sees
   * them), for integrators and anyone who may reply (staff; the requester on their own ticket).
   * ATTACHMENT_ADDED activity per file; the ticket's version and updatedAt move.
   * @throws NotFoundError, ValidationError (no file), ConflictError `ticket_closed`, 415, 422
   */
  async function addToTicket(
    principal: Principal,
    ticketIdOrReference: string,
    uploads: readonly Upload[],
  ): Promise<Attachment[]> {
    const ticket = await findVisibleTicket(prisma, principal, ticketIdOrReference);
    if (uploads.length === 0) {
      throw new ValidationError('Send the files as multipart/form-data parts', [
        { path: 'files', message: 'at least one file is required' },
      ]);
    }
    refuseIfClosed(ticket.status);
    const prepared = await prepare(uploads);
    const rows = await prisma.$transaction(async (tx) => {
      const locked = await lockLiveTicket(tx, ticket.id);
      if (!locked) throw new NotFoundError('Ticket');
      refuseIfClosed(locked.status);
      const now = new Date();
      await touchTicket(tx, ticket.id, now);
      return record(
        tx,
        {
          organizationId: principal.organizationId,
          ticketId: ticket.id,
          responseId: null,
          isInternal: false,
          uploadedById: userIdOf(principal),
          actor: principal,
          now,
        },
        prepared,
      );
    });
    return rows.map(presentAttachment);
  }

  /** DELETE /api/attachments/:id: see removeAttachment. @throws NotFoundError */
  function remove(principal: Principal, id: string): Promise<void> {
    return removeAttachment(prisma, principal, id);
  }

  /**
   * Removes from the store every object that no live attachment row references and that is
   * older than ATTACHMENT_CLEANUP_GRACE_MINUTES, and stale temporary upload files
   * (cleanup-unreferenced.ts). @returns how many objects and temporary files were removed.
   */
  function cleanupUnreferenced(
    options: { now?: Date } = {},
  ): Promise<{ removedObjects: number; removedTemporaryFiles: number }> {
    return removeUnreferenced({ db: prisma, store, limits }, options);
  }

  /**
   * Removes from the store the objects `keys` that no attachment row (live or removed)
   * references any more: the bytes of rows just deleted for good (a data-subject erasure, a
   * retention run), at once rather than at the next cleanup. Call it after the deleting
   * transaction committed. @returns how many objects were removed.
   */
  async function removeUnreferencedKeys(keys: readonly string[]): Promise<number> {
    const unique = [...new Set(keys)];
    if (!unique.length) return 0;
    const still = new Set(
      (await findAnyReferencedKeys(prisma, unique)).flatMap((r) => [
        r.storageKey,
        r.thumbnailKey ?? '',
      ]),
    );
    let removed = 0;
    for (const key of unique.filter((k) => !still.has(k))) {
      await store.remove(key);
      removed++;
    }
    return removed;
  }

  return {
    prepare,
    record,
    emitAddedEvents,
    get,
    openForPrincipal,
    openPublic,
    addToTicket,
    remove,
    cleanupUnreferenced,
    removeUnreferencedKeys,
  };
}

export type AttachmentsService = ReturnType<typeof createAttachmentsService>;
/** What ticket and response services need to take files with a create. */
export type AttachmentIntake = Pick<AttachmentsService, 'prepare' | 'record' | 'emitAddedEvents'>;
