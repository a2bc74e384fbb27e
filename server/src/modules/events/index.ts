/**
 * The public surface of the events module (README.md in this folder): what other modules and the
 * plugins may use. Emitting is `emit-event.ts`'s (services import it with their transaction);
 * consuming is registering an `EventSubscriber` with `app.events.subscribe`.
 */
export { OUTBOX_NOTIFY_CHANNEL, emitEvent, emitTicketEvent, eventActor } from './emit-event.js';
export { createEventDispatcher, type EventDispatcher } from './event-dispatcher.js';
export type {
  DispatchedEvent,
  EventHandler,
  EventSubscriber,
  EventSubscriberContext,
  EventSubscriberOptions,
  InlineEventSubscriber,
  QueuedEventSubscriber,
} from './event-subscriber.js';
export {
  CHAT_EVENT_TYPES,
  EVENT_TYPES,
  INTERNAL_EVENT_TYPES,
  WEBHOOK_EVENT_TYPES,
  isWebhookEventType,
  type DomainEvent,
  type EventData,
  type EventType,
  type WebhookEventType,
} from './events.schemas.js';
export { webhooksOpenApi } from './events.openapi.js';
