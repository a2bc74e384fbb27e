/** Sign-in and the current user (docs/api.md "Auth"). */
import { examples } from '../../lib/openapi-examples.js';
import { z } from 'zod';
import { ROLES } from '../../lib/domain.js';

export const UserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    organizationId: z.uuid(),
    locale: z.string(),
    timeZone: z.string(),
    twoFactorEnrolmentRequired: z
      .boolean()
      .optional()
      .describe(
        'true: the organization requires two-factor sign-in of this role and it is not set up; every route but sign-in and /api/me/two-factor/* answers 403 two_factor_enrolment_required until it is',
      ),
  })
  .meta({ id: 'User' });
export type User = z.output<typeof UserSchema>;

export const LoginBodySchema = z
  .strictObject({
    email: z.email().max(254),
    password: z.string().min(1).max(1024),
    code: z
      .string()
      .max(32)
      .optional()
      .describe(
        'Accounts with two-factor sign-in: the 6-digit code of the authenticator app, or an unused recovery code',
      ),
  })
  .meta({ id: 'LoginBody', examples: [examples.login] });
export type LoginBody = z.input<typeof LoginBodySchema>;

export const LoginResponseSchema = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().describe('Seconds until the access token expires'),
    user: UserSchema,
  })
  .meta({ id: 'LoginResponse' });
export type LoginResponse = z.output<typeof LoginResponseSchema>;
