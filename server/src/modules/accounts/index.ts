/**
 * The public surface of the accounts module (password reset and invitations, docs/product.md
 * "Accounts"): what the app registers. The rest of the folder is the module's own.
 */
export { accountsRoutes } from './accounts.routes.js';
export { createInvitationsService } from './invitations.service.js';
export { createPasswordResetService } from './password-reset.service.js';
