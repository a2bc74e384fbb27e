/**
 * The public surface of the macros module (docs/product.md "Macros"): the service and its
 * routes.
 */
export { createMacrosService } from './macros.service.js';
export { macrosRoutes } from './macros.routes.js';
