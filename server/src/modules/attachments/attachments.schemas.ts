/**
 * Attachments: whitelisted answers and params. An attachment is metadata and links,
 * never inline bytes; the bytes are behind `links.content` (always a download) and, for images,
 * `links.thumbnail` (a re-encoded WebP, the only inline image).
 */
import { z } from 'zod';
import { Timestamp } from '../../lib/common.schemas.js';

/** Links to an attachment's bytes; paths on this API's origin. */
export const AttachmentLinksSchema = z.object({
  content: z.string().describe('GET: the file, as a download (Content-Disposition: attachment)'),
  thumbnail: z
    .string()
    .nullable()
    .describe('GET: a WebP thumbnail (images only; null for documents)'),
});

/** A file on a ticket (`responseId` null: attached to the ticket itself) or on a response. */
export const AttachmentSchema = z
  .object({
    id: z.uuid(),
    ticketId: z.uuid(),
    responseId: z.uuid().nullable(),
    fileName: z
      .string()
      .describe('The sanitized original name (metadata only; the stored name is generated)'),
    mimeType: z.string().describe('The type detected from the content'),
    sizeBytes: z.number().int(),
    width: z.number().int().nullable().describe('Images: pixels'),
    height: z.number().int().nullable().describe('Images: pixels'),
    isInternal: z.boolean().describe('On an internal note: never shown to customers'),
    links: AttachmentLinksSchema,
    createdAt: Timestamp,
  })
  .meta({ id: 'Attachment' });
export type Attachment = z.output<typeof AttachmentSchema>;

export const AttachmentListSchema = z.object({ data: z.array(AttachmentSchema) }).meta({
  id: 'AttachmentList',
});
export type AttachmentList = z.output<typeof AttachmentListSchema>;

/** An attachment as the public tracker shows it: no ids, links under the tracking token. */
export const PublicAttachmentSchema = z
  .object({
    fileName: z.string(),
    mimeType: z.string(),
    sizeBytes: z.number().int(),
    links: AttachmentLinksSchema,
  })
  .meta({ id: 'PublicAttachment' });
export type PublicAttachment = z.output<typeof PublicAttachmentSchema>;

export const AttachmentIdParamsSchema = z.object({ id: z.uuid().describe('The attachment id') });

export const PublicAttachmentParamsSchema = z.object({
  token: z.string().describe('The token of a tracking link'),
  attachmentId: z.string().describe('The attachment id'),
});

/** The fields of a multipart upload, for the OpenAPI document (files: one part per file). */
export const UPLOAD_FILES_DESCRIPTION =
  'multipart/form-data: one part per file (any field name, e.g. `files`), up to ATTACHMENT_MAX_FILES_PER_REQUEST files of ATTACHMENT_MAX_FILE_MB each; PDF, DOC, DOCX, XLSX, ODS, JPG, PNG, GIF, WEBP, ZIP (never unpacked), MP4 or WebM by content, or text named .txt, .log or .csv whose content is UTF-8 without NUL bytes (415 otherwise, naming the file as uploaded; programs always), whose structure must hold (422: a PDF that does not parse, a DOCX/XLSX/ODS without its parts or a plain ZIP so named, a ZIP whose directory does not read, an image that does not decode). Uploads per account and organization are rate-limited (429 with Retry-After) and stored bytes are under quota (413 `storage_quota_exceeded`).';

// The accepted types and default limits, as plain values for the SPA: attachment-types.ts.
