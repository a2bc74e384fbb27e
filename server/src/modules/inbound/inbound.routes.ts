/**
 * Inbound email routes (docs/api.md "Inbound email").
 * - `POST /api/inbound/email`: a raw message (`Content-Type: message/rfc822`) from an MTA pipe
 *   or a provider's inbound hook → 202 `{id, outcome, cause, ticketId, reference, responseId}`.
 *   Credentials: the mailbox's own (HTTP Basic, RFC 7617: user = mailbox id, password = its
 *   inbound secret; that mailbox wins over the recipients) or an API key of the organization
 *   with the scope `inbound:write` (`Bearer`; the mailbox is chosen by the recipients).
 * - `GET /api/inbound-emails`, `GET /api/inbound-emails/:id`: the inbound log (admins).
 * - `GET /api/inbound-emails/:id/original`: the `.eml` (admins; agents for their tickets' mail).
 * - `POST /api/inbound-emails/:id/accept` | `/discard`: a suspended mail (admins).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { AppError, ForbiddenError } from '../../lib/errors.js';
import { principalOf } from '../../plugins/auth.js';
import type { MailboxesService, MailboxRow } from '../mailboxes/index.js';
import type { InboundService } from './inbound.service.js';
import {
  InboundEmailIdParamsSchema,
  InboundEmailListSchema,
  InboundEmailSchema,
  InboundResultSchema,
  ListInboundEmailsQuerySchema,
} from './inbound.schemas.js';

/** A received message: its bytes (at most the limit's worth) and its whole size. */
interface RawMessage {
  raw: Buffer;
  sizeBytes: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The mailbox whose HTTP Basic credentials the inbound endpoint was called with. */
    inboundMailbox?: MailboxRow;
  }
}

/** 401 for the inbound endpoint: either scheme is accepted. */
class InboundUnauthorizedError extends AppError {
  constructor() {
    super(
      401,
      'unauthorized',
      'Unauthorized',
      'Give the mailbox id and its inbound secret (HTTP Basic) or an API key with the scope inbound:write (Bearer)',
      undefined,
      { 'WWW-Authenticate': 'Basic realm="Docket inbound email", Bearer' },
    );
  }
}

/** Reading stops (the connection is cut) past this many times the message limit. */
const DRAIN_FACTOR = 4;

