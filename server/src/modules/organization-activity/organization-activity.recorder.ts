/**
 * The organization's audit log for what is not about one ticket (docs/product.md "Audit trail";
 * ticket changes go to ticket_activities, activity/activity.recorder.ts). Call it with the
 * transaction of the change, so the entry exists if and only if the change committed
 * (docs/product.md "Every change writes an activity row in the same transaction").
 * The log is a hash chain: the database trigger organization_activity_chain (migration
 * audit_chain) gives each entry its position, the previous entry's hash and its own hash under a
 * per-organization advisory lock held until the transaction ends, so concurrent appends queue
 * rather than fork the chain.
 */
import type { Prisma } from '../../lib/db.js';
import type { Principal, RequestClient } from '../../lib/principal.js';
import type { OrganizationActivityType } from './organization-activity.types.js';
import { insertOrganizationActivity } from './organization-activity.repository.js';

/** Longest User-Agent kept (the column's bound); longer ones are cut. */
const USER_AGENT_MAX = 500;
/** Longest client address kept (an IPv6 address with a zone fits). */
const IP_MAX = 64;

export interface OrganizationActivityInput {
  organizationId: string;
  /** The user who did it; null for Docket itself (an automatic change) or an API key. */
  actorId: string | null;
  type: OrganizationActivityType;
  /** What happened, as a JSON object (no secret: admins read it as is). */
  data: Prisma.InputJsonObject;
  /** The request it came from (address and User-Agent); null or absent for Docket itself. */
  client?: RequestClient | null | undefined;
  /** The record before / after a change (no secret), when the entry is about one. */
  before?: Prisma.InputJsonObject | null | undefined;
  after?: Prisma.InputJsonObject | null | undefined;
  /** When; default now. */
  at?: Date;
}

/**
 * The actor part of an entry done by `principal`: its organization, the user (null for an API
 * key, whose id goes into `data.actorApiKeyId` instead, see recordOrganizationActivity) and the
 * request's client.
 */
export function activityActorOf(principal: Principal): Pick<
  OrganizationActivityInput,
  'organizationId' | 'actorId' | 'client'
> & {
  apiKeyId: string | null;
} {
  return {
    organizationId: principal.organizationId,
    actorId: principal.kind === 'user' ? principal.id : null,
    apiKeyId: principal.kind === 'api_key' ? principal.id : null,
    client: principal.client ?? null,
  };
}

/**
 * Writes one organization activity row with `tx` (the change's transaction). The User-Agent is
 * cut to 500 characters and the address to 64; an `apiKeyId` (from activityActorOf) is kept as
 * `data.actorApiKeyId`.
 */
export async function recordOrganizationActivity(
  tx: Prisma.TransactionClient,
  input: OrganizationActivityInput & { apiKeyId?: string | null },
): Promise<void> {
  await insertOrganizationActivity(tx, {
    organizationId: input.organizationId,
    actorId: input.actorId,
    type: input.type,
    data: input.apiKeyId ? { ...input.data, actorApiKeyId: input.apiKeyId } : input.data,
    ip: input.client?.ip.slice(0, IP_MAX) ?? null,
    userAgent: input.client?.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
    before: input.before ?? null,
    after: input.after ?? null,
    createdAt: input.at,
  });
}
