/** Two-factor sign-in (docs/api.md "Two-factor sign-in"; docs/product.md "Accounts"). */
export { REQUIRE_TWO_FACTOR_VALUES } from '../modules/two-factor/two-factor-policy.js';
export type {
  DisableTwoFactorBody,
  RecoveryCodes,
  SecuritySettings,
  TwoFactorCodeBody,
  TwoFactorSetup,
  TwoFactorStatus,
  UpdateSecuritySettingsBody,
} from '../modules/two-factor/two-factor.schemas.js';
