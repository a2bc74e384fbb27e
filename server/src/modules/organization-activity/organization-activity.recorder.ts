/**
 * The organization's audit log for what is not about one ticket ("when a webhook
 * endpoint is disabled … an activity entry is recorded"; ticket changes go to ticket_activities,
 * activity/activity.recorder.ts). Call it with the transaction of the change, so the entry exists
 * if and only if the change committed (docs/product.md "Every change writes an activity row in the same
 * transaction").
 */
import type { Prisma } from '../../lib/db.js';
import { insertOrganizationActivity } from './organization-activity.repository.js';

/** The kinds of organization activity. */
export const ORGANIZATION_ACTIVITY_TYPES = [
  'webhook_endpoint.disabled',
  'rule_chain.stopped',
  'custom_field.created',
  'custom_field.updated',
  'custom_field.deleted',
  'satisfaction_settings.updated',
] as const;
export type OrganizationActivityType = (typeof ORGANIZATION_ACTIVITY_TYPES)[number];

export interface OrganizationActivityInput {
  organizationId: string;
  /** The user who did it; null for Docket itself (an automatic change) or an API key. */
  actorId: string | null;
  type: OrganizationActivityType;
  /** What happened, as a JSON object (no secret: admins read it as is). */
  data: Prisma.InputJsonObject;
  /** When; default now. */
  at?: Date;
}

/** Writes one organization activity row with `tx`. */
export async function recordOrganizationActivity(
  tx: Prisma.TransactionClient,
  input: OrganizationActivityInput,
): Promise<void> {
  await insertOrganizationActivity(tx, {
    organizationId: input.organizationId,
    actorId: input.actorId,
    type: input.type,
    data: input.data,
    createdAt: input.at,
  });
}
