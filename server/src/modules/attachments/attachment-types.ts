/**
 * The accepted attachment types and the default upload limits as plain values, without zod: the
 * SPA's file pickers warn with them before sending (`@docket/server/contract/attachments`), and a
 * plain module keeps the schema library out of the pages that only pick files (the public
 * tracker). The server decides by content (modules/attachments), not by these lists.
 */

/**
 * What a client may offer to upload, to warn before sending (the server decides by content):
 * the accepted types of docs/product.md "Attachments" by MIME type and by file-name extension.
 */
export const ACCEPTED_ATTACHMENT_TYPES = {
  'application/pdf': ['pdf'],
  'application/msword': ['doc'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'text/plain': ['txt', 'log'],
  'text/csv': ['csv'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/zip': ['zip'],
  'video/mp4': ['mp4'],
  'video/webm': ['webm'],
} as const satisfies Record<string, readonly string[]>;

/** The default limits (ATTACHMENT_MAX_FILE_MB, ATTACHMENT_MAX_FILES_PER_REQUEST), for clients' hints. */
export const DEFAULT_ATTACHMENT_LIMITS = { maxFileBytes: 32 * 1024 * 1024, maxFiles: 10 } as const;
