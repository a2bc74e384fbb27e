/** Auth routes (docs/api.md "Auth"). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProblemSchema } from '../../lib/common.schemas.js';
import { ForbiddenError } from '../../lib/errors.js';
import { clientOf, principalOf } from '../../plugins/auth.js';
import type { AuthService } from './auth.service.js';
import { LoginBodySchema, LoginResponseSchema, UserSchema } from './auth.schemas.js';

export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthService }> = async (app, { auth }) => {
  /**
   * POST /api/auth/login — `{email, password}` → `{accessToken, tokenType: "Bearer", expiresIn
   * (seconds), user}`. 401 `unauthorized` for wrong credentials (same answer whatever is wrong).
   * 429 `rate_limited` with Retry-After past RATE_LIMIT_LOGIN_PER_IP attempts per IP, or
   * RATE_LIMIT_LOGIN_PER_ACCOUNT per IP and email, in a window (plugins/rate-limit.ts). Success
   * and failure on an existing account are recorded in its organization's activity log.
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
    async (request) => {
      const user = await auth.verifyCredentials(
        request.body.email,
        request.body.password,
        clientOf(request),
      );
      const token = app.signAccessToken(user);
      return { ...token, tokenType: 'Bearer' as const, user };
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