export const inboundRoutes: FastifyPluginAsyncZod<{
  inbound: InboundService;
  mailboxes: Pick<MailboxesService, 'verifyInboundSecret'>;
  maxMessageBytes: number;
}> = async (app, { inbound, mailboxes, maxMessageBytes }) => {
  // The endpoint and its body parser, in a scope of their own.
  await app.register(async (scope) => {
    /**
     * `message/rfc822` bodies: the bytes up to the limit are kept; a bigger message is read to
     * its end (so its sender gets an answer, and the mail is logged as `too_large`) up to
     * DRAIN_FACTOR times the limit, beyond which the request is refused with 413.
     */
    scope.addContentTypeParser('message/rfc822', (_request, payload, done) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let finished = false;
      const finish = (error: Error | null, body?: RawMessage) => {
        if (finished) return;
        finished = true;
        done(error, body);
      };
      payload.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxMessageBytes) chunks.push(chunk);
        if (size > maxMessageBytes * DRAIN_FACTOR) {
          finish(
            new AppError(
              413,
              'message_too_large',
              'Message too large',
              'The message is far over the limit',
            ),
          );
          payload.destroy();
        }
      });
      payload.on('end', () => finish(null, { raw: Buffer.concat(chunks), sizeBytes: size }));
      payload.on('error', (error) => finish(error));
    });

    /** HTTP Basic (the mailbox) or Bearer (an API key), before the body is read. */
    async function authenticateInbound(request: FastifyRequest, reply: FastifyReply) {
      const header = request.headers.authorization ?? '';
      const basic = /^basic\s+([A-Za-z0-9+/=]{1,1000})$/i.exec(header);
      if (basic) {
        const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        const id = decoded.slice(0, colon);
        const mailbox =
          colon > 0 && /^[0-9a-f-]{36}$/i.test(id)
            ? await mailboxes.verifyInboundSecret(id.toLowerCase(), decoded.slice(colon + 1))
            : null;
        if (!mailbox) throw new InboundUnauthorizedError();
        request.inboundMailbox = mailbox;
        return;
      }
      if (!/^bearer\s/i.test(header)) throw new InboundUnauthorizedError();
      await app.authenticate.call(app, request, reply);
      // A person is refused; an API key goes on to the check of its scope `inbound:write`
      // (plugins/api-key-scopes.ts), still before the body is read.
      if (principalOf(request).kind !== 'api_key') {
        throw new ForbiddenError(
          'Only an API key with the scope inbound:write or the mailbox’s secret may deliver mail',
        );
      }
    }

    /**
     * POST /api/inbound/email — the raw message as the body → 202 with what became of it.
     * 401 without valid credentials, 403 for a key without `inbound:write`, 415 for another
     * content type, 413 far over the size limit (just over it: 202 `suspended`, `too_large`).
     */
    scope.post(
      '/api/inbound/email',
      {
        onRequest: authenticateInbound,
        schema: {
          tags: ['inbound email'],
          summary: 'Deliver a received email',
          description:
            'For an MTA pipe or an email provider’s inbound hook: the message exactly as received (`Content-Type: message/rfc822`). It becomes a ticket, a reply on the ticket it continues, or a suspended entry of the inbound log (auto-replies, bounces, loops, over the sender’s rate or the size limit); the same message delivered again answers `duplicate`.',
          response: {
            202: InboundResultSchema,
            ...commonProblems,
            413: ProblemSchema,
            415: ProblemSchema,
          },
        },
      },
      async (request, reply) => {
        const body = request.body as RawMessage | undefined;
        if (!body || !Buffer.isBuffer(body.raw)) {
          throw new AppError(
            415,
            'unsupported_media_type',
            'Unsupported Media Type',
            'Send the message as message/rfc822',
          );
        }
        const organizationId =
          request.inboundMailbox?.organizationId ?? principalOf(request).organizationId;
        const result = await inbound.receive({
          organizationId,
          mailbox: request.inboundMailbox ?? null,
          raw: body.raw,
          sizeBytes: body.sizeBytes,
        });
        return reply.code(202).send(result);
      },
    );
  });

  {
    const adminOnly = [app.requireRole('ADMIN')];
    const tags = ['inbound email'];
    const onRequest = app.authenticate;

    /** GET /api/inbound-emails — the inbound log, newest first; `outcome`, `ticketId` filter. */
    app.get(
      '/api/inbound-emails',
      {
        onRequest,
        preValidation: adminOnly,
        schema: {
          tags,
          summary: 'List received emails',
          querystring: ListInboundEmailsQuerySchema,
          response: { 200: InboundEmailListSchema, ...commonProblems },
        },
      },
      async (request) => inbound.list(principalOf(request), request.query),
    );

    /** GET /api/inbound-emails/:id — one entry of the log. */
    app.get(
      '/api/inbound-emails/:id',
      {
        onRequest,
        preValidation: adminOnly,
        schema: {
          tags,
          summary: 'Get a received email',
          params: InboundEmailIdParamsSchema,
          response: { 200: InboundEmailSchema, ...commonProblems },
        },
      },
      async (request) => inbound.get(principalOf(request), request.params.id),
    );

    /**
     * GET /api/inbound-emails/:id/original — `message/rfc822`, as received (download). Admins;
     * agents for mail on a ticket they can see; customers 404.
     */
    app.get(
      '/api/inbound-emails/:id/original',
      {
        onRequest,
        schema: {
          tags,
          summary: 'Download a received email (.eml)',
          params: InboundEmailIdParamsSchema,
          response: { 200: z.any().describe('The message (message/rfc822)'), ...commonProblems },
        },
      },
      async (request, reply) => {
        const raw = await inbound.original(principalOf(request), request.params.id);
        return reply
          .type('message/rfc822')
          .header('Content-Disposition', `attachment; filename="${request.params.id}.eml"`)
          .header('X-Content-Type-Options', 'nosniff')
          .send(raw);
      },
    );

    /** POST /api/inbound-emails/:id/accept — processes a suspended mail; 409 `not_suspended`. */
    app.post(
      '/api/inbound-emails/:id/accept',
      {
        onRequest,
        preValidation: adminOnly,
        schema: {
          tags,
          summary: 'Accept a suspended email',
          params: InboundEmailIdParamsSchema,
          response: { 200: InboundResultSchema, ...commonProblems, 409: ProblemSchema },
        },
      },
      async (request) => inbound.accept(principalOf(request), request.params.id),
    );

    /** POST /api/inbound-emails/:id/discard — drops a suspended mail; 409 `not_suspended`. */
    app.post(
      '/api/inbound-emails/:id/discard',
      {
        onRequest,
        preValidation: adminOnly,
        schema: {
          tags,
          summary: 'Discard a suspended email',
          params: InboundEmailIdParamsSchema,
          response: { 200: InboundEmailSchema, ...commonProblems, 409: ProblemSchema },
        },
      },
      async (request) => inbound.discard(principalOf(request), request.params.id),
    );
  }
};
