/**
 * Webhook endpoints (`webhook_endpoints`) of an organization: the admins' CRUD
 * (webhooks.service.ts) and what the delivery worker reads and changes of an endpoint's health
 * (webhook-deliveries.ts). Every lookup the API makes is scoped by the organization.
 */
import { selectRows } from '../../db/select-rows.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../lib/db.js';

/** An endpoint as stored (secrets included: never an API shape). */
export type WebhookEndpointRow = Prisma.WebhookEndpointGetPayload<object>;

/** The organization's endpoint `id` (a lower-case uuid); null if there is none. */
export function findOrganizationEndpoint(
  db: Db,
  organizationId: string,
  id: string,
): Promise<WebhookEndpointRow | null> {
  return db.webhookEndpoint.findFirst({ where: { id, organizationId } });
}

/** How many endpoints the organization has. */
export function countOrganizationEndpoints(db: Db, organizationId: string): Promise<number> {
  return db.webhookEndpoint.count({ where: { organizationId } });
}

/** Inserts an endpoint. @returns the stored row. */
export function insertWebhookEndpoint(
  db: Db,
  data: Prisma.WebhookEndpointUncheckedCreateInput,
): Promise<WebhookEndpointRow> {
  return db.webhookEndpoint.create({ data });
}

/** The organization's endpoints, oldest first. */
export function listOrganizationEndpoints(
  db: Db,
  organizationId: string,
): Promise<WebhookEndpointRow[]> {
  return db.webhookEndpoint.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
}

/** Changes the endpoint `id`. @returns the stored row. */
export function updateWebhookEndpoint(
  db: Db,
  id: string,
  data: Prisma.WebhookEndpointUpdateInput,
): Promise<WebhookEndpointRow> {
  return db.webhookEndpoint.update({ where: { id }, data });
}

/** Deletes the organization's endpoint `id` (its deliveries and attempts go with it). */
export async function deleteOrganizationEndpoint(
  db: Db,
  organizationId: string,
  id: string,
): Promise<void> {
  await db.webhookEndpoint.deleteMany({ where: { id, organizationId } });
}

/**
 * The organizations among `organizationIds` that have at least one enabled endpoint (one
 * statement for a batch of events; raw SQL: the dispatcher runs for every write of the API).
 */
export async function findOrganizationsWithEnabledEndpoints(
  db: Db,
  organizationIds: readonly string[],
): Promise<string[]> {
  const rows = await selectRows<{ organizationId: string }>(
    db,
    Prisma.sql`SELECT DISTINCT w."organizationId" FROM webhook_endpoints w
            WHERE w."organizationId" = ANY(${organizationIds}::uuid[]) AND w.enabled`,
    { prepared: true },
  );
  return rows.map((e) => e.organizationId);
}

/**
 * The ids of the organization's enabled endpoints subscribed to `eventType`; with
 * `internalOnly`, only those that asked for internal notes (`includeInternal`).
 */
export function findSubscribedEndpoints(
  db: Db,
  input: { organizationId: string; eventType: string; internalOnly: boolean },
): Promise<{ id: string }[]> {
  return db.webhookEndpoint.findMany({
    where: {
      organizationId: input.organizationId,
      enabled: true,
      eventTypes: { has: input.eventType },
      ...(input.internalOnly ? { includeInternal: true } : {}),
    },
    select: { id: true },
  });
}

/** Ends the endpoint's failure window (a success), if one is open. */
export async function clearEndpointFailingSince(db: Db, endpointId: string): Promise<void> {
  await db.webhookEndpoint.updateMany({
    where: { id: endpointId, failingSince: { not: null } },
    data: { failingSince: null },
  });
}

/** Opens the endpoint's failure window at `now` (a failure), unless one is open. */
export async function markEndpointFailingSince(
  db: Db,
  endpointId: string,
  now: Date,
): Promise<void> {
  await db.webhookEndpoint.updateMany({
    where: { id: endpointId, failingSince: null },
    data: { failingSince: now },
  });
}

/** When the endpoint's failure window opened (null: none open); null if the endpoint is gone. */
export function findEndpointFailingSince(
  db: Db,
  endpointId: string,
): Promise<{ failingSince: Date | null } | null> {
  return db.webhookEndpoint.findUnique({
    where: { id: endpointId },
    select: { failingSince: true },
  });
}

/** What `disableEnabledEndpoint` returns of the endpoint it disabled. */
export interface DisabledEndpointRow {
  id: string;
  organizationId: string;
  url: string;
  description: string | null;
  failingSince: Date | null;
}

/**
 * Disables the endpoint if it is enabled, with `reason` (cut to 1000 characters) at `now`.
 * @returns the endpoint, or null when it was already disabled (or is gone).
 */
export async function disableEnabledEndpoint(
  db: Db,
  endpointId: string,
  reason: string,
  now: Date,
): Promise<DisabledEndpointRow | null> {
  const rows = await db.$queryRaw<DisabledEndpointRow[]>`
    UPDATE webhook_endpoints
    SET enabled = false, "disabledAt" = ${now}, "disabledReason" = ${reason.slice(0, 1000)},
        "updatedAt" = ${now}
    WHERE id = ${endpointId}::uuid AND enabled
    RETURNING id, "organizationId", url, description, "failingSince"`;
  return rows[0] ?? null;
}
