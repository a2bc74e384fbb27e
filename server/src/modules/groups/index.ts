/** Groups (teams), availability and routing (docs/product.md "Groups and routing"). */
export { createGroupsService } from './groups.service.js';
export { groupsRoutes } from './groups.routes.js';
export { createRoutingSubscriber } from './routing-subscriber.js';
export { createNewTicketRouter } from './routing.js';
