import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { TicketResponseSchema } from '../responses/responses.schemas.js';
import { TicketIdParamsSchema } from '../tickets/tickets.schemas.js';
import {
  PublicReplyBodySchema,
  PublicTicketSchema,
  TrackTicketBodySchema,
  TrackingLinkSchema,
  TrackingTokenParamsSchema,
} from './public.schemas.js';
export const publicRoutes = async (app, { publicService }) => {
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
      config: { rateLimit: app.rateLimits.trackPerIp },
      preValidation: app.rateLimits.trackPerReference,
      schema: {
        tags: ['public'],
        summary: 'Track a ticket by reference and email',
        description:
          'The public tracker (SPEC.md "Customers"): status, priority, category and the public timeline (public replies, public status changes, sessions) of the ticket whose requester\'s email matches, any case. Wrong pairs and unknown references get the same 404.',
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
      config: { rateLimit: app.rateLimits.trackingLinkPerIp },
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
   * ticket reopens it to OPEN, as a signed-in customer's does (SPEC.md "Ticket"); 409
   * `ticket_closed` on a CLOSED ticket; 404/410 as for the view; 429 past
   * RATE_LIMIT_TRACKING_REPLY_PER_IP per IP in a window.
   */
  app.post(
    '/api/public/tickets/:token/responses',
    {
      config: { rateLimit: app.rateLimits.trackingReplyPerIp },
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
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const response = await publicService.replyByToken(request.params.token, request.body);
      return reply.code(201).send(response);
    },
  );
  /**
   * GET /api/tickets/:id/tracking-link — `{url, expiresAt}`: a new signed link to the ticket
   * (uuid, number or reference), valid TRACKING_LINK_TTL_DAYS, for "Share with customer" and
   * emails. Agents and admins (and API keys): any ticket of their organization; customers: their
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
//# sourceMappingURL=public.routes.js.map
