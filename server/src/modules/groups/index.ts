/** Groups (teams), availability and routing (docs/product.md "Groups and routing"). */
export { createGroupsService, type GroupsService } from './groups.service.js';
export { groupsRoutes } from './groups.routes.js';
export { createRoutingSubscriber } from './routing-subscriber.js';
export { requestRouting } from './routing.js';
export { findGroupIdsOfUser } from './groups.repository.js';
