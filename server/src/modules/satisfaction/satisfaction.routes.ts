/**
 * Satisfaction routes (docs/api.md "Satisfaction"; docs/product.md "Satisfaction"): the rating of
 * a ticket's resolution through its signed tracking link (no account) and, signed in, by its
 * requester. Rules in satisfaction.service.ts.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { TrackingTokenParamsSchema } from '../public/public.schemas.js';
import { TicketIdParamsSchema } from '../tickets/tickets.schemas.js';
import {
  RateBodySchema,
  SatisfactionSettingsSchema,
  SatisfactionStateSchema,
  UpdateSatisfactionSettingsBodySchema,
} from './satisfaction.schemas.js';
import type { SatisfactionService } from './satisfaction.service.js';

const rulesText =
  'A rating is for the current resolution (a ticket reopened and resolved again asks again), while the ticket is RESOLVED or CLOSED, and may be changed for 7 days after it was first given. 409 `not_resolved` (reopened), `rating_closed` (after 7 days), `satisfaction_disabled` (the organization turned ratings off); 400 naming `score` for 2–4 on the good/bad scale (1 bad, 5 good).';

export const satisfactionRoutes: FastifyPluginAsyncZod<{
  satisfaction: SatisfactionService;
}> = async (app, { satisfaction }) => {
  /**
   * GET /api/public/tickets/:token/satisfaction — 200 SatisfactionState `{scale, rating, open,
   * resolvedAt, changeableUntil}` of the token's ticket. 404 for a malformed or tampered token or a
   * deleted ticket, 410 `link_expired`, 429 past RATE_LIMIT_TRACKING_LINK_PER_IP per IP.
   */
  app.get(
    '/api/public/tickets/:token/satisfaction',
    {
      onRequest: [
        async (_request, reply) => {
          reply.header('Cache-Control', 'no-store');
        },
        app.rateLimits.trackingLinkPerIp,
      ],
      schema: {
        tags: ['public'],
        operationId: 'getSatisfactionByToken',
        summary: "A ticket's satisfaction rating, through its tracking link",
        security: [],
        params: TrackingTokenParamsSchema,
        response: {
          200: SatisfactionStateSchema,
          404: ProblemSchema,
          410: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request) => satisfaction.stateByToken(request.params.token),
  );

  /**
   * PUT /api/public/tickets/:token/satisfaction — `{score, comment?, reason?}` → 200 the new
   * SatisfactionState. The token holder rates as the ticket's requester. 400 naming the field
   * (score 1–5, comment ≤ 2,000 characters, reason slow|unresolved|unfriendly|other), 404/410 as
   * for the GET, 409 (see rulesText), 429 past RATE_LIMIT_TRACKING_REPLY_PER_IP per IP (counted
   * with the replies through tracking links).
   */
  app.put(
    '/api/public/tickets/:token/satisfaction',
    {
      onRequest: [
        async (_request, reply) => {
          reply.header('Cache-Control', 'no-store');
        },
        app.rateLimits.trackingReplyPerIp,
      ],
      schema: {
        tags: ['public'],
        operationId: 'rateByToken',
        summary: 'Rate a resolved ticket through its tracking link',
        description: rulesText,
        security: [],
        params: TrackingTokenParamsSchema,
        body: RateBodySchema,
        response: {
          200: SatisfactionStateSchema,
          400: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
          410: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request) => satisfaction.rateByToken(request.params.token, request.body),
  );

  /**
   * GET /api/tickets/:id/satisfaction — 200 SatisfactionState of a ticket the caller may see
   * (the requester their own; staff and API keys with `tickets:read` their organization's,
   * within their groups). 401 without credentials, 404 for a ticket the caller may not see.
   */
  app.get(
    '/api/tickets/:id/satisfaction',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['tickets'],
        operationId: 'getSatisfaction',
        summary: "A ticket's satisfaction rating",
        params: TicketIdParamsSchema,
        response: { 200: SatisfactionStateSchema, ...commonProblems, 404: ProblemSchema },
      },
    },
    async (request) => satisfaction.stateFor(principalOf(request), request.params.id),
  );

  /**
   * PUT /api/tickets/:id/satisfaction — `{score, comment?, reason?}` → 200 SatisfactionState:
   * the signed-in requester rates their ticket. 403 for agents, admins and API keys (only the
   * requester rates); 404 for another requester's ticket; 400/409 as the public PUT.
   */
  app.put(
    '/api/tickets/:id/satisfaction',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['tickets'],
        operationId: 'rateTicket',
        summary: 'Rate a resolved ticket (its requester)',
        description: rulesText,
        params: TicketIdParamsSchema,
        body: RateBodySchema,
        response: {
          200: SatisfactionStateSchema,
          ...commonProblems,
          404: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request) =>
      satisfaction.rateAsRequester(principalOf(request), request.params.id, request.body),
  );

  /**
   * GET /api/satisfaction/settings — 200 `{enabled, scale}`: the organization's rating settings
   * (docs/product.md "Satisfaction"). Agents, admins and API keys (`tickets:read`); customers 403.
   */
  app.get(
    '/api/satisfaction/settings',
    {
      onRequest: app.authenticate,
      preValidation: app.requireRole('AGENT', 'ADMIN'),
      schema: {
        tags: ['admin'],
        operationId: 'getSatisfactionSettings',
        summary: "The organization's satisfaction rating settings",
        response: { 200: SatisfactionSettingsSchema, ...commonProblems },
      },
    },
    async (request) => satisfaction.settingsFor(principalOf(request)),
  );

  /**
   * PATCH /api/satisfaction/settings — `{enabled?, scale?}` (at least one) → 200 `{enabled,
   * scale}` after the change, merged into the organization's settings (other settings kept) with
   * an organization activity row. Admins and API keys with `admin`; others 403. 400 naming the
   * field (scale good_bad|five_point, enabled a boolean, an unknown field).
   */
  app.patch(
    '/api/satisfaction/settings',
    {
      onRequest: app.authenticate,
      preValidation: app.requireRole('ADMIN'),
      schema: {
        tags: ['admin'],
        operationId: 'updateSatisfactionSettings',
        summary: "Change the organization's satisfaction rating settings",
        description:
          'Turns the "How did we do?" question on or off and chooses the scale of new ratings (good_bad: 👍/👎; five_point: 1–5). Ratings already given keep their scale.',
        body: UpdateSatisfactionSettingsBodySchema,
        response: { 200: SatisfactionSettingsSchema, ...commonProblems },
      },
    },
    async (request) => satisfaction.updateSettings(principalOf(request), request.body),
  );
};
