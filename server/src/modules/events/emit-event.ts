/**
 * Writing domain events to the transactional outbox (issue 8 "Reliability": "the event is written
 * to the outbox in the same transaction as the change"). Services call `emitEvent(tx, …)` inside
 * the transaction of the change, after taking the ticket's row lock, so that:
 * - the event exists if and only if the change committed (no lost or phantom events);
 * - the events of one ticket get increasing `sequence` numbers in the order of their changes
 *   (a second change of the ticket waits for the first's lock, hence for its commit).
 * The dispatcher (event-dispatcher.ts) then hands each event to webhooks and subscribers.
 */
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../lib/db.js';
import type { Actor } from '../activity/activity.recorder.js';
import { toTicket, type TicketRow } from '../tickets/tickets.presenter.js';
import type { DomainEvent, EventActor, EventData, EventType } from './events.schemas.js';

/** The PostgreSQL channel on which a committed event wakes the workers (LISTEN/NOTIFY). */
export const OUTBOX_NOTIFY_CHANNEL = 'docket_outbox';

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
 * workers when the transaction commits (`pg_notify`, delivered at commit, dropped on rollback).
 * @returns the event as written (its `id` is the webhook-id of its deliveries).
 */
export async function emitEvent<T extends EventType>(
  tx: Prisma.TransactionClient,
  input: EmitEventInput<T>,
): Promise<DomainEvent<T>> {
  const id = randomUUID();
  const event = {
    id,
    type: input.type,
    timestamp: (input.at ?? new Date()).toISOString(),
    organizationId: input.organizationId,
    data: { ...input.data, actor: eventActor(input.actor) } as EventData<T>,
  };
  await tx.outboxMessage.create({
    data: {
      id,
      organizationId: input.organizationId,
      kind: 'EVENT',
      topic: input.type,
      aggregateId: input.ticketId ?? input.aggregateId ?? null,
      payload: event as unknown as Prisma.InputJsonObject,
    },
    select: { id: true },
  });
  await tx.$executeRaw`SELECT pg_notify(${OUTBOX_NOTIFY_CHANNEL}, '')`;
  return event;
}

/**
 * Emits a ticket event whose data is the ticket (as an agent sees it, `toTicket`) plus `data`.
 * `row` is the ticket after the change, read in the same transaction.
 */
export function emitTicketEvent<T extends Exclude<EventType, 'webhook_endpoint.disabled'>>(
  tx: Prisma.TransactionClient,
  type: T,
  row: TicketRow,
  actor: Actor,
  data: Omit<EventData<T>, 'actor' | 'ticket'>,
  at?: Date,
): Promise<DomainEvent<T>> {
  return emitEvent(tx, {
    type,
    organizationId: row.organizationId,
    ticketId: row.id,
    actor,
    data: { ticket: toTicket(row), ...data } as unknown as Omit<EventData<T>, 'actor'>,
    ...(at ? { at } : {}),
  });
}

/** What `attachment.added` says about the file (EventDataSchemas['attachment.added'].attachment). */
export interface AddedAttachment {
  id: string;
  responseId: string | null;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  createdAt: Date;
}

/**
 * `attachment.added`, for the attachments module: call it in the transaction that records the
 * attachment, with the ticket row (`ticketInclude`) read in that transaction after the change.
 */
export function emitAttachmentAdded(
  tx: Prisma.TransactionClient,
  ticket: TicketRow,
  actor: Actor,
  attachment: AddedAttachment,
): Promise<DomainEvent<'attachment.added'>> {
  return emitTicketEvent(tx, 'attachment.added', ticket, actor, {
    attachment: { ...attachment, createdAt: attachment.createdAt.toISOString() },
  });
}
