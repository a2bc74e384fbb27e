/**
 * The inbound email module's public surface: the pipeline (both ways in feed it), the reply
 * addresses notifications use, the API routes and the IMAP fetching.
 */
export { createInboundPipeline } from './process-inbound-email.js';
export { createInboundService } from './inbound.service.js';
export { inboundRoutes } from './inbound.routes.js';
export { createImapWorker } from './imap-worker.js';
export type { ImapWorker } from './imap-worker.js';
export { createDevReply } from './dev-reply.js';
