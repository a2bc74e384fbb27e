/**
 * Two-factor sign-in's API shapes (docs/api.md "Two-factor sign-in"): the enrolment, the status,
 * the recovery codes and the organization's rule. Plain zod, reused by the OpenAPI document and
 * the SPA (contract/two-factor).
 */
import { z } from 'zod';
import { Timestamp } from '../../lib/common.schemas.js';
import { REQUIRE_TWO_FACTOR_VALUES } from './two-factor-policy.js';

/** A code as typed: six digits from the app, or a recovery code (`xxxxx-xxxxx`); spaces allowed. */
const SecondFactorCodeSchema = z
  .string()
  .trim()
  .min(6, 'at least 6 characters')
  .max(32, 'at most 32 characters');

/** POST /api/me/two-factor/setup answer: what the authenticator app needs, shown once. */
export const TwoFactorSetupSchema = z
  .object({
    secret: z.string().describe('The secret, base32 (RFC 4648), for typing into the app'),
    otpauthUri: z.string().describe('otpauth://totp/… URI (the QR code holds it)'),
    qrCodeSvg: z.string().describe('The otpauthUri as a QR code, an SVG document'),
  })
  .meta({ id: 'TwoFactorSetup' });
export type TwoFactorSetup = z.output<typeof TwoFactorSetupSchema>;

/** POST /api/me/two-factor/confirm and …/recovery-codes body. */
export const TwoFactorCodeBodySchema = z
  .strictObject({
    code: SecondFactorCodeSchema.describe('The 6-digit code the authenticator app shows now'),
  })
  .meta({ id: 'TwoFactorCodeBody' });
export type TwoFactorCodeBody = z.input<typeof TwoFactorCodeBodySchema>;

/** The recovery codes, shown once. */
export const RecoveryCodesSchema = z
  .object({
    recoveryCodes: z
      .array(z.string())
      .describe('Ten single-use codes, each signs in once instead of an app code; shown only now'),
  })
  .meta({ id: 'RecoveryCodes' });
export type RecoveryCodes = z.output<typeof RecoveryCodesSchema>;

/** DELETE /api/me/two-factor body. */
export const DisableTwoFactorBodySchema = z
  .strictObject({ password: z.string().min(1).max(1024).describe('The current password') })
  .meta({ id: 'DisableTwoFactorBody' });
export type DisableTwoFactorBody = z.input<typeof DisableTwoFactorBodySchema>;

/** GET /api/me/two-factor answer. */
export const TwoFactorStatusSchema = z
  .object({
    enabled: z.boolean(),
    enabledAt: Timestamp.nullable(),
    recoveryCodesLeft: z.number().int().describe('Unused recovery codes (0 when not enabled)'),
    required: z
      .boolean()
      .describe(
        "Whether the organization requires it of the user's role (then it cannot be turned off)",
      ),
  })
  .meta({ id: 'TwoFactorStatus' });
export type TwoFactorStatus = z.output<typeof TwoFactorStatusSchema>;

/** GET/PATCH /api/organization/security answer and PATCH body. */
export const SecuritySettingsSchema = z
  .object({
    requireTwoFactor: z
      .enum(REQUIRE_TWO_FACTOR_VALUES)
      .describe('off: each person chooses; staff: agents and admins must use two-factor sign-in'),
  })
  .meta({ id: 'SecuritySettings' });
export type SecuritySettings = z.output<typeof SecuritySettingsSchema>;

export const UpdateSecuritySettingsBodySchema = z
  .strictObject({ requireTwoFactor: z.enum(REQUIRE_TWO_FACTOR_VALUES) })
  .meta({ id: 'UpdateSecuritySettingsBody' });
export type UpdateSecuritySettingsBody = z.input<typeof UpdateSecuritySettingsBodySchema>;
