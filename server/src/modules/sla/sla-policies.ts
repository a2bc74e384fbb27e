/**
 * Which SLA policy applies to a ticket (docs/product.md "SLA"): the first active policy, by
 * position, whose conditions all hold — priorities, categories and channels by membership, tags
 * when the ticket has at least one of them; a policy without conditions matches every ticket.
 */
import { scheduleOf, type BusinessSchedule } from '../../lib/business-time.js';
import type { Db } from '../../lib/db.js';
import { findSlaPolicyRow, type SlaTicketRow, type SlaPolicyRow } from './sla.repository.js';
import type { AppliedPolicy } from './sla-clock.js';
import type { SlaPolicy } from './sla.schemas.js';

type Conditions = SlaPolicy['conditions'];
type Escalation = SlaPolicy['escalation'];

/** A policy row's conditions (stored JSON; anything else is no condition). */
export function conditionsOf(row: SlaPolicyRow): Conditions {
  const value = row.conditions;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Conditions) : {};
}

/** A policy row's escalation settings, with the defaults of an empty object. */
export function escalationOf(row: SlaPolicyRow): Escalation {
  const value = (row.escalation ?? {}) as Partial<Escalation>;
  return {
    raisePriority: value.raisePriority ?? null,
    addTag: value.addTag ?? null,
    notify: value.notify ?? true,
  };
}

/** Whether `ticket` meets every condition of `row`. */
export function policyMatches(row: SlaPolicyRow, ticket: SlaTicketRow): boolean {
  const c = conditionsOf(row);
  if (c.priorities && !c.priorities.includes(ticket.priority)) return false;
  if (c.categories && !(ticket.categoryId && c.categories.includes(ticket.categoryId)))
    return false;
  if (c.channels && !c.channels.includes(ticket.channel)) return false;
  if (c.tags && !c.tags.some((tag) => ticket.tags.includes(tag))) return false;
  return true;
}

/** The policy row as the clocks use it. */
export function appliedPolicy(row: SlaPolicyRow): AppliedPolicy {
  return {
    id: row.id,
    name: row.name,
    schedule: row.businessHours ? scheduleOf(row.businessHours) : null,
    minutes: {
      first_response: row.firstResponseMinutes,
      next_response: row.nextResponseMinutes,
      resolution: row.resolutionMinutes,
    },
    pauseStatuses: row.pauseStatuses,
    warnAtPercent: row.warnAtPercent,
  };
}

/** The first active policy of `rows` (in position order) matching `ticket`, or null. */
export function choosePolicy(
  rows: readonly SlaPolicyRow[],
  ticket: SlaTicketRow,
): SlaPolicyRow | null {
  return rows.find((row) => row.active && policyMatches(row, ticket)) ?? null;
}

/**
 * The business schedule a ticket's time counts in: its SLA policy's business hours, or null
 * (24/7) when it has no policy or the policy counts around the clock. For time-based rules'
 * "hours in status" (modules/rules).
 */
export async function ticketSchedule(
  db: Db,
  ticket: { organizationId: string; slaPolicyId: string | null },
): Promise<BusinessSchedule | null> {
  if (!ticket.slaPolicyId) return null;
  const policy = await findSlaPolicyRow(db, ticket.organizationId, ticket.slaPolicyId);
  return policy?.businessHours ? scheduleOf(policy.businessHours) : null;
}
