/**
 * Webhook deliveries (`webhook_deliveries`) and their attempts (`webhook_delivery_attempts`):
 * made by the webhooks' event subscriber, claimed and recorded by the delivery worker
 * (webhook-deliveries.ts), listed and retried by admins (webhooks.service.ts).
 */
import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../lib/db.js';

/** A delivery as stored. */
export type WebhookDeliveryRow = Prisma.WebhookDeliveryGetPayload<object>;

/** A delivery with its endpoint, as the worker sends it. */
export type ClaimedDelivery = Prisma.WebhookDeliveryGetPayload<{ include: { endpoint: true } }>;

/** A delivery with its attempts, first attempt first. */
export type DeliveryWithAttempts = Prisma.WebhookDeliveryGetPayload<{
  include: { attemptLog: true };
}>;

/**
 * Inserts deliveries, skipping those whose (endpoint, event) pair exists already.
 * @returns how many were inserted.
 */
export async function insertDeliveries(
  db: Db,
  rows: Prisma.WebhookDeliveryCreateManyInput[],
): Promise<number> {
  const created = await db.webhookDelivery.createMany({ data: rows, skipDuplicates: true });
  return created.count;
}

/**
 * Deletes the deliveries that succeeded or failed for good and were last touched before
 * `before` (their attempts go with them). @returns how many.
 */
export async function deleteFinishedDeliveries(db: Db, before: Date): Promise<number> {
  const removed = await db.webhookDelivery.deleteMany({
    where: { status: { in: ['SUCCEEDED', 'FAILED'] }, updatedAt: { lt: before } },
  });
  return removed.count;
}

/**
 * Claims up to `limit` deliveries due at `now` to enabled endpoints, in ONE statement: soonest
 * due first, skipping rows locked by another worker and deliveries with an earlier PENDING
 * delivery of the same ticket to the same endpoint; each is leased until `lease`, its attempt
 * counted and stamped `now`. @returns the ids claimed.
 */
export async function claimDueDeliveries(db: Db, input: ClaimDeliveriesInput): Promise<string[]> {
  const claimed = await db.$queryRaw<{ id: string }[]>(claimDueDeliveriesSql(input));
  return claimed.map((c) => c.id);
}

/** What claimDueDeliveries takes: the time, the lease's end and at most how many. */
export interface ClaimDeliveriesInput {
  now: Date;
  lease: Date;
  limit: number;
}

/** claimDueDeliveries' statement (exported for test/outbox-claim-plans.test.ts's EXPLAIN). */
export function claimDueDeliveriesSql(input: ClaimDeliveriesInput): Prisma.Sql {
  const { now, lease, limit } = input;
  return Prisma.sql`
      UPDATE webhook_deliveries AS d
      SET "lockedUntil" = ${lease}, attempts = d.attempts + 1, "lastAttemptAt" = ${now},
          "updatedAt" = ${now}
      WHERE d.id IN (
        SELECT c.id FROM webhook_deliveries c
        JOIN webhook_endpoints e ON e.id = c."endpointId"
        WHERE c.status = 'PENDING' AND c."nextAttemptAt" <= ${now}
          AND (c."lockedUntil" IS NULL OR c."lockedUntil" <= ${now})
          AND e.enabled
          AND NOT EXISTS (
            SELECT 1 FROM webhook_deliveries p
            WHERE p."endpointId" = c."endpointId" AND p."aggregateId" = c."aggregateId"
              -- Status as text: p is probed by endpoint and ticket whatever the statistics say
              -- about pending rows (events/outbox.repository.ts dueCondition).
              AND p.status::text = 'PENDING' AND p.sequence < c.sequence)
        ORDER BY c."nextAttemptAt", c.sequence
        LIMIT ${limit}
        FOR UPDATE OF c SKIP LOCKED)
      RETURNING d.id`;
}

/** The deliveries `ids` still leased until `lease`, with their endpoints. */
export function findLeasedDeliveries(
  db: Db,
  ids: readonly string[],
  lease: Date,
): Promise<ClaimedDelivery[]> {
  return db.webhookDelivery.findMany({
    where: { id: { in: [...ids] }, lockedUntil: lease },
    include: { endpoint: true },
  });
}

/**
 * Writes the outcome of an attempt on the delivery `id` and releases it, if it is still leased
 * until `lease`. @returns whether it was (false: the lease ran out and another worker took it).
 */
export async function recordDeliveryOutcome(
  db: Db,
  id: string,
  lease: Date,
  data: Prisma.WebhookDeliveryUpdateManyMutationInput,
): Promise<boolean> {
  const updated = await db.webhookDelivery.updateMany({
    where: { id, lockedUntil: lease },
    data,
  });
  return updated.count > 0;
}

/** Inserts one attempt of a delivery into its log. */
export async function insertDeliveryAttempt(
  db: Db,
  data: Prisma.WebhookDeliveryAttemptUncheckedCreateInput,
): Promise<void> {
  await db.webhookDeliveryAttempt.create({ data });
}

/**
 * One page of the endpoint's deliveries, newest event first (sequence, then id, descending):
 * of `status` if given, after the keyset position `after` if given, at most `take` rows.
 */
export function listEndpointDeliveries(
  db: Db,
  input: {
    endpointId: string;
    status?: WebhookDeliveryRow['status'] | undefined;
    after?: { sequence: bigint; id: string } | undefined;
    take: number;
  },
): Promise<WebhookDeliveryRow[]> {
  const where: Prisma.WebhookDeliveryWhereInput[] = [{ endpointId: input.endpointId }];
  if (input.status) where.push({ status: input.status });
  if (input.after) {
    const { sequence, id } = input.after;
    where.push({
      OR: [{ sequence: { lt: sequence } }, { sequence, id: { lt: id } }],
    });
  }
  return db.webhookDelivery.findMany({
    where: { AND: where },
    orderBy: [{ sequence: 'desc' }, { id: 'desc' }],
    take: input.take,
  });
}

/** The endpoint's delivery `id` (a lower-case uuid) with its attempts; null if there is none. */
export function findEndpointDelivery(
  db: Db,
  endpointId: string,
  id: string,
): Promise<DeliveryWithAttempts | null> {
  return db.webhookDelivery.findFirst({
    where: { id, endpointId },
    include: { attemptLog: { orderBy: { attempt: 'asc' } } },
  });
}

/**
 * Makes the delivery `id` PENDING and due at `nextAttemptAt`, allowing `maxAttempts` attempts.
 * @returns the stored row.
 */
export function rescheduleDelivery(
  db: Db,
  id: string,
  nextAttemptAt: Date,
  maxAttempts: number,
): Promise<WebhookDeliveryRow> {
  return db.webhookDelivery.update({
    where: { id },
    data: { status: 'PENDING', nextAttemptAt, maxAttempts },
  });
}
