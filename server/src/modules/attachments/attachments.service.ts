/**
 * Attachments: files on tickets and responses (docs/product.md "Attachments", "Roles").
 *
 * - Intake (`prepare`, then `record` inside the caller's transaction): each upload's type is
 *   decided by its content (file-inspection.ts) — PDF, DOC, DOCX, JPG, PNG, GIF, WEBP, else 415
 *   `unsupported_file_type` naming the detected type; bytes that are a program (ELF, PE, Mach-O,
 *   `#!`) are that 415 whatever else they look like. What the type claims must hold: a PDF must
 *   parse, a DOCX must be a package with its parts (422 `invalid_file`); images are checked
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
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Config } from '../../config.js';
import { recordActivity, type Actor } from '../activity/index.js';
import { isUuid } from '../../lib/cursor.js';
import type { Db, Prisma, PrismaClient } from '../../lib/db.js';
import { AppError, NotFoundError, ValidationError, refuseIfClosed } from '../../lib/errors.js';
import { isStaff, userIdOf, type Principal } from '../../lib/principal.js';
import type { Upload } from '../../plugins/multipart.js';
import { emitAttachmentAdded } from '../tickets/index.js';
import { ticketInclude } from '../tickets/index.js';
import { findVisibleTicket, visibleTicketsWhere } from '../tickets/index.js';
import {
  originalKey,
  thumbnailKey,
  type AttachmentStore,
  type StoredObject,
} from './attachment-store.js';
import type { Attachment } from './attachments.schemas.js';
import {
  attachmentSelect,
  presentAttachment,
  type AttachmentRow,
} from './attachments.presenter.js';
import {
  ALLOWED_TYPES,
  checkStructure,
  detectFileType,
  executableKind,
  readHead,
  sanitizeFileName,
  type AllowedType,
} from './file-inspection.js';
import {
  ImageRejectedError,
  THUMBNAIL_MIME,
  inspectImage,
  makeThumbnail,
  verifyImageDecodes,
} from './thumbnails.js';
import { assertStorageQuota } from './upload-limits.js';

/** A checked upload whose bytes (and thumbnail) are in the store, ready to be recorded. */
export interface PreparedAttachment {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  thumbnailKey: string | null;
  width: number | null;
  height: number | null;
}

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

/** 415 `unsupported_file_type`: the content is not one of the accepted types. */
export class UnsupportedFileTypeError extends AppError {
  constructor(index: number, fileName: string, detected: string | null) {
    const what = detected ?? 'not a recognised file type';
    super(
      415,
      'unsupported_file_type',
      'Unsupported file type',
      `"${fileName}" is ${detected ? detected : 'of no recognised type'} by its content; accepted: PDF, DOC, DOCX, JPG, PNG, GIF, WEBP`,
      [{ path: `files.${index}`, message: `detected type: ${what}` }],
    );
  }
}

/**
 * 422 `invalid_file`: the content starts like an accepted type but is not one (a PDF that does
 * not parse, a DOCX without its document part).
 */
