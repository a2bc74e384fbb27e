/**
 * The intake's checks and storing (attachments.service.ts `prepare`; docs/product.md
 * "Attachments"): each upload's type is decided by its content (file-inspection.ts; text by
 * text-check.ts) and what the type claims must hold (a PDF parses, a DOCX/XLSX/ODS has its
 * parts, a ZIP's directory reads, an image decodes in full within ATTACHMENT_MAX_IMAGE_PIXELS);
 * every file of a request is checked before any is stored.
 */
import type { AttachmentsConfig } from '../../config.js';
import { AppError } from '../../lib/errors.js';
import type { Upload } from '../../plugins/multipart.js';
import { originalKey, thumbnailKey, type AttachmentStore } from './attachment-store.js';
import { ACCEPTED_ATTACHMENT_TYPES } from './attachment-types.js';
import {
  ALLOWED_TYPES,
  checkStructure,
  detectFileType,
  executableKind,
  packageTypeOfName,
  readHead,
  sanitizeFileName,
  textTypeOfName,
  uploadedFileName,
  type AllowedType,
  type DetectedType,
} from './file-inspection.js';
import { checkUtf8Text } from './text-check.js';
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

/** The accepted types by extension, for the 415's detail: "PDF, DOC, DOCX, …". */
const ACCEPTED_NAMES = Object.values(ACCEPTED_ATTACHMENT_TYPES)
  .flat()
  .filter((ext) => ext !== 'jpeg')
  .map((ext) => ext.toUpperCase())
  .join(', ');

/**
 * 415 `unsupported_file_type`: the content is not one of the accepted types. The detail names
 * the file as uploaded (`fileName`), what its content was detected as (`detected`; null: nothing
 * recognised) and, for a text file that is not text, why (`reason`).
 */
export class UnsupportedFileTypeError extends AppError {
  constructor(index: number, fileName: string, detected: string | null, reason?: string) {
    const what = detected ?? 'not a recognised file type';
    super(
      415,
      'unsupported_file_type',
      'Unsupported file type',
      `"${fileName}" is ${detected ?? 'of no recognised type'} by its content${reason ? ` (${reason})` : ''}; accepted: ${ACCEPTED_NAMES}`,
      [
        {
          path: `files.${index}`,
          message: `detected type: ${what}${reason ? `; ${reason}` : ''}`,
        },
      ],
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
    // Problems name the file as it was uploaded, never with an extension the intake made up.
    const shownName = uploadedFileName(upload.declaredName);
    const type = await acceptedType(index, upload, shownName);
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
      throw imageProblem(error, index, uploadedFileName(upload.declaredName));
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

/** `detected` as a 415 names it: `image/bmp (bmp)`, or null when nothing was recognised. */
function describe(detected: DetectedType): string | null {
  return detected.mime ? `${detected.mime} (${detected.ext})` : null;
}

/**
 * The accepted type of `upload` (the `index`-th file, `shownName` as uploaded), by content:
 * a program is refused whatever else its bytes look like; then the type `file-type` detects if
 * it is accepted; else, for a name ending `.txt`, `.log` or `.csv`, text when the content is
 * UTF-8 without NUL bytes (text has no signature, and a text file may begin like some binary
 * format: `BM…` is a BMP to `file-type`). A plain ZIP named `.docx`, `.xlsx` or `.ods` lacks
 * the package's parts: 422 rather than kept as a ZIP.
 * @throws UnsupportedFileTypeError (415), InvalidFileError (422).
 */
async function acceptedType(
  index: number,
  upload: Upload,
  shownName: string,
): Promise<AllowedType> {
  const detected = await detectFileType(upload.path);
  const program = executableKind(await readHead(upload.path));
  if (program) {
    throw new UnsupportedFileTypeError(
      index,
      shownName,
      detected.mime ? `${describe(detected)}, ${program}` : program,
    );
  }
  const type = detected.mime ? ALLOWED_TYPES[detected.mime] : undefined;
  if (type) {
    const claimed = packageTypeOfName(upload.declaredName);
    if (type.ext === 'zip' && claimed) {
      throw new InvalidFileError(
        index,
        shownName,
        claimed.ext.toUpperCase(),
        'a plain ZIP archive, without the parts of one',
      );
    }
    return type;
  }
  const textType = textTypeOfName(upload.declaredName);
  if (!textType) throw new UnsupportedFileTypeError(index, shownName, describe(detected));
  const text = await checkUtf8Text(upload.path);
  if (!text.valid) {
    throw new UnsupportedFileTypeError(index, shownName, describe(detected), text.reason);
  }
  return textType;
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
