/**
 * The organization's two-factor rule (docs/product.md "Accounts"): `settings.requireTwoFactor` in
 * the organization's settings JSON, `off` (the default) or `staff` (agents and admins must use
 * two-factor sign-in). Plain functions, no database: the auth plugin's user read and the
 * two-factor service both decide with them.
 */

/** The values of the organization setting `requireTwoFactor`. */
export const REQUIRE_TWO_FACTOR_VALUES = ['off', 'staff'] as const;
export type RequireTwoFactor = (typeof REQUIRE_TWO_FACTOR_VALUES)[number];

/** `settings.requireTwoFactor` of an organization's settings JSON; `off` when absent or unknown. */
export function requireTwoFactorOf(settings: unknown): RequireTwoFactor {
  const value =
    settings && typeof settings === 'object' && !Array.isArray(settings)
      ? (settings as Record<string, unknown>)['requireTwoFactor']
      : undefined;
  return value === 'staff' ? 'staff' : 'off';
}

/** Whether the organization's rule asks a user of `role` to use two-factor sign-in. */
export function twoFactorRequiredFor(role: string, requireTwoFactor: RequireTwoFactor): boolean {
  return requireTwoFactor === 'staff' && (role === 'AGENT' || role === 'ADMIN');
}

/**
 * Whether a user must enrol before doing anything else: the rule asks it of their role and they
 * have not turned two-factor sign-in on (`totpEnabledAt` null).
 */
export function twoFactorEnrolmentRequired(user: {
  role: string;
  totpEnabledAt: Date | null;
  organizationSettings: unknown;
}): boolean {
  return (
    user.totpEnabledAt === null &&
    twoFactorRequiredFor(user.role, requireTwoFactorOf(user.organizationSettings))
  );
}
