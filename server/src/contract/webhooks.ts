/** Webhook endpoints, their event types and deliveries (docs/api.md "Administration"). */
export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../modules/events/events.schemas.js';
export {
  CreateWebhookEndpointBodySchema,
  WEBHOOK_DELIVERY_STATUSES,
  type CreateWebhookEndpointBody,
  type UpdateWebhookEndpointBody,
  type WebhookDelivery,
  type WebhookDeliveryList,
  type WebhookEndpoint,
  type WebhookEndpointList,
  type WebhookEndpointWithSecret,
} from '../modules/webhooks/webhooks.schemas.js';
