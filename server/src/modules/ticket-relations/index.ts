/** Merging tickets and linking them (docs/product.md "Merge and links"). */
export { createTicketRelationsService } from './relations.service.js';
export { ticketRelationsRoutes } from './relations.routes.js';
