/**
 * The public surface of the two-factor module (docs/product.md "Accounts"): what the app, the
 * sign-in service and the auth plugin use. The routes are imported by app.ts from
 * two-factor.routes.ts (they depend on the auth plugin, which depends on this file).
 */
export { createTwoFactorService, type TwoFactorService } from './two-factor.service.js';
export { TwoFactorEnrolmentRequiredError } from './two-factor.errors.js';
export { twoFactorEnrolmentRequired } from './two-factor-policy.js';
