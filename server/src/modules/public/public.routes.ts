/**
 * Public routes (docs/api.md "Public"; docs/product.md "Customers"): the tracker and the signed tracking
 * links, callable without signing in and rate-limited (plugins/rate-limit.ts); plus the signed-in
 * route that makes a tracking link. Rules in public.service.ts.
 *
 * Public answers carry personal data: they are sent with `Cache-Control: no-store`, and the
 * tokens in links are kept out of Referer headers by helmet's `Referrer-Policy: no-referrer`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { clientKey } from '../../plugins/rate-limit.js';
import { TicketResponseSchema } from '../responses/responses.schemas.js';
import { TicketIdParamsSchema } from '../tickets/tickets.schemas.js';
import type { PublicService } from './public.service.js';
import { PublicAttachmentParamsSchema } from '../attachments/attachments.schemas.js';
import { BytesSchema, sendAttachmentBytes } from '../attachments/index.js';
import {
  PublicReplyBodySchema,
  PublicTicketSchema,
  TrackTicketBodySchema,
  TrackingLinkSchema,
  TrackingTokenParamsSchema,
} from './public.schemas.js';

export const publicRoutes: FastifyPluginAsyncZod<{ publicService: PublicService }> = async (
  app,
  { publicService },
) => {
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
  });

  /**
   * POST /api/public/track — `{reference, email}` → 200 the ticket's public view
   * (PublicTicket). 404 `not_found`, one body for an unknown or malformed reference, a wrong
   * email or a deleted ticket; 400 for a missing, empty or unknown field; 429 `rate_limited`
   * with Retry-After past RATE_LIMIT_TRACK_PER_IP per IP or RATE_LIMIT_TRACK_PER_REFERENCE per
   * reference (all IPs together) in a window.
   */
  app.post(
    '/api/public/track',
    {
      onRequest: app.rateLimits.trackPerIp,
      preValidation: app.rateLimits.trackPerReference,
      schema: {
        tags: ['public'],
        operationId: 'trackTicket',
        summary: 'Track a ticket by reference and email',
        description:
          'The public tracker (docs/product.md "Customers"): status, priority, category and the public timeline (public replies, public status changes, sessions) of the ticket whose requester\'s email matches, any case. Wrong pairs and unknown references get the same 404.',
        security: [],
        body: TrackTicketBodySchema,
        response: {
          200: PublicTicketSchema,
          400: ProblemSchema,
          404: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request) => publicService.track(request.body),
  );

  /**
   * GET /api/public/tickets/:token — the public view for the signed link of notification emails
   * (`<PUBLIC_URL>/t/<token>`). 404 for a malformed or tampered token (the same body as the
   * tracker's miss), 410 `link_expired` for an expired one, 429 past
   * RATE_LIMIT_TRACKING_LINK_PER_IP per IP in a window.
   */
  app.get(
    '/api/public/tickets/:token',
    {
      onRequest: app.rateLimits.trackingLinkPerIp,
      schema: {
        tags: ['public'],
        summary: 'Open a ticket by its tracking link',
        security: [],
        params: TrackingTokenParamsSchema,
        response: {
          200: PublicTicketSchema,
          404: ProblemSchema,
          410: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request) => publicService.viewByToken(request.params.token),
  );

  /**
   * POST /api/public/tickets/:token/responses — `{content}` → 201 the requester's public reply
   * (TicketResponse, as its requester sees it). A reply to a RESOLVED or WAITING_ON_CUSTOMER
   * ticket reopens it to OPEN, as a signed-in customer's does (docs/product.md "Ticket"); 409
   * `ticket_closed` on a CLOSED ticket; 404/410 as for the view; 429 past
   * RATE_LIMIT_TRACKING_REPLY_PER_IP per IP in a window. Also multipart/form-data: `content`
   * plus files, checked as every upload is: 413, 415 `unsupported_file_type`, 422,
   * and the upload limits (429 `rate_limited`, 413 `storage_quota_exceeded`).
   */
  app.post(
    '/api/public/tickets/:token/responses',
    {
      onRequest: app.rateLimits.trackingReplyPerIp,
      config: {
        multipart: true,
        // The link is checked before any file is read; files count against the requester's
        // account (else this client on this ticket) and the organization.
        uploader: (request) =>
          publicService.uploaderOfToken(
            (request.params as { token: string }).token,
            clientKey(request.ip),
          ),
      },
      schema: {
        tags: ['public'],
        summary: 'Reply through a tracking link',
        security: [],
        params: TrackingTokenParamsSchema,
        body: PublicReplyBodySchema,
        response: {
          201: TicketResponseSchema,
          400: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
          410: ProblemSchema,
          413: ProblemSchema,
          415: ProblemSchema,
          422: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const response = await publicService.replyByToken(
        request.params.token,
        request.body,
        request.uploads ?? [],
      );
      return reply.code(201).send(response);
    },
  );

  for (const kind of ['content', 'thumbnail'] as const) {
    /**
     * GET /api/public/tickets/:token/attachments/:attachmentId/content — a public file of the
     * token's ticket, as a download (the headers of attachments.routes.ts `sendAttachmentBytes`);
     * …/thumbnail — an image's re-encoded WebP thumbnail, inline. Files of internal notes, of
     * other tickets, removed ones and unknown ids: 404 (as a bad token); 410 expired link; 429
     * past RATE_LIMIT_TRACKING_LINK_PER_IP per IP in a window.
     */
    app.get(
      `/api/public/tickets/:token/attachments/:attachmentId/${kind}`,
      {
        onRequest: app.rateLimits.trackingLinkPerIp,
        // The stored bytes as they are, with their Content-Length (no HTTP compression).
        compress: false,
        config: { sendsETag: true },
        schema: {
          tags: ['public'],
          summary:
            kind === 'content'
              ? 'Download a file through a tracking link'
              : "An image's thumbnail through a tracking link",
          security: [],
          params: PublicAttachmentParamsSchema,
          response: {
            200: BytesSchema,
            404: ProblemSchema,
            410: ProblemSchema,
            429: ProblemSchema,
          },
        },
      },
      async (request, reply) =>
        sendAttachmentBytes(
          reply,
          await publicService.openAttachment(
            request.params.token,
            request.params.attachmentId,
            kind,
          ),
          kind === 'content' ? 'attachment' : 'inline',
          'no-store',
        ),
    );
  }

  /**
   * GET /api/tickets/:id/tracking-link — `{url, expiresAt, requesterLocale}`: a new signed link
   * to the ticket (uuid, number or reference), valid TRACKING_LINK_TTL_DAYS, for "Share with
   * customer" and emails, with the requester's language (their account's locale; "en" for a
   * guest). Agents and admins (and API keys): any ticket of their organization; customers: their
   * own tickets. 401 without credentials; 404 for a ticket the caller may not see (another
   * requester's or another organization's).
   */
  app.get(
    '/api/tickets/:id/tracking-link',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['tickets'],
        summary: "Make a ticket's tracking link",
        params: TicketIdParamsSchema,
        response: { 200: TrackingLinkSchema, ...commonProblems },
      },
    },
    async (request) => publicService.trackingLinkFor(principalOf(request), request.params.id),
  );
};
