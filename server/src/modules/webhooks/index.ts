/**
 * The public surface of the webhooks module (the Standard Webhooks specification): what the app
 * and the plugins may use. The rest of the folder is the module's own.
 */
export { createDeliveryWorker, createWebhookSubscriber } from './webhook-deliveries.js';
export { createWebhookHttpClient, type WebhookHttpClient } from './webhook-http.js';
export { addressPolicyFrom } from './webhook-ssrf.js';
export { webhooksRoutes } from './webhooks.routes.js';
export { createWebhooksService } from './webhooks.service.js';
