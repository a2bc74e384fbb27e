import type { TFunction } from 'i18next';
import { isApiError } from '@/lib/api-client';

const CODES = [
  'unsupported_file_type',
  'file_too_large',
  'too_many_files',
  'image_too_large',
  'invalid_image',
  'invalid_file',
  'storage_quota_exceeded',
] as const;

/**
 * The server's refusal of a file, said in the person's language with the server's detail (which
 * names the file and, for a refused type, what its content turned out to be); null when the error
 * is not about a file.
 */
export function attachmentErrorMessage(error: unknown, t: TFunction): string | null {
  if (!isApiError(error)) return null;
  const code = CODES.find((c) => c === error.code);
  if (!code) return null;
  return `${t(`attachments.errors.${code}`)} ${error.detail ?? ''}`.trim();
}
