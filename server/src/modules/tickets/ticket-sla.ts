/**
 * SLA due dates (the product's "Ticket" rule): an organization may have one SLA policy per
 * priority, giving the minutes allowed until the first response and until resolution. A ticket's
 * due dates count from its creation; they are set when it is created and computed again, still
 * from its creation time, when its priority changes. Without a policy for the priority, a ticket
 * has no due dates.
 */
import type { TicketPriority } from '../../lib/domain.js';
import type { Db } from '../../lib/db.js';
import { findSlaPolicy } from './sla-policies.repository.js';

export interface SlaDueDates {
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

/**
 * The due dates of a ticket of `priority` in organization `organizationId`, counted from
 * `createdAt` (the ticket's creation time) with the organization's policy for that priority;
 * both null when there is none (one statement: sla-policies.repository.ts).
 */
export async function slaDueDates(
  db: Db,
  organizationId: string,
  priority: TicketPriority,
  createdAt: Date,
): Promise<SlaDueDates> {
  const sla = await findSlaPolicy(db, organizationId, priority);
  const from = createdAt.getTime();
  return {
    firstResponseDueAt: sla ? new Date(from + sla.firstResponseMinutes * 60_000) : null,
    resolutionDueAt: sla ? new Date(from + sla.resolutionMinutes * 60_000) : null,
  };
}
