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
  })
  .meta({ id: 'User' });
export type User = z.output<typeof UserSchema>;

export const LoginBodySchema = z
  .strictObject({
    email: z.email().max(254),
    password: z.string().min(1).max(1024),
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
