/**
 * Writing domain events to the transactional outbox ("the event is written
 * to the outbox in the same transaction as the change"). Services call `emitEvent(tx, …)` inside
 * the transaction of the change, after taking the ticket's row lock, so that:
 * - the event exists if and only if the change committed (no lost or phantom events);
 * - the events of one ticket get increasing `sequence` numbers in the order of their changes
 *   (a second change of the ticket waits for the first's lock, hence for its commit).
 * The dispatcher (event-dispatcher.ts) then hands each event to the registered subscribers.
 */
import type { Prisma } from '../../generated/prisma/client.js';
import type { Actor } from '../activity/index.js';
import type { DomainEvent, EventActor, EventData, EventType } from './events.schemas.js';
import { insertOutboxEvent } from './outbox.repository.js';
import { newRowId } from '../../lib/row-id.js';

export { OUTBOX_NOTIFY_CHANNEL } from './outbox.repository.js';

export interface EmitEventInput<T extends EventType> {
  type: T;
  organizationId: string;
  /**
   * The ticket the event is about: webhooks and subscribers receive the events of one ticket in
   * the order they were written. Give `aggregateId` instead for events about something else
   * (e.g. a webhook endpoint); neither for events whose order does not matter.
   */
  ticketId?: string;
  aggregateId?: string;
  actor: Actor;
  /** The event's data without `actor` (added from `actor`). */
  data: Omit<EventData<T>, 'actor'>;
  /** When the change happened; default now. */
  at?: Date;
}

/** An activity actor as events show it: `{type: user|api_key|system, id, name}`. */
export function eventActor(actor: Actor): EventActor {
  return actor.kind === 'system'
    ? { type: 'system', id: null, name: actor.name ?? 'Docket' }
    : { type: actor.kind, id: actor.id, name: actor.name };
}

/**
 * Writes ONE outbox row (kind EVENT) holding the event envelope `{id, type, timestamp,
 * organizationId, data}` with the transaction client `tx`, and asks PostgreSQL to notify the
 * workers when the transaction commits (`pg_notify`, delivered at commit, dropped on rollback;
 * several notifications of one transaction on the channel are delivered once).
 * Both in ONE statement (a data-modifying CTE): measured at a million tickets (bench/), each
 * round trip of a write costs server CPU and, for creates, lengthens the time the organization's
 * counter stays locked. The other columns take their defaults (PENDING, sequence, attempts).
 * @returns the event as written (its `id` is the webhook-id of its deliveries).
 */
export async function emitEvent<T extends EventType>(
  tx: Prisma.TransactionClient,
  input: EmitEventInput<T>,
): Promise<DomainEvent<T>> {
  const id = newRowId();
  const event = {
    id,
    type: input.type,
    timestamp: (input.at ?? new Date()).toISOString(),
    organizationId: input.organizationId,
    data: { ...input.data, actor: eventActor(input.actor) } as EventData<T>,
  };
  await insertOutboxEvent(tx, {
    id,
    organizationId: input.organizationId,
    topic: input.type,
    aggregateId: input.ticketId ?? input.aggregateId ?? null,
    payload: event,
  });
  return event;
}