export class InvalidFileError extends AppError {
  constructor(index: number, fileName: string, typeName: string, reason: string) {
    super(
      422,
      'invalid_file',
      'Invalid file',
      `"${fileName}" is not a valid ${typeName}: ${reason}`,
      [{ path: `files.${index}`, message: reason }],
    );
  }
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

/** One opened file: its metadata and its bytes. */
export interface OpenedAttachment {
  fileName: string;
  mimeType: string;
  sizeBytes: number | null;
  sha256: string | null;
  body: Readable;
}

export function createAttachmentsService(deps: {
  prisma: PrismaClient;
  config: Pick<Config, 'attachments' | 'publicUrl'>;
  store: AttachmentStore;
}) {
  const { prisma, store } = deps;
  const limits = deps.config.attachments;

  /**
   * Checks every upload, then stores the bytes (and thumbnails) of all of them. Nothing is stored
   * unless every file passes.
   * @throws UnsupportedFileTypeError (415), InvalidFileError (422 `invalid_file`), AppError 422
   * `image_too_large` / `invalid_image`.
   */
  async function prepare(uploads: readonly Upload[]): Promise<PreparedAttachment[]> {
    const checked: {
      upload: Upload;
      type: AllowedType;
      width: number | null;
      height: number | null;
    }[] = [];
    for (const [index, upload] of uploads.entries()) {
      const detected = await detectFileType(upload.path);
      const shownName = sanitizeFileName(upload.declaredName, detected.ext ?? 'bin');
      // A program is refused whatever else its bytes look like.
      const program = executableKind(await readHead(upload.path));
      if (program) {
        throw new UnsupportedFileTypeError(
          index,
          shownName,
          detected.mime ? `${detected.mime} (${detected.ext}), ${program}` : program,
        );
      }
      const type = detected.mime ? ALLOWED_TYPES[detected.mime] : undefined;
      if (!type) {
        throw new UnsupportedFileTypeError(
          index,
          shownName,
          detected.mime ? `${detected.mime} (${detected.ext})` : null,
        );
      }
      let width: number | null = null;
      let height: number | null = null;
      if (type.image) {
        try {
          ({ width, height } = await inspectImage(upload.path, limits.maxImagePixels));
          await verifyImageDecodes(upload.path, limits.maxImagePixels);
        } catch (error) {
          throw imageProblem(error, index, shownName);
        }
      } else {
        const structure = await checkStructure(upload.path, type.mime);
        if (!structure.valid) {
          throw new InvalidFileError(index, shownName, type.ext.toUpperCase(), structure.reason);
        }
      }
      checked.push({ upload, type, width, height });
    }
    const thumbnails: (Buffer | null)[] = [];
    for (const [index, { upload, type }] of checked.entries()) {
      try {
        thumbnails.push(
          type.image ? await makeThumbnail(upload.path, limits.maxImagePixels) : null,
        );
      } catch (error) {
        throw imageProblem(error, index, sanitizeFileName(upload.declaredName, type.ext));
      }
    }
    const prepared: PreparedAttachment[] = [];
    for (const [index, { upload, type, width, height }] of checked.entries()) {
      const thumbnail = thumbnails[index];
      let thumbKey: string | null = null;
      if (thumbnail) {
        thumbKey = thumbnailKey(upload.sha256);
        await store.putBytes(thumbKey, thumbnail, THUMBNAIL_MIME);
      }
      const storageKey = originalKey(upload.sha256);
      await store.putFile(storageKey, upload.path, { size: upload.size, contentType: type.mime });
      prepared.push({
        fileName: sanitizeFileName(upload.declaredName, type.ext),
        mimeType: type.mime,
        sizeBytes: upload.size,
        sha256: upload.sha256,
        storageKey,
        thumbnailKey: thumbKey,
        width,
        height,
      });
    }
    return prepared;
  }

  /**
   * Writes the rows of `prepared` attachments for `target`, with one ATTACHMENT_ADDED activity
   * row each (internal when on an internal note), inside the caller's transaction `tx`, which
   * holds the ticket's row lock (or created it); then, unless `options.emitEvents` is false (the
   * caller emits them itself with `emitAddedEvents`, after its own event that announces the ticket
   * or response with these files), their `attachment.added` events.
   * @returns the rows, in upload order.
   * @throws StorageQuotaExceededError (413) when the files would pass a storage quota.
   */
  async function record(
    tx: Prisma.TransactionClient,
    target: AttachmentTarget,
    prepared: readonly PreparedAttachment[],
    options: { emitEvents?: boolean } = {},
  ): Promise<AttachmentRow[]> {
    // Checked again here, against the rows committed since the files were received.
    if (prepared.length) {
      await assertStorageQuota(
        tx,
        limits.quota,
        { organizationId: target.organizationId, userId: target.uploadedById },
        prepared.reduce((sum, file) => sum + file.sizeBytes, 0),
      );
    }
    const rows: AttachmentRow[] = [];
    for (const [index, file] of prepared.entries()) {
      // 1 ms apart, so that lists ordered by time keep the upload order.
      const createdAt = new Date(target.now.getTime() + index);
      const row = await tx.attachment.create({
        data: {
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
        },
        select: attachmentSelect,
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
    if (options.emitEvents !== false) await emitAddedEvents(tx, target, rows);
    return rows;
  }

  /**
   * One `attachment.added` event per row (events/emit-event.ts), in `tx`, with the ticket as read
   * in `tx` (`ticketInclude`: its own files included) and `isInternal` from `target`: files on an
   * internal note are announced too, and the webhook dispatcher delivers those only to endpoints
   * with `includeInternal`, as it does internal notes (webhook-deliveries.ts; docs/product.md "Roles":
   * nothing internal on any customer channel). Nothing for no rows.
   */
  async function emitAddedEvents(
    tx: Prisma.TransactionClient,
    target: Pick<AttachmentTarget, 'ticketId' | 'isInternal' | 'actor'>,
    rows: readonly AttachmentRow[],
  ): Promise<void> {
    if (!rows.length) return;
    const ticket = await tx.ticket.findUniqueOrThrow({
      where: { id: target.ticketId },
      include: ticketInclude,
    });
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

  /** A live attachment the principal may see. @throws NotFoundError */
  async function findVisible(db: Db, principal: Principal, id: string): Promise<AttachmentRow> {
    if (!isUuid(id)) throw new NotFoundError('Attachment');
    const row = await db.attachment.findFirst({
      where: { id: id.toLowerCase(), ...visibleAttachmentsWhere(principal) },
      select: attachmentSelect,
    });
    if (!row) throw new NotFoundError('Attachment');
    return row;
  }

  /** GET /api/attachments/:id: the metadata. @throws NotFoundError */
  async function get(principal: Principal, id: string): Promise<Attachment> {
    return presentAttachment(await findVisible(prisma, principal, id));
  }

  async function open(
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
   * GET /api/attachments/:id/content and …/thumbnail: the bytes of an attachment the principal
   * may see. @throws NotFoundError (also for the thumbnail of a document)
   */
  async function openForPrincipal(
    principal: Principal,
    id: string,
    kind: 'content' | 'thumbnail',
  ): Promise<OpenedAttachment> {
    return open(await findVisible(prisma, principal, id), kind);
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
    const row = await prisma.attachment.findFirst({
      where: {
        id: attachmentId.toLowerCase(),
        ticketId,
        deletedAt: null,
        ticket: { deletedAt: null },
        OR: [{ responseId: null }, { response: { isInternal: false } }],
      },
      select: attachmentSelect,
    });
    if (!row) throw new NotFoundError('Attachment');
    return open(row, kind);
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
      const [locked] = await tx.$queryRaw<{ status: string }[]>`
        SELECT status::text AS status FROM tickets
        WHERE id = ${ticket.id}::uuid AND "deletedAt" IS NULL FOR UPDATE`;
      if (!locked) throw new NotFoundError('Ticket');
      refuseIfClosed(locked.status);
      const now = new Date();
      await tx.ticket.update({
        where: { id: ticket.id },
        data: { updatedAt: now, version: { increment: 1 } },
      });
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

  /**
   * DELETE /api/attachments/:id (staff; the route refuses customers with 403): marks the
   * attachment removed, writes ATTACHMENT_REMOVED (internal when it was on an internal note) and
   * moves the ticket's version and updatedAt, in one transaction. Its bytes are removed by the
   * next cleanup once no live attachment shares them. @throws NotFoundError
   */
  async function remove(principal: Principal, id: string): Promise<void> {
    await prisma.$transaction(async (tx) => {
      const row = await findVisible(tx, principal, id);
      const now = new Date();
      const { count } = await tx.attachment.updateMany({
        where: { id: row.id, deletedAt: null },
        data: { deletedAt: now },
      });
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
      await tx.ticket.update({
        where: { id: row.ticketId },
        data: { updatedAt: now, version: { increment: 1 } },
      });
    });
  }

  /**
   * Removes from the store every object that no live attachment row references (storageKey or
   * thumbnailKey) and that was last written before `now - ATTACHMENT_CLEANUP_GRACE_MINUTES`
   * (younger ones may belong to an upload whose transaction is about to commit), and temporary
   * upload files older than that. Objects are checked in batches of 500 and each is checked
   * again just before it is removed. @returns how many objects and temporary files were removed.
   */
  async function cleanupUnreferenced(
    options: { now?: Date } = {},
  ): Promise<{ removedObjects: number; removedTemporaryFiles: number }> {
    const cutoff = (options.now ?? new Date()).getTime() - limits.cleanupGraceMs;
    let removedObjects = 0;
    const referenced = async (keys: string[]): Promise<Set<string>> => {
      const rows = await prisma.attachment.findMany({
        where: {
          deletedAt: null,
          OR: [{ storageKey: { in: keys } }, { thumbnailKey: { in: keys } }],
        },
        select: { storageKey: true, thumbnailKey: true },
      });
      return new Set(rows.flatMap((r) => [r.storageKey, r.thumbnailKey ?? '']));
    };
    const sweep = async (batch: StoredObject[]) => {
      const old = batch.filter((o) => o.lastModified.getTime() < cutoff).map((o) => o.key);
      if (!old.length) return;
      const live = await referenced(old);
      for (const key of old.filter((k) => !live.has(k))) {
        if ((await referenced([key])).size) continue;
        await store.remove(key);
        removedObjects++;
      }
    };
    let batch: StoredObject[] = [];
    for await (const object of store.list()) {
      batch.push(object);
      if (batch.length >= 500) {
        await sweep(batch);
        batch = [];
      }
    }
    await sweep(batch);

    let removedTemporaryFiles = 0;
    const tmpDir = path.join(limits.dir, 'tmp');
    for (const name of await readdir(tmpDir).catch(() => [] as string[])) {
      const file = path.join(tmpDir, name);
      const info = await stat(file).catch(() => null);
      if (info?.isFile() && info.mtime.getTime() < cutoff) {
        await rm(file, { force: true });
        removedTemporaryFiles++;
      }
    }
    return { removedObjects, removedTemporaryFiles };
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
  };
}

export type AttachmentsService = ReturnType<typeof createAttachmentsService>;
/** What ticket and response services need to take files with a create. */
export type AttachmentIntake = Pick<AttachmentsService, 'prepare' | 'record' | 'emitAddedEvents'>;

function imageProblem(error: unknown, index: number, fileName: string): AppError {
  if (error instanceof ImageRejectedError) {
    return error.reason === 'too_large'
      ? new AppError(422, 'image_too_large', 'Image too large', `"${fileName}": ${error.message}`, [
          { path: `files.${index}`, message: error.message },
        ])
      : new AppError(422, 'invalid_image', 'Invalid image', `"${fileName}": ${error.message}`, [
          { path: `files.${index}`, message: error.message },
        ]);
  }
  throw error;
}
