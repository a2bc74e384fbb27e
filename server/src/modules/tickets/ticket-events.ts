/**
 * What a ticket change leaves behind, besides the ticket itself: its activity rows (the
 * timeline, each public or internal) and its domain events (the outbox read by webhooks,
 * notifications and the live view), written in the change's transaction so that a change is
 * never seen without them nor they without it.
 */
import type { ActivityType, TicketStatus } from '../../lib/domain.js';
import type { Prisma } from '../../lib/db.js';
import type { Principal } from '../../lib/principal.js';
import { activityRow, recordActivityRows, type Actor } from '../activity/index.js';
import { emitTicketEvent, type NewTicketEvent } from './ticket-outbox.repository.js';
import type { EventData } from '../events/events.schemas.js';
import { reloadTicket } from './ticket-access.js';
import type { TicketRow } from './tickets.presenter.js';

/** One activity row to write for a change; ticket, organization, actor, reason and time are the change's. */
export interface ActivityDraft {
  type: ActivityType;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
  isInternal?: boolean;
}

/**
 * Writes the activity rows of one change in the transaction `tx`, in order, 1 ms apart from
 * `now` so that the timeline (ordered by time, then id) keeps the order they were written in,
 * then the change's domain events (emitChangeEvents) with the ticket as it now is.
 */
export async function recordChanges(
  tx: Prisma.TransactionClient,
  principal: Principal,
  ticketId: string,
  changes: ActivityDraft[],
  reason: string | null,
  now: Date,
): Promise<void> {
  await recordActivityRows(tx, changeActivityRows(principal, ticketId, changes, reason, now));
  await emitChangeEvents(tx, principal, await reloadTicket(tx, ticketId), changes, reason, now);
}

/** `ticket.created`, then `ticket.assigned` when the ticket was created with an assignee. */
export async function emitTicketCreated(
  tx: Prisma.TransactionClient,
  principal: Actor,
  row: TicketRow,
  now: Date,
): Promise<void> {
  await emitTicketEvent(tx, 'ticket.created', row, principal, {}, now);
  if (row.assignee) {
    await emitTicketEvent(
      tx,
      'ticket.assigned',
      row,
      principal,
      { change: 'assigned', previousAssignee: null, assignee: row.assignee, reason: null },
      now,
    );
  }
}

/**
 * The activity rows of one change (`activityRow`: what recordChanges writes one by one), for a
 * statement that writes the change and its history at once: in order, 1 ms apart from `now`.
 */
export function changeActivityRows(
  principal: Principal,
  ticketId: string,
  changes: readonly ActivityDraft[],
  reason: string | null,
  now: Date,
): ReturnType<typeof activityRow>[] {
  return changes.map((change, i) =>
    activityRow(principal, {
      organizationId: principal.organizationId,
      ticketId,
      type: change.type,
      before: change.before ?? null,
      after: change.after ?? null,
      reason,
      isInternal: change.isInternal ?? false,
      createdAt: new Date(now.getTime() + i),
    }),
  );
}

type Assignee = EventData<'ticket.assigned'>['assignee'];

/** The events a change of an existing ticket makes (changeEvents). */
type ChangeEventType =
  | 'ticket.status_changed'
  | 'ticket.assigned'
  | 'ticket.deleted'
  | 'ticket.restored'
  | 'ticket.updated';
const valueOf = (value: Prisma.InputJsonValue | null | undefined, key: string): unknown =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;

/** The domain events of one change (changeEvents), in the transaction `tx`, one statement each. */
async function emitChangeEvents(
  tx: Prisma.TransactionClient,
  principal: Principal,
  row: TicketRow,
  changes: readonly ActivityDraft[],
  reason: string | null,
  now: Date,
): Promise<void> {
  for (const event of changeEvents(principal, row, changes, reason, now)) {
    await emitTicketEvent(tx, event.type, row, event.actor, event.data as never, event.at);
  }
}

/**
 * The domain events of one change, from its activity drafts and the ticket `row` after it, in
 * the order they are written: STATUS_CHANGED → `ticket.status_changed`; ASSIGNED, UNASSIGNED,
 * CLAIMED, UNCLAIMED → `ticket.assigned` (with `change`); DELETED → `ticket.deleted`; RESTORED →
 * `ticket.restored`; PRIORITY_CHANGED, FIELDS_CHANGED, RESOLUTION_NOTE_CHANGED, SESSION_SCHEDULED
 * (`session`, or `sessionOccurrence` for one occurrence) and CHAT_LINKED → one
 * `ticket.updated` with every changed field's before and after, last. Each at `now`.
 */
export function changeEvents(
  actor: Actor,
  row: TicketRow,
  changes: readonly ActivityDraft[],
  reason: string | null,
  now: Date,
): NewTicketEvent<ChangeEventType>[] {
  const events: NewTicketEvent<ChangeEventType>[] = [];
  const add = <T extends ChangeEventType>(type: T, data: NewTicketEvent<T>['data']): void => {
    events.push({ type, actor, data, at: now } as NewTicketEvent<ChangeEventType>);
  };
  const updated: Record<string, { before: unknown; after: unknown }> = {};
  for (const change of changes) {
    switch (change.type) {
      case 'STATUS_CHANGED':
        add('ticket.status_changed', {
          previousStatus: valueOf(change.before, 'status') as TicketStatus,
          status: valueOf(change.after, 'status') as TicketStatus,
          reason,
        });
        break;
      case 'ASSIGNED':
      case 'UNASSIGNED':
      case 'CLAIMED':
      case 'UNCLAIMED':
        add('ticket.assigned', {
          change: change.type.toLowerCase() as EventData<'ticket.assigned'>['change'],
          previousAssignee: (valueOf(change.before, 'assignee') ?? null) as Assignee,
          assignee: (valueOf(change.after, 'assignee') ?? null) as Assignee,
          reason,
        });
        break;
      case 'DELETED':
        add('ticket.deleted', { deletedAt: (row.deletedAt ?? now).toISOString() });
        break;
      case 'RESTORED':
        add('ticket.restored', {});
        break;
      case 'RESOLUTION_NOTE_CHANGED':
        updated.resolutionNote = {
          before: valueOf(change.before, 'resolutionNote') ?? null,
          after: valueOf(change.after, 'resolutionNote') ?? null,
        };
        break;
      case 'PRIORITY_CHANGED':
        updated.priority = {
          before: valueOf(change.before, 'priority'),
          after: valueOf(change.after, 'priority'),
        };
        break;
      case 'SESSION_SCHEDULED':
        // One occurrence of a recurring session changed alone: `sessionOccurrence`.
        if (valueOf(change.after, 'occurrence') !== undefined) {
          updated.sessionOccurrence = {
            before: valueOf(change.before, 'occurrence') ?? null,
            after: valueOf(change.after, 'occurrence') ?? null,
          };
          break;
        }
        updated.session = {
          before: valueOf(change.before, 'session') ?? null,
          after: valueOf(change.after, 'session') ?? null,
        };
        break;
      case 'CHAT_LINKED': {
        const chatId = valueOf(change.after, 'chatId');
        const after = row.chatLinks.map((link) => link.chatId);
        updated.linkedChatIds = { before: after.filter((id) => id !== chatId), after };
        break;
      }
      case 'FIELDS_CHANGED':
        for (const field of Object.keys((change.after as Record<string, unknown>) ?? {})) {
          updated[field] = {
            before: valueOf(change.before, field) ?? null,
            after: valueOf(change.after, field) ?? null,
          };
        }
        break;
      default:
        break;
    }
  }
  if (Object.keys(updated).length) add('ticket.updated', { changes: updated, reason });
  return events;
}
