/**
 * Publishing live notices on the PostgreSQL channel `docket_live` (README.md in this folder).
 *
 * The live updates' inline event subscriber (`createLiveSubscriber`, registered by live.routes.ts
 * with the event dispatcher) calls `publishEventNotices(tx, events)` inside the transaction that
 * dispatches events: PostgreSQL delivers a `pg_notify` at commit and drops it on rollback, so a
 * notice goes out exactly when the event is dispatched, to every instance that LISTENs (each
 * instance's live hub, live-hub.ts). Presence changes are published the same way, outside any
 * transaction (`publishNotice(db, notice)`).
 */
import type { Db, Prisma } from '../../lib/db.js';
import type { InlineEventSubscriber } from '../events/index.js';
import { notifyLive, notifyLiveMany } from './live.repository.js';
import {
  ChatNoticeSchema,
  LiveNoticeSchema,
  type ChatNotice,
  type LiveNotice,
  type TicketNotice,
} from './live.schemas.js';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more (its default limit). */
const MAX_PAYLOAD_BYTES = 7999;

/** The outbox row of an event, as the dispatcher holds it (events' DispatchedEvent). */
interface DispatchedEvent {
  organizationId: string;
  topic: string;
  aggregateId: string | null;
  payload: Prisma.JsonValue;
}

const asRecord = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

/**
 * The compact notice of a dispatched event (`{type, organizationId, ticketId, ticketNumber,
 * isInternal, actorId, at}`), or null for events that are not about a ticket (e.g.
 * `webhook_endpoint.disabled`), which the dashboard does not show live.
 * `isInternal` is the event's own flag (an internal note's `ticket.response_added`).
 */
export function noticeOfEvent(event: DispatchedEvent): TicketNotice | null {
  const envelope = asRecord(event.payload);
  const data = asRecord(envelope?.data);
  const ticket = asRecord(data?.ticket);
  const ticketId = typeof ticket?.id === 'string' ? ticket.id : event.aggregateId;
  if (!ticket || !ticketId) return null;
  const actor = asRecord(data?.actor);
  const notice = {
    type: event.topic,
    organizationId: event.organizationId,
    ticketId,
    ...(typeof ticket.number === 'number' ? { ticketNumber: ticket.number } : {}),
    groupId: typeof asRecord(ticket.group)?.id === 'string' ? asRecord(ticket.group)!.id : null,
    isInternal: data?.isInternal === true,
    actorId: typeof actor?.id === 'string' ? actor.id : null,
    at: typeof envelope?.timestamp === 'string' ? envelope.timestamp : new Date().toISOString(),
  };
  const parsed = LiveNoticeSchema.safeParse(notice);
  return parsed.success ? (parsed.data as TicketNotice) : null;
}

/**
 * The compact notice of a dispatched internal chat event (`chat.created`, `chat.message_added`,
 * `chat.updated`): `{type, organizationId, chatId, actorId, at}`, or null for any other event.
 * Ids only: a message's content never travels with it.
 */
export function chatNoticeOfEvent(event: DispatchedEvent): ChatNotice | null {
  const envelope = asRecord(event.payload);
  const data = asRecord(envelope?.data);
  const actor = asRecord(data?.actor);
  const parsed = ChatNoticeSchema.safeParse({
    type: event.topic,
    organizationId: event.organizationId,
    chatId: typeof data?.chatId === 'string' ? data.chatId : event.aggregateId,
    actorId: typeof actor?.id === 'string' ? actor.id : null,
    at: typeof envelope?.timestamp === 'string' ? envelope.timestamp : new Date().toISOString(),
  });
  return parsed.success ? parsed.data : null;
}

/**
 * Queues `notice` on `docket_live` with `db` (a transaction: delivered at its commit; the client:
 * at once). Notices are a few hundred bytes; one too large for NOTIFY (≥ 8000 bytes) is not sent
 * rather than failing the caller's transaction.
 * @returns whether it was queued.
 */
export async function publishNotice(db: Db, notice: LiveNotice): Promise<boolean> {
  const payload = JSON.stringify(notice);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) return false;
  await notifyLive(db, payload);
  return true;
}

/**
 * The dispatcher's hook: publishes the notices of `events` (those about a ticket, and the chat
 * events of the inbox) in the
 * dispatcher's transaction `tx`, in ONE statement whatever their number (the dispatcher runs for
 * every write of the API), so that they reach the live hubs when, and only if, the dispatch
 * commits. Notices too large for NOTIFY are left out.
 */
export async function publishEventNotices(
  tx: Db,
  events: readonly DispatchedEvent[],
): Promise<void> {
  const payloads = events
    .map((event) => noticeOfEvent(event) ?? chatNoticeOfEvent(event))
    .filter((notice) => notice !== null)
    .map((notice) => JSON.stringify(notice))
    .filter((payload) => Buffer.byteLength(payload) <= MAX_PAYLOAD_BYTES);
  if (payloads.length === 0) return;
  await notifyLiveMany(tx, payloads);
}

/**
 * The live updates' inline event subscriber (`live`): every dispatched batch's notices are
 * published in the dispatcher's transaction (`publishEventNotices`), so they leave at its commit.
 * It queues nothing (no deliveries) and keeps nothing to sweep.
 */
export function createLiveSubscriber(): InlineEventSubscriber {
  return {
    name: 'live',
    mode: 'inline',
    async deliver(tx, events) {
      await publishEventNotices(tx, events);
    },
  };
}
