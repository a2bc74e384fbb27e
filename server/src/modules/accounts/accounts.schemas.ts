/**
 * Password reset and invitations (docs/api.md "Auth" and "Invitations"): requests and the
 * whitelisted answers. A token is 256 random bits in base64url (43 characters); its hash is never
 * sent. New passwords are checked against the policy by the services (lib/password.ts
 * passwordProblem): the schemas bound their length only, so the SPA never loads the list.
 */
import { z } from 'zod';
import { Timestamp } from '../../lib/common.schemas.js';
import { RoleSchema } from '../users/users.schemas.js';

/** A link's token as sent (bounded; anything malformed is simply unknown). */
const TokenSchema = z.string().trim().min(1).max(128).describe('The token of the emailed link');
// 1024: lib/password.ts PASSWORD_MAX_LENGTH (not imported: the SPA's contract reads this file).
const NewPasswordSchema = z
  .string()
  .max(1024)
  .describe('The new password (docs/product.md "Accounts": at least 10 characters, not common)');

/** POST /api/auth/password-reset body. */
export const PasswordResetRequestBodySchema = z
  .strictObject({ email: z.email().max(254) })
  .meta({ id: 'PasswordResetRequestBody' });
export type PasswordResetRequestBody = z.input<typeof PasswordResetRequestBodySchema>;

/** POST /api/auth/password-reset answer: the same whether the account exists or not. */
export const PasswordResetRequestedSchema = z
  .object({ message: z.string() })
  .meta({ id: 'PasswordResetRequested' });

/** POST /api/auth/password-reset/confirm body. */
export const PasswordResetConfirmBodySchema = z
  .strictObject({ token: TokenSchema, password: NewPasswordSchema })
  .meta({ id: 'PasswordResetConfirmBody' });
export type PasswordResetConfirmBody = z.input<typeof PasswordResetConfirmBodySchema>;

/** The roles an invitation may give. */
const InvitationRoleSchema = RoleSchema;

/** POST /api/invitations body. */
export const CreateInvitationBodySchema = z
  .strictObject({
    email: z.email().max(254),
    role: InvitationRoleSchema,
    groupIds: z
      .array(z.uuid())
      .max(50)
      .optional()
      .describe('Groups the new user joins (staff roles)'),
  })
  .meta({ id: 'CreateInvitationBody' });
export type CreateInvitationInput = z.output<typeof CreateInvitationBodySchema>;
export type CreateInvitationBody = z.input<typeof CreateInvitationBodySchema>;

/** A pending invitation as admins see it (never its token). */
export const InvitationSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: RoleSchema,
    groupIds: z.array(z.uuid()),
    expiresAt: Timestamp,
    expired: z.boolean().describe('Past its expiry: resend it to send a new link'),
    createdAt: Timestamp,
    invitedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  })
  .meta({ id: 'Invitation' });
export type Invitation = z.output<typeof InvitationSchema>;

/** GET /api/invitations answer. */
export const InvitationListSchema = z
  .object({ data: z.array(InvitationSchema) })
  .meta({ id: 'InvitationList' });
export type InvitationList = z.output<typeof InvitationListSchema>;

/** `:id` of invitation routes (anything not a pending invitation of the organization is 404). */
export const InvitationIdParamsSchema = z.object({ id: z.string().min(1).max(64) });

/** GET /api/invitations/accept query. */
export const InvitationTokenQuerySchema = z.object({ token: TokenSchema });

/** GET /api/invitations/accept answer: what the acceptance page shows. */
export const InvitationPreviewSchema = z
  .object({ email: z.string(), organizationName: z.string(), role: RoleSchema })
  .meta({ id: 'InvitationPreview' });
export type InvitationPreview = z.output<typeof InvitationPreviewSchema>;

/** POST /api/invitations/accept body. */
export const AcceptInvitationBodySchema = z
  .strictObject({
    token: TokenSchema,
    name: z.string().trim().min(1).max(200),
    password: NewPasswordSchema,
  })
  .meta({ id: 'AcceptInvitationBody' });
export type AcceptInvitationBody = z.input<typeof AcceptInvitationBodySchema>;
