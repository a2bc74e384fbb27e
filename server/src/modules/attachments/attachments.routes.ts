/**
 * Attachment routes: files added to a ticket by integrators and requesters, an
 * attachment's metadata, its bytes (always a download), its thumbnail (images), and removal by
 * staff. Files also come with a new ticket (POST /api/tickets) and a reply
 * (POST /api/tickets/:id/responses) as multipart/form-data. Rules in attachments.service.ts.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { TicketIdParamsSchema } from '../tickets/tickets.schemas.js';
import { BytesSchema, sendAttachmentBytes } from './attachment-bytes.js';
import type { AttachmentsService } from './attachments.service.js';
import {
  AttachmentIdParamsSchema,
  AttachmentListSchema,
  AttachmentSchema,
  UPLOAD_FILES_DESCRIPTION,
} from './attachments.schemas.js';

export const attachmentsRoutes: FastifyPluginAsyncZod<{ attachments: AttachmentsService }> = async (
  app,
  { attachments },
) => {
  app.addHook('onRequest', app.authenticate);

  /**
   * POST /api/tickets/:id/attachments — multipart/form-data with one or more files (no other
   * field) → 201 `{data: [attachment]}`: files on the ticket itself, public (the requester sees
   * them). Staff and API keys on their organization's tickets; a customer on their own; other
   * tickets 404. 400 no file; 409 `ticket_closed`; 413 `file_too_large` / `too_many_files` /
   * `storage_quota_exceeded`; 415 `unsupported_file_type` naming the detected type (programs
   * whatever their name); 422 `invalid_file` / `image_too_large` / `invalid_image`; 429
   * `rate_limited` past the upload rate (upload-limits.ts).
   */
  app.post(
    '/api/tickets/:id/attachments',
    {
      config: { multipart: true },
      schema: {
        tags: ['attachments'],
        operationId: 'addTicketAttachments',
        summary: 'Attach files to a ticket',
        description: UPLOAD_FILES_DESCRIPTION,
        params: TicketIdParamsSchema,
        response: {
          201: AttachmentListSchema,
          ...commonProblems,
          409: ProblemSchema,
          413: ProblemSchema,
          415: ProblemSchema,
          422: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const data = await attachments.addToTicket(
        principalOf(request),
        request.params.id,
        request.uploads ?? [],
      );
      return reply.code(201).send({ data });
    },
  );

  /** GET /api/attachments/:id — the metadata of an attachment the caller may see (else 404). */
  app.get(
    '/api/attachments/:id',
    {
      schema: {
        tags: ['attachments'],
        summary: 'Get an attachment',
        params: AttachmentIdParamsSchema,
        response: { 200: AttachmentSchema, ...commonProblems },
      },
    },
    async (request) => attachments.get(principalOf(request), request.params.id),
  );

  /**
   * GET /api/attachments/:id/content — the bytes, as a download: `Content-Disposition:
   * attachment` with the sanitized name, the detected type, `nosniff`, a sandboxing CSP. Who may:
   * as for the ticket and response it belongs to (customers: their own tickets, never internal
   * notes); others 404.
   */
  app.get(
    '/api/attachments/:id/content',
    {
      // The stored bytes as they are, with their Content-Length (no HTTP compression).
      compress: false,
      config: { sendsETag: true },
      schema: {
        tags: ['attachments'],
        summary: "Download an attachment's file",
        params: AttachmentIdParamsSchema,
        response: { 200: BytesSchema, ...commonProblems },
      },
    },
    async (request, reply) =>
      sendAttachmentBytes(
        reply,
        await attachments.openForPrincipal(principalOf(request), request.params.id, 'content'),
        'attachment',
      ),
  );

  /**
   * GET /api/attachments/:id/thumbnail — an image's thumbnail (WebP, at most 320 × 320,
   * re-encoded without metadata), inline. Same access as the file; a document has none (404).
   */
  app.get(
    '/api/attachments/:id/thumbnail',
    {
      // The stored bytes as they are, with their Content-Length (no HTTP compression).
      compress: false,
      config: { sendsETag: true },
      schema: {
        tags: ['attachments'],
        summary: "An image attachment's thumbnail",
        params: AttachmentIdParamsSchema,
        response: { 200: BytesSchema, ...commonProblems },
      },
    },
    async (request, reply) =>
      sendAttachmentBytes(
        reply,
        await attachments.openForPrincipal(principalOf(request), request.params.id, 'thumbnail'),
        'inline',
      ),
  );

  /**
   * DELETE /api/attachments/:id — remove an attachment (agents, admins, API keys; customers 403;
   * another organization's 404). 204; ATTACHMENT_REMOVED activity; the bytes go with the next
   * cleanup once nothing else references them.
   */
  app.delete(
    '/api/attachments/:id',
    {
      preValidation: app.requireRole('AGENT', 'ADMIN'),
      schema: {
        tags: ['attachments'],
        summary: 'Remove an attachment',
        params: AttachmentIdParamsSchema,
        response: { 204: z.null().describe('Removed'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await attachments.remove(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
