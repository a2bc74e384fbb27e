/**
 * Writes activity (audit log) rows. Called inside the transaction of the change it records
 * (SPEC.md: "Every change writes an activity row in the same transaction").
 */
import type { ActivityType } from '../../lib/domain.js';
import type { Db, Prisma } from '../../lib/db.js';
import type { Principal } from '../../lib/principal.js';

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

/** Records one activity row with `db` (pass the transaction client). */
export async function recordActivity(db: Db, actor: Actor, input: ActivityInput): Promise<void> {
  await db.ticketActivity.create({
    data: {
      organizationId: input.organizationId,
      ticketId: input.ticketId,
      type: input.type,
      actorType: actor.kind,
      actorId: actor.kind === 'system' ? null : actor.id,
      actorName: actor.kind === 'system' ? (actor.name ?? 'Docket') : actor.name,
      isInternal: input.isInternal ?? false,
      before: input.before ?? undefined,
      after: input.after ?? undefined,
      reason: input.reason ?? null,
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    },
  });
}
