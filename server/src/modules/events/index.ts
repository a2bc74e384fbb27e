/**
 * The public surface of the events module (README.md in this folder): what other modules and the
 * plugins may use. Emitting is `emit-event.ts`'s (services import it with their transaction);
 * consuming is registering an `EventSubscriber` with `app.events.subscribe`.
 */
export { OUTBOX_NOTIFY_CHANNEL, emitEvent, eventActor } from './emit-event.js';
export { createEventDispatcher } from './event-dispatcher.js';
export { createListenConnection, listenOn, type ListenConnection } from './outbox.repository.js';
export type {
  DispatchedEvent,
  EventHandler,
  EventSubscriber,
  EventSubscriberOptions,
  InlineEventSubscriber,
  QueuedEventSubscriber,
} from './event-subscriber.js';
export type { DomainEvent, EventData, EventType, InternalEventType } from './events.schemas.js';
export { webhooksOpenApi } from './events.openapi.js';
