/** Auth routes (docs/api.md "Auth"). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema } from '../../lib/common.schemas.js';
import { ForbiddenError } from '../../lib/errors.js';
import { clientOf, principalOf, sessionIdOf } from '../../plugins/auth.js';
import type { AuthService } from './auth.service.js';
import {
  clearRefreshCookie,
  refreshCookieOf,
  sessionAnswer,
  signInAnswer,
} from './sessions.cookie.js';
import type { SessionsService } from './sessions.service.js';
import { LoginBodySchema, LoginResponseSchema, UserSchema } from './auth.schemas.js';

export const authRoutes: FastifyPluginAsyncZod<{
  auth: AuthService;
  sessions: SessionsService;
}> = async (app, { auth, sessions }) => {
  /**
   * POST /api/auth/login — `{email, password}` → `{accessToken, tokenType: "Bearer", expiresIn
   * (seconds), user}`. 401 `unauthorized` for wrong credentials (same answer whatever is wrong).
   * 429 `rate_limited` with Retry-After past RATE_LIMIT_LOGIN_PER_IP attempts per IP, or
   * RATE_LIMIT_LOGIN_PER_ACCOUNT per IP and email, in a window (plugins/rate-limit.ts). Success
   * and failure on an existing account are recorded in its organization's activity log.
   * Success opens a session (docs/product.md "Accounts"): the access token carries its `sid`, and
   * the answer sets the httpOnly refresh cookie `docket_refresh` (Path=/api/auth) that
   * POST /api/auth/refresh exchanges for the next access token.
   */
  app.post(
    '/api/auth/login',
    {
      onRequest: app.rateLimits.loginPerIp,
      preValidation: app.rateLimits.loginPerAccount,
      schema: {
        tags: ['auth'],
        operationId: 'login',
        summary: 'Sign in',
        security: [],
        body: LoginBodySchema,
        response: {
          200: LoginResponseSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const user = await auth.verifyCredentials(
        request.body.email,
        request.body.password,
        clientOf(request),
        // Two-factor sign-in (modules/two-factor): 401 two_factor_required without it.
        request.body.code,
      );
      return signInAnswer(app, reply, sessions, user, clientOf(request));
    },
  );

  /**
   * POST /api/auth/refresh — no body; the refresh cookie → 200 `{accessToken, tokenType,
   * expiresIn, user}` as sign-in, and a new refresh cookie (the one sent no longer works:
   * rotation, sessions.service.ts). 401 without a cookie, for an unknown one, an ended session or
   * a deactivated user; a cookie already exchanged (a copy was used) ends the whole session, is
   * recorded as `auth.refresh_token_reused`, and is 401 too. Not rate-limited: a refresh token
   * is 256 random bits (nothing to guess), and every signed-in browser refreshes every
   * JWT_EXPIRES_IN, so an office behind one address must not be counted as sign-in attempts.
   */
  app.post(
    '/api/auth/refresh',
    {
      schema: {
        tags: ['auth'],
        operationId: 'refreshSession',
        summary: 'Renew the access token with the session cookie',
        security: [],
        response: { 200: LoginResponseSchema, 401: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      try {
        const renewed = await sessions.refresh(refreshCookieOf(request), clientOf(request));
        return sessionAnswer(app, reply, sessions, renewed, renewed.user);
      } catch (error) {
        clearRefreshCookie(reply, sessions.secureCookies);
        throw error;
      }
    },
  );

  /**
   * POST /api/auth/logout — signs out: the session of the access token ends on the server (its
   * access tokens stop working within AUTH_USER_CACHE_SECONDS on other instances, at once on this
   * one), the refresh cookie is cleared, `auth.signed_out` is recorded → 204. 401 without a valid
   * token; 403 for an API key.
   */
  app.post(
    '/api/auth/logout',
    {
      onRequest: app.authenticate,
      preValidation: app.requireUser,
      schema: {
        tags: ['auth'],
        operationId: 'logout',
        summary: 'Sign out',
        response: {
          204: z.null().describe('Signed out'),
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      await sessions.logout(principalOf(request), sessionIdOf(request));
      clearRefreshCookie(reply, sessions.secureCookies);
      return reply.code(204).send(null);
    },
  );

  /** GET /api/auth/me — the signed-in user. 401 without a valid token; 403 for an API key. */
  app.get(
    '/api/auth/me',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['auth'],
        operationId: 'getCurrentUser',
        summary: 'The current user',
        response: { 200: UserSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      if (principal.kind !== 'user') throw new ForbiddenError('An API key has no user profile');
      return auth.me(principal.id);
    },
  );
};
