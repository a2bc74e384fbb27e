/**
 * Password reset and invitations (docs/product.md "Accounts"; docs/api.md "Auth" and
 * "Invitations"). Thin: a schema, the checks as hooks, one service call each.
 * - `POST /api/auth/password-reset`, `POST /api/auth/password-reset/confirm`,
 *   `GET|POST /api/invitations/accept`: public (no credentials), rate-limited per IP (and per
 *   email for reset requests).
 * - `GET|POST /api/invitations`, `POST /api/invitations/:id/resend`, `DELETE /api/invitations/:id`:
 *   a signed-in ADMIN (agents and customers 403, API keys 403: docs/product.md roles table
 *   "manage users").
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { clientOf, principalOf } from '../../plugins/auth.js';
import { signInAnswer, type SessionsService } from '../auth/index.js';
import { LoginResponseSchema } from '../auth/auth.schemas.js';
import {
  AcceptInvitationBodySchema,
  CreateInvitationBodySchema,
  InvitationIdParamsSchema,
  InvitationListSchema,
  InvitationPreviewSchema,
  InvitationSchema,
  InvitationTokenQuerySchema,
  PasswordResetConfirmBodySchema,
  PasswordResetRequestBodySchema,
  PasswordResetRequestedSchema,
} from './accounts.schemas.js';
import type { InvitationsService } from './invitations.service.js';
import type { PasswordResetService } from './password-reset.service.js';

/** The one answer to a reset request, whether or not the email has an account. */
const RESET_REQUESTED = {
  message: 'If an account exists for this email, we sent it a link to choose a new password.',
};

/**
 * Registers the account routes; the services from createPasswordResetService,
 * createInvitationsService and createSessionsService (an accepted invitation signs in).
 */
export const accountsRoutes: FastifyPluginAsyncZod<{
  passwordReset: PasswordResetService;
  invitations: InvitationsService;
  sessions: SessionsService;
}> = async (app, { passwordReset, invitations, sessions }) => {
  /**
   * POST /api/auth/password-reset — `{email}` → 202 `{message}`, the same body and about the same
   * time whether or not the email has an account (password-reset.service.ts). 400 malformed email;
   * 429 `rate_limited` past RATE_LIMIT_LOGIN_PER_IP requests per IP or
   * RATE_LIMIT_LOGIN_PER_ACCOUNT per email in a window.
   */
  app.post(
    '/api/auth/password-reset',
    {
      onRequest: app.rateLimits.passwordResetPerIp,
      preValidation: app.rateLimits.passwordResetPerAccount,
      schema: {
        tags: ['auth'],
        operationId: 'requestPasswordReset',
        summary: 'Ask for a password-reset link',
        security: [],
        body: PasswordResetRequestBodySchema,
        response: { 202: PasswordResetRequestedSchema, 400: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      await passwordReset.request(request.body.email, Date.now(), clientOf(request));
      return reply.code(202).send(RESET_REQUESTED);
    },
  );

  /**
   * POST /api/auth/password-reset/confirm — `{token, password}` → 204; every session of the user
   * ends. 400 naming `token` (unknown, used, revoked or expired link) or `password` (the policy's
   * reason); 429 per IP.
   */
  app.post(
    '/api/auth/password-reset/confirm',
    {
      onRequest: app.rateLimits.accountLinkPerIp,
      schema: {
        tags: ['auth'],
        operationId: 'confirmPasswordReset',
        summary: 'Set a new password with a reset link',
        security: [],
        body: PasswordResetConfirmBodySchema,
        response: {
          204: z.null().describe('Password changed; every session ended'),
          400: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      await passwordReset.confirm(request.body.token, request.body.password, clientOf(request));
      return reply.code(204).send(null);
    },
  );

  /**
   * GET /api/invitations/accept?token= — `{email, organizationName, role}` of a usable invitation.
   * 400 naming `token` (unknown, used, revoked or expired); 429 per IP.
   */
  app.get(
    '/api/invitations/accept',
    {
      onRequest: app.rateLimits.accountLinkPerIp,
      schema: {
        tags: ['auth'],
        operationId: 'previewInvitation',
        summary: 'What an invitation link offers',
        security: [],
        querystring: InvitationTokenQuerySchema,
        response: { 200: InvitationPreviewSchema, 400: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request) => invitations.preview(request.query.token),
  );

  /**
   * POST /api/invitations/accept — `{token, name, password}` → 201 `{accessToken, tokenType,
   * expiresIn, user}`: the user is created (active, the invitation's role and groups) and signed
   * in (a session and its refresh cookie, as POST /api/auth/login). 400 naming `token`, `name` or `password`; 409 `email_taken` / `email_unavailable`; 429.
   */
  app.post(
    '/api/invitations/accept',
    {
      onRequest: app.rateLimits.accountLinkPerIp,
      schema: {
        tags: ['auth'],
        operationId: 'acceptInvitation',
        summary: 'Accept an invitation',
        security: [],
        body: AcceptInvitationBodySchema,
        response: {
          201: LoginResponseSchema,
          400: ProblemSchema,
          409: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const user = await invitations.accept(request.body, clientOf(request));
      return reply
        .code(201)
        .send(await signInAnswer(app, reply, sessions, user, clientOf(request)));
    },
  );

  // Credentials first (401), then the role (403), then the request's shape (400).
  const adminOnly = [app.requireUser, app.requireRole('ADMIN')];

  /** GET /api/invitations — `{data}`: pending invitations, newest first (at most 200). Admins. */
  app.get(
    '/api/invitations',
    {
      onRequest: app.authenticate,
      preValidation: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'List pending invitations',
        response: { 200: InvitationListSchema, ...commonProblems },
      },
    },
    async (request) => invitations.list(principalOf(request)),
  );

  /**
   * POST /api/invitations — `{email, role, groupIds?}` → 201 invitation; the mail is queued.
   * 400 invalid fields (`groupIds` not the organization's); 403; 409 `email_taken` /
   * `email_unavailable` (the email is already a user's).
   */
  app.post(
    '/api/invitations',
    {
      onRequest: app.authenticate,
      preValidation: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Invite someone by email',
        body: CreateInvitationBodySchema,
        response: { 201: InvitationSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await invitations.create(principalOf(request), request.body)),
  );

  /**
   * POST /api/invitations/:id/resend — 201 the new invitation (a new link valid 7 days; the old
   * link stops working). 404 not a pending invitation of the organization; 409 email now a user's.
   */
  app.post(
    '/api/invitations/:id/resend',
    {
      onRequest: app.authenticate,
      preValidation: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Send an invitation again',
        params: InvitationIdParamsSchema,
        response: { 201: InvitationSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await invitations.resend(principalOf(request), request.params.id)),
  );

  /** DELETE /api/invitations/:id — 204; the link stops working. 404 not a pending invitation. */
  app.delete(
    '/api/invitations/:id',
    {
      onRequest: app.authenticate,
      preValidation: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Revoke an invitation',
        params: InvitationIdParamsSchema,
        response: { 204: z.null().describe('Revoked'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await invitations.revoke(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
