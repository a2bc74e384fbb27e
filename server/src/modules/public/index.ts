/**
 * The public surface of the public module: what other modules may use. The rest of the folder
 * is the module's own (docs/architecture.md "Modules").
 */
export { LinkExpiredError, loadPublicTicket } from './public.service.js';
