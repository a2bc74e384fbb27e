/**
 * Writes activity (audit log) rows. Called inside the transaction of the change it records
 * (docs/product.md: "Every change writes an activity row in the same transaction").
 */
import type { ActivityType } from '../../lib/domain.js';
import type { Db, Prisma } from '../../lib/db.js';
import type { Principal } from '../../lib/principal.js';
import { insertActivity } from './activity.repository.js';

/** The actor of an activity row: a principal, or the system itself (automations, seeds). */
export type Actor = Principal | { kind: 'system'; name?: string };

export interface ActivityInput {
  organizationId: string;
  ticketId: string;
  type: ActivityType;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
  reason?: string | null;
  /** Internal activity (internal notes, assignee names, …) is never shown to customers. */
  isInternal?: boolean;
  /** Defaults to now; seeds use it to write history. */
  createdAt?: Date;
}

/** The columns of the activity row of `actor` and `input` (null JSON: no before/after). */
export function activityRow(actor: Actor, input: ActivityInput) {
  return {
    organizationId: input.organizationId,
    ticketId: input.ticketId,
    type: input.type,
    actorType: actor.kind,
    actorId: actor.kind === 'system' ? null : actor.id,
    actorName: actor.kind === 'system' ? (actor.name ?? 'Docket') : actor.name,
    isInternal: input.isInternal ?? false,
    before: input.before ?? null,
    after: input.after ?? null,
    reason: input.reason ?? null,
    createdAt: input.createdAt ?? null,
  };
}

/**
 * Records one activity row with `db` (pass the transaction client). Statements that write a
 * change and its activity at once (tickets/ticket-writes.repository.ts insertNumberedTicket) use `activityRow`.
 */
export async function recordActivity(db: Db, actor: Actor, input: ActivityInput): Promise<void> {
  await insertActivity(db, activityRow(actor, input));
}

/** Writes rows made by `activityRow` with `db`, one after the other in the order given. */
export async function recordActivityRows(
  db: Db,
  rows: readonly ReturnType<typeof activityRow>[],
): Promise<void> {
  for (const row of rows) await insertActivity(db, row);
}

/** How customers see any agent, admin or API key in a ticket's activity. */
export const STAFF_ACTOR_NAME = 'Support team';
