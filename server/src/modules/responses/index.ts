/**
 * The public surface of the responses module: what other modules and the plugins may use. The rest
 * of the folder is the module's own (docs/architecture.md "Modules").
 */
export { addEmailReply, addStaffResponse, createResponsesService } from './responses.service.js';
export { findPublicResponses } from './responses.repository.js';
export type { PublicResponseRow } from './responses.repository.js';
