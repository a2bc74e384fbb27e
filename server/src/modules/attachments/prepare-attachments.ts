/**
 * The intake's checks and storing (attachments.service.ts `prepare`; docs/product.md
 * "Attachments"): each upload's type is decided by its content (file-inspection.ts) and what the
 * type claims must hold (a PDF parses, a DOCX has its parts, an image decodes in full within
 * ATTACHMENT_MAX_IMAGE_PIXELS); every file of a request is checked before any is stored.
 */
import type { AttachmentsConfig } from '../../config.js';
import { AppError } from '../../lib/errors.js';
import type { Upload } from '../../plugins/multipart.js';
import { originalKey, thumbnailKey, type AttachmentStore } from './attachment-store.js';
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

/**
 * Checks every upload, then stores the bytes (and thumbnails) of all of them. Nothing is stored
 * unless every file passes.
 * @throws UnsupportedFileTypeError (415), InvalidFileError (422 `invalid_file`), AppError 422
 * `image_too_large` / `invalid_image`.
 */
export async function prepareAttachments(
  uploads: readonly Upload[],
  deps: { store: AttachmentStore; limits: Pick<AttachmentsConfig, 'maxImagePixels'> },
): Promise<PreparedAttachment[]> {
  const { store, limits } = deps;
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
      thumbnails.push(type.image ? await makeThumbnail(upload.path, limits.maxImagePixels) : null);
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

/** The 422 problem of an image refused by thumbnails.ts; any other error is rethrown. */
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
