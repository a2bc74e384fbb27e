/**
 * The outbox rows of ticket events (docs/architecture.md "Event path"): the payload of every
 * ticket event is the ticket as an agent sees it (`toTicket`) plus the event's own data, written
 * in the transaction of the change, either by a call (emitTicketEvent) or as a data-modifying CTE
 * of the statement that makes the change (ticketEventsSql, newTicketEventsSql), so that a write
 * costs no extra round trip.
 */
import { randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client.js';
import { executeSql } from '../../db/select-rows.js';
import type { Actor } from '../activity/index.js';
import {
  OUTBOX_NOTIFY_CHANNEL,
  emitEvent,
  eventActor,
  type DomainEvent,
  type EventData,
  type EventType,
  type InternalEventType,
} from '../events/index.js';
import { toTicket, type TicketRow } from './tickets.presenter.js';
import { newRowId } from '../../lib/row-id.js';

/**
 * Emits a ticket event whose data is the ticket (as an agent sees it, `toTicket`) plus `data`.
 * `row` is the ticket after the change, read in the same transaction.
 */
export function emitTicketEvent<T extends Exclude<EventType, InternalEventType>>(
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

/** An event about a ticket that the statement inserting the ticket writes (newTicketEventsSql). */
export interface NewTicketEvent<T extends EventType = EventType> {
  type: T;
  actor: Actor;
  data: Omit<EventData<T>, 'actor' | 'ticket'>;
  at: Date;
}

/**
 * `INSERT INTO outbox_messages … RETURNING id` of `events` about the ticket `row` as it will be
 * once the same statement has made its change, for a data-modifying CTE of that statement
 * (which also notifies OUTBOX_NOTIFY_CHANNEL: see responses.service.ts addResponse). The payloads
 * are what emitTicketEvent writes; the events are inserted in the order given (their `sequence`
 * follows it), once per row of `from` when given (a relation of that statement: none, none).
 * Why: each round trip of a write costs (bench/, measured at a million tickets).
 * @returns the SQL of the CTE body, or null when `events` is empty.
 */
export function ticketEventsSql(
  row: TicketRow,
  events: readonly NewTicketEvent[],
  from: Prisma.Sql | null = null,
): Prisma.Sql | null {
  return eventRowsSql(row, toTicket(row), events, (payload) => Prisma.sql`${payload}::json`, from);
}

/**
 * Writes the events `events` about the ticket `row` (read after the change, in the transaction
 * `tx`), in the order given, and asks PostgreSQL to notify the workers at commit, in ONE
 * statement (ticketEventsSql, then pg_notify): the rows emitTicketEvent writes one statement each.
 * Nothing is sent for no events.
 */
export async function insertTicketEvents(
  tx: Prisma.TransactionClient,
  row: TicketRow,
  events: readonly NewTicketEvent[],
): Promise<void> {
  const eventsSql = ticketEventsSql(row, events);
  if (!eventsSql) return;
  await executeSql(
    tx,
    Prisma.sql`WITH e AS (${eventsSql})
    SELECT pg_notify(${OUTBOX_NOTIFY_CHANNEL}, '') FROM e LIMIT 1`,
  );
}

/**
 * `INSERT INTO outbox_messages … RETURNING id` of `events` about the ticket `row` that the same
 * statement inserts, with the number `number` (an SQL expression over `from`, a relation of that
 * statement: the organization's counter), for a data-modifying CTE of that statement, which also
 * notifies OUTBOX_NOTIFY_CHANNEL (see ticket-writes.repository.ts insertNumberedTicket). Each payload
 * is what emitTicketEvent writes (the envelope, the ticket as an agent sees it,
 * then `data`, then `actor`) with the number and reference filled in by PostgreSQL: the JSON is
 * built here with two random tokens in their place, replaced in SQL (tokens made after the
 * input arrived, so no ticket content can contain them). The reference is formatTicketReference's
 * twin in SQL (TKT- and at least five digits; test/write-path.test.ts checks them against
 * each other). Why: the number is known only under the counter's lock, and each round trip made
 * while it is held slows every concurrent create (bench/, measured at a million tickets).
 * `row` must be the ticket exactly as it will be stored (its `number` is ignored).
 * @returns the SQL of the CTE body (events inserted in the order given, so their `sequence`
 * follows that order), or null when `events` is empty.
 */
export function newTicketEventsSql(
  row: TicketRow,
  events: readonly NewTicketEvent[],
  number: Prisma.Sql,
  from: Prisma.Sql,
): Prisma.Sql | null {
  const numberToken = `docket-number-${randomUUID()}`;
  const referenceToken = `docket-reference-${randomUUID()}`;
  const ticket = toTicket({ ...row, number: 0 }) as unknown as Record<string, unknown>;
  ticket.number = numberToken;
  ticket.reference = referenceToken;
  const numberText = Prisma.sql`(${number})::text`;
  const reference = Prisma.sql`'TKT-' || lpad(${numberText}, greatest(5, length(${numberText})), '0')`;
  return eventRowsSql(
    row,
    ticket,
    events,
    (payload) =>
      Prisma.sql`replace(replace(${payload}, ${JSON.stringify(numberToken)}, ${numberText}),
        ${referenceToken}, ${reference})::json`,
    from,
  );
}

/** The INSERT of ticketEventsSql and newTicketEventsSql: `payload` turns the JSON text into the column. */
function eventRowsSql(
  row: TicketRow,
  ticket: object,
  events: readonly NewTicketEvent[],
  payload: (text: Prisma.Sql) => Prisma.Sql,
  from: Prisma.Sql | null,
): Prisma.Sql | null {
  if (events.length === 0) return null;
  const rows = events.map((input, i) => {
    const id = newRowId();
    const json = JSON.stringify({
      id,
      type: input.type,
      timestamp: input.at.toISOString(),
      organizationId: row.organizationId,
      data: { ticket, ...input.data, actor: eventActor(input.actor) },
    });
    return Prisma.sql`(${i}::int, ${id}::uuid, ${input.type}::text, ${json}::text)`;
  });
  return Prisma.sql`INSERT INTO outbox_messages (id, "organizationId", kind, topic, "aggregateId", payload)
    SELECT v.id, ${row.organizationId}::uuid, 'EVENT'::"OutboxKind", v.topic, ${row.id}::uuid,
      ${payload(Prisma.sql`v.payload`)}
    FROM (VALUES ${Prisma.join(rows)}) AS v(ord, id, topic, payload)${from ? Prisma.sql`, ${from}` : Prisma.empty}
    ORDER BY v.ord
    RETURNING id`;
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
 * `isInternal`: the file is on an internal note (delivered only to webhook endpoints with
 * `includeInternal`, as `ticket.response_added` of an internal note is).
 */
export function emitAttachmentAdded(
  tx: Prisma.TransactionClient,
  ticket: TicketRow,
  actor: Actor,
  attachment: AddedAttachment,
  isInternal = false,
): Promise<DomainEvent<'attachment.added'>> {
  return emitTicketEvent(tx, 'attachment.added', ticket, actor, {
    isInternal,
    attachment: { ...attachment, createdAt: attachment.createdAt.toISOString() },
  });
}
