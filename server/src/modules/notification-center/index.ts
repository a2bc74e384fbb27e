/**
 * The public surface of the in-app notifications module (docs/product.md "In-app
 * notifications"): what the app registers. The rest of the folder is the module's own.
 */
export { createNotificationCenterService } from './notification-center.service.js';
export { notificationCenterRoutes } from './notification-center.routes.js';
