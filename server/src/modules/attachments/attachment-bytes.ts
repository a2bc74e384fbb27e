// Answering attachment bytes: shared by the staff routes here and the public tracker's routes.
import contentDisposition from 'content-disposition';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { OpenedAttachment } from './attachments.service.js';

/**
 * Headers of every answer that carries attachment bytes: the detected type (never the declared
 * one), `nosniff`, a CSP that lets nothing run or load even if a browser renders the bytes
 * (`default-src 'none'; sandbox`), private caching only (`cacheControl`: the public tracker's
 * say `no-store`). `disposition`: `attachment` for files
 * (a download, never rendered in the app's origin), `inline` for the re-encoded thumbnails.
 * Text (`text/plain`, `text/csv`) was checked to be UTF-8 at intake (text-check.ts), so it is
 * sent with `charset=utf-8`; it too is only ever a download.
 */
export function sendAttachmentBytes(
  reply: FastifyReply,
  opened: OpenedAttachment,
  disposition: 'attachment' | 'inline',
  cacheControl: string = disposition === 'inline' ? 'private, max-age=86400' : 'private, no-store',
): FastifyReply {
  const contentType = opened.mimeType.startsWith('text/')
    ? `${opened.mimeType}; charset=utf-8`
    : opened.mimeType;
  reply
    .header('Content-Type', contentType)
    .header('Content-Disposition', contentDisposition(opened.fileName, { type: disposition }))
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "default-src 'none'; sandbox; frame-ancestors 'none'")
    .header('Cross-Origin-Resource-Policy', 'same-origin')
    .header('Cache-Control', cacheControl);
  if (opened.sizeBytes !== null) reply.header('Content-Length', String(opened.sizeBytes));
  if (opened.sha256) reply.header('ETag', `"${opened.sha256}"`);
  return reply.send(opened.body);
}

/** The 200 of a route that answers bytes, for the OpenAPI document. */
export const BytesSchema = z.string().describe('The bytes (binary)');
