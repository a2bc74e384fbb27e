/**
 * Two-factor sign-in's routes (docs/api.md "Two-factor sign-in"; docs/product.md "Accounts"):
 * thin, a schema and one service call each. All need a signed-in person: API keys get 403
 * (lib/api-key-scopes.ts maps /api/me/*, /api/users/:id/* writes and /api/organization/* to
 * `none`; `requireUser` says so first).
 * - `/api/me/two-factor…`: anyone signed in, for themself (customers too).
 * - `POST /api/users/:id/two-factor/reset`: admins, on a user of their organization.
 * - `GET|PATCH /api/organization/security`: admins (the organization's `requireTwoFactor`).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import type { TwoFactorService } from './two-factor.service.js';
import {
  DisableTwoFactorBodySchema,
  RecoveryCodesSchema,
  SecuritySettingsSchema,
  TwoFactorCodeBodySchema,
  TwoFactorSetupSchema,
  TwoFactorStatusSchema,
  UpdateSecuritySettingsBodySchema,
} from './two-factor.schemas.js';

const UserIdParamsSchema = z.object({ id: z.uuid() });

/** Registers the two-factor routes; `twoFactor` is createTwoFactorService(deps). */
export const twoFactorRoutes: FastifyPluginAsyncZod<{ twoFactor: TwoFactorService }> = async (
  app,
  { twoFactor },
) => {
  // Credentials first (401), then person and role (403), then the request's shape (400).
  app.addHook('onRequest', app.authenticate);
  const adminOnly = [app.requireUser, app.requireRole('ADMIN')];

  /**
   * GET /api/me/two-factor — `{enabled, enabledAt (ISO 8601 or null), recoveryCodesLeft,
   * required}` of the signed-in person; `required`: their organization requires it of their role.
   */
  app.get(
    '/api/me/two-factor',
    {
      preValidation: app.requireUser,
      schema: {
        tags: ['auth'],
        operationId: 'getTwoFactorStatus',
        summary: 'My two-factor sign-in',
        response: { 200: TwoFactorStatusSchema, ...commonProblems },
      },
    },
    async (request) => twoFactor.status(principalOf(request)),
  );

  /**
   * POST /api/me/two-factor/setup — starts (or restarts) enrolment: 200 `{secret (base32),
   * otpauthUri, qrCodeSvg}`, the secret kept as pending until confirmed. 409
   * `two_factor_enabled` when it is on already.
   */
  app.post(
    '/api/me/two-factor/setup',
    {
      preValidation: app.requireUser,
      schema: {
        tags: ['auth'],
        operationId: 'setUpTwoFactor',
        summary: 'Start two-factor enrolment',
        description:
          'A fresh TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s) for an authenticator app, as text, otpauth URI and SVG QR code. Calling again replaces the pending secret.',
        response: { 200: TwoFactorSetupSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request) => twoFactor.setup(principalOf(request)),
  );

  /**
   * POST /api/me/two-factor/confirm — `{code}` (the app's current code for the pending secret) →
   * 200 `{recoveryCodes}` (ten, shown only now); two-factor sign-in is on. 400
   * `invalid_two_factor_code` naming `code`; 409 `two_factor_enabled` / `two_factor_not_set_up`.
   */
  app.post(
    '/api/me/two-factor/confirm',
    {
      preValidation: app.requireUser,
      schema: {
        tags: ['auth'],
        operationId: 'confirmTwoFactor',
        summary: 'Finish two-factor enrolment',
        body: TwoFactorCodeBodySchema,
        response: { 200: RecoveryCodesSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request) => twoFactor.confirm(principalOf(request), request.body.code),
  );

  /**
   * POST /api/me/two-factor/recovery-codes — `{code}` (a current app code, not used before) →
   * 200 `{recoveryCodes}`: ten new codes replace the old ones. 400 `invalid_two_factor_code`;
   * 409 `two_factor_not_enabled`.
   */
  app.post(
    '/api/me/two-factor/recovery-codes',
    {
      preValidation: app.requireUser,
      schema: {
        tags: ['auth'],
        operationId: 'regenerateRecoveryCodes',
        summary: 'New recovery codes',
        body: TwoFactorCodeBodySchema,
        response: { 200: RecoveryCodesSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request) => twoFactor.regenerateRecoveryCodes(principalOf(request), request.body.code),
  );

  /**
   * DELETE /api/me/two-factor — `{password}` → 204: two-factor sign-in is off. 400 naming
   * `password` when it is wrong; 403 while the organization requires it of the caller's role;
   * 409 `two_factor_not_enabled`.
   */
  app.delete(
    '/api/me/two-factor',
    {
      preValidation: app.requireUser,
      schema: {
        tags: ['auth'],
        operationId: 'disableTwoFactor',
        summary: 'Turn two-factor sign-in off',
        body: DisableTwoFactorBodySchema,
        response: { 204: z.null().describe('Off'), ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      await twoFactor.disable(principalOf(request), request.body.password);
      return reply.code(204).send(null);
    },
  );

  /**
   * POST /api/users/:id/two-factor/reset — 204: the user's two-factor sign-in is cleared (they
   * sign in with their password and enrol again). Admins only; 404 for a user of another
   * organization.
   */
  app.post(
    '/api/users/:id/two-factor/reset',
    {
      preValidation: adminOnly,
      schema: {
        tags: ['admin'],
        operationId: 'resetUserTwoFactor',
        summary: "Reset a user's two-factor sign-in",
        params: UserIdParamsSchema,
        response: { 204: z.null().describe('Reset'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await twoFactor.reset(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  /** GET /api/organization/security — `{requireTwoFactor: "off"|"staff"}`. Admins only. */
  app.get(
    '/api/organization/security',
    {
      preValidation: adminOnly,
      schema: {
        tags: ['admin'],
        operationId: 'getSecuritySettings',
        summary: "The organization's sign-in security settings",
        response: { 200: SecuritySettingsSchema, ...commonProblems },
      },
    },
    async (request) => twoFactor.securitySettings(principalOf(request)),
  );

  /**
   * PATCH /api/organization/security — `{requireTwoFactor: "off"|"staff"}` → 200 the settings.
   * `staff`: agents and admins without two-factor sign-in must enrol before anything else, from
   * their next request. Admins only; 400 naming the field.
   */
  app.patch(
    '/api/organization/security',
    {
      preValidation: adminOnly,
      schema: {
        tags: ['admin'],
        operationId: 'updateSecuritySettings',
        summary: "Change the organization's sign-in security settings",
        body: UpdateSecuritySettingsBodySchema,
        response: { 200: SecuritySettingsSchema, ...commonProblems },
      },
    },
    async (request) => twoFactor.updateSecuritySettings(principalOf(request), request.body),
  );
};
