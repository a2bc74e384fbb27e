/**
 * SLA due dates (the product's "Ticket" rule): an organization may have one SLA policy per
 * priority, giving the minutes allowed until the first response and until resolution. A ticket's
 * due dates count from its creation; they are set when it is created and computed again, still
 * from its creation time, when its priority changes. Without a policy for the priority, a ticket
 * has no due dates.
 */
import type { TicketPriority } from '../../lib/domain.js';
import type { Db } from '../../lib/db.js';

export interface SlaDueDates {
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

/**
 * The due dates of a ticket of `priority` in organization `organizationId`, counted from
 * `createdAt` (the ticket's creation time) with the organization's policy for that priority;
 * both null when there is none. One raw statement: the ORM's query building was a measurable
 * part of a create's CPU (bench/).
 */
export async function slaDueDates(
  db: Db,
  organizationId: string,
  priority: TicketPriority,
  createdAt: Date,
): Promise<SlaDueDates> {
  const [sla] = await db.$queryRaw<{ firstResponseMinutes: number; resolutionMinutes: number }[]>`
    SELECT "firstResponseMinutes", "resolutionMinutes" FROM sla_policies
    WHERE "organizationId" = ${organizationId}::uuid AND priority = ${priority}::"TicketPriority"`;
  const from = createdAt.getTime();
  return {
    firstResponseDueAt: sla ? new Date(from + sla.firstResponseMinutes * 60_000) : null,
    resolutionDueAt: sla ? new Date(from + sla.resolutionMinutes * 60_000) : null,
  };
}
