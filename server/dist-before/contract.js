/**
 * The API contract as TypeScript types and zod schemas, for the SPA (`@docket/server/contract`).
 * The SPA imports from here so that its types cannot drift from what the server validates and sends.
 * Only zod schemas and plain values live behind this file: nothing that pulls in Prisma or Node APIs.
 */
export * from './lib/domain.js';
export { CreateTicketBodySchema } from './modules/tickets/tickets.schemas.js';
export { CreateResponseBodySchema } from './modules/responses/responses.schemas.js';
//# sourceMappingURL=contract.js.map
