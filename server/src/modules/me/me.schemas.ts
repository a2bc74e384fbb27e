/**
 * The signed-in person's own profile (docs/product.md "Profile"): `GET|PATCH /api/me`. The answer
 * is a whitelist (no password hash, no routing counters); the body is strict, so a misspelt field
 * is a 400 naming it.
 */
import { z } from 'zod';
import { TimeZoneSchema, USER_LOCALES } from '../users/users.schemas.js';

/** The dashboard's colour schemes; `system` follows the device (prefers-color-scheme). */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** A staff member's signature: Markdown appended to their replies, at most 2,000 characters. */
export const SIGNATURE_MAX_LENGTH = 2000;

/** GET/PATCH /api/me answer. */
export const ProfileSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: z.enum(['ADMIN', 'AGENT', 'CUSTOMER']),
    locale: z
      .enum(USER_LOCALES)
      .describe('The language of the interface and of the mail sent to them'),
    timeZone: z.string().describe('IANA time zone dates are shown in, e.g. "America/Toronto"'),
    signature: z
      .string()
      .nullable()
      .describe('Staff: Markdown appended to their replies; always null for customers'),
    theme: z.enum(THEMES),
  })
  .meta({
    id: 'Profile',
    examples: [
      {
        id: '5d3c2b1a-0f9e-4d8c-8b7a-6a5b4c3d2e1f',
        name: 'Alice Agent',
        email: 'alice@acme.example',
        role: 'AGENT',
        locale: 'fr-CA',
        timeZone: 'America/Toronto',
        signature: '— Alice, **Acme support**',
        theme: 'dark',
      },
    ],
  });
export type Profile = z.output<typeof ProfileSchema>;

/** PATCH /api/me body: at least one field; `signature` is for staff (customers 403 naming it). */
export const UpdateProfileBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    locale: z.enum(USER_LOCALES).optional(),
    timeZone: TimeZoneSchema.optional(),
    signature: z
      .string()
      .max(SIGNATURE_MAX_LENGTH, `at most ${SIGNATURE_MAX_LENGTH} characters`)
      .nullable()
      .optional()
      .describe('Staff only. Markdown; null or "" removes it'),
    theme: z.enum(THEMES).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'give at least one field to change',
  })
  .meta({ id: 'UpdateProfileBody' });
export type UpdateProfileBody = z.input<typeof UpdateProfileBodySchema>;
export type UpdateProfileInput = z.output<typeof UpdateProfileBodySchema>;
