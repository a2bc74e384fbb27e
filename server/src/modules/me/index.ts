/**
 * The public surface of the profile module (docs/product.md "Profile", "Unread markers"): what
 * the app registers. The rest of the folder is the module's own.
 */
export { createMeService } from './me.service.js';
export { meRoutes } from './me.routes.js';
