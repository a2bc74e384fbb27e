/**
 * Changes Docket makes to a ticket by itself (docs/product.md "SLA" escalation): a higher
 * priority and a tag, written like a person's change — one statement for the ticket and its
 * activity rows (actor `system`, with the reason), then its `ticket.updated` event — in the
 * caller's transaction.
 */
import { TICKET_PRIORITIES, type TicketPriority } from '../../lib/domain.js';
import type { Prisma } from '../../lib/db.js';
import type { Actor } from '../activity/index.js';
import { activityRow } from '../activity/index.js';
import { changeEvents, type ActivityDraft } from './ticket-events.js';
import { emitTicketEvent } from './ticket-outbox.repository.js';
import { reloadTicket } from './ticket-access.js';
import { lockTicketRows, ticketKeySql } from './tickets.repository.js';
import {
  updateTicketWithActivities,
  type TicketColumnChanges,
} from './ticket-writes.repository.js';
import type { TicketRow } from './tickets.presenter.js';

/** What an escalation asks for; each part only ever raises or adds. */
export interface TicketEscalation {
  /** The priority to raise to; ignored when the ticket's is already as high or higher. */
  priority?: TicketPriority | null;
  /** A tag to add (already lower-cased); ignored when present or when the ticket has 20 tags. */
  addTag?: string | null;
}

const SYSTEM: Actor = { kind: 'system', name: 'Docket' };
const rank = (priority: TicketPriority) => TICKET_PRIORITIES.indexOf(priority);

/** The priority one step above `priority` (CRITICAL stays CRITICAL). */
export function priorityAbove(priority: TicketPriority): TicketPriority {
  return TICKET_PRIORITIES[Math.min(rank(priority) + 1, TICKET_PRIORITIES.length - 1)]!;
}

/**
 * Applies `escalation` to ticket `ticketId` in `tx` (taking its row lock), with `reason` on the
 * activity rows (e.g. "SLA breached: first response") and `now` as their time: PRIORITY_CHANGED
 * and FIELDS_CHANGED (tags) rows, both internal (customers never see SLA internals), the version
 * bumped, then `ticket.updated`.
 * @returns the ticket after the change, or null when it is gone or deleted; the ticket as it was
 *   when nothing needed changing.
 */
export async function escalateTicket(
  tx: Prisma.TransactionClient,
  ticketId: string,
  escalation: TicketEscalation,
  reason: string,
  now: Date,
): Promise<TicketRow | null> {
  const [current] = await lockTicketRows(tx, [ticketKeySql(ticketId)!]);
  if (!current || current.deletedAt) return null;
  const data: TicketColumnChanges = {};
  const drafts: ActivityDraft[] = [];
  const { priority, addTag } = escalation;
  if (priority && rank(priority) > rank(current.priority)) {
    data.priority = priority;
    drafts.push({
      type: 'PRIORITY_CHANGED',
      before: { priority: current.priority },
      after: { priority },
    });
  }
  if (addTag && !current.tags.includes(addTag) && current.tags.length < 20) {
    data.tags = [...current.tags, addTag];
    drafts.push({
      type: 'FIELDS_CHANGED',
      before: { tags: current.tags },
      after: { tags: data.tags },
      isInternal: true,
    });
  }
  if (!drafts.length) return current;
  const rows = drafts.map((draft, i) =>
    activityRow(SYSTEM, {
      organizationId: current.organizationId,
      ticketId,
      type: draft.type,
      before: draft.before ?? null,
      after: draft.after ?? null,
      reason,
      // SLA internals (the policy, its breach) are never shown to customers.
      isInternal: true,
      createdAt: new Date(now.getTime() + i),
    }),
  );
  await updateTicketWithActivities(tx, ticketId, data, rows, now);
  const row = await reloadTicket(tx, ticketId);
  for (const event of changeEvents(SYSTEM, row, drafts, reason, now)) {
    await emitTicketEvent(tx, event.type, row, event.actor, event.data as never, event.at);
  }
  return row;
}
