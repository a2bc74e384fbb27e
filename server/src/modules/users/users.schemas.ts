/**
 * Users of an organization as admins manage them (docs/product.md roles table "manage users"): requests
 * and the whitelisted answer. The answer never carries `passwordHash`: the serializer drops what
 * the schema does not name.
 */
import { z } from 'zod';
import { ROLES } from '../../lib/domain.js';
import { PageQuerySchema, Timestamp, commaListMeta, pageOf } from '../../lib/common.schemas.js';

/** The languages Docket speaks (docs/product.md: English and French, fr-CA). */
export const USER_LOCALES = ['en', 'fr-CA'] as const;

/** The staff roles an agent may list (the assignee picker of the dashboard). */
export const STAFF_ROLES = ['AGENT', 'ADMIN'] as const;

/** ADMIN, AGENT or CUSTOMER (docs/api.md "Auth"). */
export const RoleSchema = z.enum(ROLES).meta({ id: 'Role' });

/** Lower-cased IANA name → its canonical spelling, built on first use. */
let canonicalZones: Map<string, string> | undefined;

/**
 * The time zone spelled as in the IANA database, canonical case ("europe/paris" → "Europe/Paris");
 * links the runtime knows (e.g. "America/Montreal") are kept as given; null when Intl refuses it.
 */
function canonicalTimeZone(value: string): string | null {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    return null;
  }
  canonicalZones ??= new Map(
    Intl.supportedValuesOf('timeZone').map((tz) => [tz.toLowerCase(), tz]),
  );
  const lower = value.toLowerCase();
  return canonicalZones.get(lower) ?? (lower === 'utc' ? 'UTC' : value);
}

/** An IANA time zone accepted by this runtime's Intl (ECMA-402), e.g. "America/Toronto". */
export const TimeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((tz) => canonicalTimeZone(tz) !== null, 'unknown IANA time zone (e.g. "America/Toronto")')
  .transform((tz) => canonicalTimeZone(tz) ?? tz)
  .describe('IANA time zone, e.g. "America/Toronto"');

/** A new password: at least 10 characters (NIST SP 800-63B allows ≥ 8; we ask a little more). */
const PasswordSchema = z.string().min(10, 'at least 10 characters').max(1024);

/** A user of the organization, as admins (and agents, for staff) see it. */
export const OrganizationUserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    organizationId: z.uuid(),
    locale: z.string(),
    timeZone: z.string(),
    isActive: z.boolean(),
    availability: z
      .enum(['available', 'away'])
      .describe('Staff: whether routing gives them tickets (docs/product.md "Groups and routing")'),
    groupRestricted: z.boolean().describe('Agents: they see only the tickets of their groups'),
    lastLoginAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'OrganizationUser' });
export type OrganizationUser = z.output<typeof OrganizationUserSchema>;

/** GET /api/users answer: a keyset page `{data, nextCursor}`. */
export const OrganizationUserListSchema = pageOf(OrganizationUserSchema).meta({
  id: 'OrganizationUserList',
});
export type OrganizationUserList = z.output<typeof OrganizationUserListSchema>;

/** GET /api/users query: `role` (comma list), `isActive` (true|false), `q` (name or email contains). */
export const ListUsersQuerySchema = PageQuerySchema.extend({
  role: z
    .string()
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.enum(ROLES)).min(1))
    .meta(commaListMeta({ type: 'string', enum: [...ROLES] }))
    .optional()
    .describe('Comma list of roles, e.g. "AGENT,ADMIN"'),
  isActive: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Part of the name or email, any case'),
});
export type ListUsersQuery = z.output<typeof ListUsersQuerySchema>;

/** POST /api/users body. Without `password` the user cannot sign in until one is set. */
export const CreateUserBodySchema = z
  .strictObject({
    email: z.email().max(254),
    name: z.string().trim().min(1).max(200),
    role: RoleSchema,
    password: PasswordSchema.optional(),
    locale: z.enum(USER_LOCALES).optional(),
    timeZone: TimeZoneSchema.optional(),
  })
  .meta({ id: 'CreateUserBody' });
export type CreateUserBody = z.input<typeof CreateUserBodySchema>;
export type CreateUserInput = z.output<typeof CreateUserBodySchema>;

/** PATCH /api/users/:id body: at least one field. */
export const UpdateUserBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    role: RoleSchema.optional(),
    locale: z.enum(USER_LOCALES).optional(),
    timeZone: TimeZoneSchema.optional(),
    isActive: z.boolean().optional(),
    groupRestricted: z
      .boolean()
      .optional()
      .describe('Agents: see only the tickets of their groups (admins always see everything)'),
    password: PasswordSchema.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'give at least one field to change',
  })
  .meta({ id: 'UpdateUserBody' });
export type UpdateUserBody = z.input<typeof UpdateUserBodySchema>;
export type UpdateUserInput = z.output<typeof UpdateUserBodySchema>;

/** `:id` of user routes; anything that is not a user of the caller's organization is 404. */
export const UserIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
