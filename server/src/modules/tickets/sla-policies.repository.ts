/**
 * The `sla_policies` table (docs/decisions/0005-repositories.md): an organization's policy for a
 * priority; the due-date arithmetic is ticket-sla.ts's.
 */
import type { Db } from '../../lib/db.js';
import type { TicketPriority } from '../../lib/domain.js';

/**
 * The minutes allowed until the first response and until resolution for tickets of `priority`
 * in `organizationId`; null when the organization has no policy for it. One raw statement: the
 * ORM's query building was a measurable part of a create's CPU (bench/).
 */
export async function findSlaPolicy(
  db: Db,
  organizationId: string,
  priority: TicketPriority,
): Promise<{ firstResponseMinutes: number; resolutionMinutes: number } | null> {
  const [sla] = await db.$queryRaw<{ firstResponseMinutes: number; resolutionMinutes: number }[]>`
    SELECT "firstResponseMinutes", "resolutionMinutes" FROM sla_policies
    WHERE "organizationId" = ${organizationId}::uuid AND priority = ${priority}::"TicketPriority"`;
  return sla ?? null;
}
