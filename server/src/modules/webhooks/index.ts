/**
 * The public surface of the webhooks module (the Standard Webhooks specification): what the app
 * and the plugins may use. The rest of the folder is the module's own.
 */
export {
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_RETRY,
  createDeliveryWorker,
  createWebhookSubscriber,
  type DeliveryWorker,
} from './webhook-deliveries.js';
export { createWebhookHttpClient, type WebhookHttpClient } from './webhook-http.js';
export { addressPolicyFrom } from './webhook-ssrf.js';
export { webhooksRoutes } from './webhooks.routes.js';
export { createWebhooksService, type WebhooksService } from './webhooks.service.js';
