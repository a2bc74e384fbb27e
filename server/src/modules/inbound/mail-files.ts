/**
 * The files of a received mail through the attachment intake (attachments/prepare-attachments.ts:
 * type by content, size and image limits), one at a time, so that a refused file is listed as
 * skipped (with why) and the mail, its text and its other files are kept.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../lib/errors.js';
import type { Upload } from '../../plugins/multipart.js';
import type { AttachmentIntake, PreparedAttachment } from '../attachments/index.js';
import type { MailFile } from './parse-mail.js';

/** A file of the mail that was not kept, and why (`file_too_large`, `unsupported_file_type`, …). */
export interface SkippedFile {
  fileName: string;
  reason: string;
}

/**
 * Checks and stores `files` (their bytes written to temporary files under `<dir>/tmp`, then
 * handed to the intake like multipart uploads). @returns the prepared files, the skipped ones,
 * and `cleanup` (removes the temporary files; call it once the mail is processed).
 */
export async function prepareMailFiles(
  intake: Pick<AttachmentIntake, 'prepare'>,
  dir: string,
  files: readonly MailFile[],
): Promise<{
  prepared: PreparedAttachment[];
  skipped: SkippedFile[];
  cleanup: () => Promise<void>;
}> {
  const prepared: PreparedAttachment[] = [];
  const skipped: SkippedFile[] = [];
  const paths: string[] = [];
  const cleanup = async () => {
    await Promise.all(paths.map((p) => rm(p, { force: true })));
  };
  if (files.length === 0) return { prepared, skipped, cleanup };
  const tmpDir = path.join(dir, 'tmp');
  await mkdir(tmpDir, { recursive: true, mode: 0o700 });
  for (const file of files) {
    if (!file.content) {
      skipped.push({ fileName: file.fileName, reason: 'file_too_large' });
      continue;
    }
    const filePath = path.join(tmpDir, randomUUID());
    paths.push(filePath);
    await writeFile(filePath, file.content, { mode: 0o600 });
    const upload: Upload = {
      field: 'files',
      declaredName: file.fileName,
      declaredType: file.contentType,
      path: filePath,
      size: file.content.length,
      sha256: createHash('sha256').update(file.content).digest('hex'),
    };
    try {
      prepared.push(...(await intake.prepare([upload])));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      skipped.push({ fileName: file.fileName, reason: error.code });
    }
  }
  return { prepared, skipped, cleanup };
}
