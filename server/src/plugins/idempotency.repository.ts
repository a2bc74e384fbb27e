/**
 * The idempotency records (`idempotency_records`) of `Idempotency-Key` (idempotency.ts): one per
 * organization, caller and key, holding the request's hash and, once answered, the answer kept.
 */
import type { Db, Prisma } from '../lib/db.js';

/** What identifies a record: the organization, the caller (`kind:id`) and the client's key. */
export interface IdempotencyKeyOwner {
  organizationId: string;
  principal: string;
  key: string;
}

/**
 * Inserts the record of a first request, expiring `ttlHours` from the database's now, unless
 * one exists for the same organization, caller and key (ON CONFLICT DO NOTHING).
 * @returns the new record's id, or null when one already existed.
 */
export async function insertIdempotencyRecord(
  db: Db,
  input: IdempotencyKeyOwner & {
    method: string;
    path: string;
    requestHash: string;
    ttlHours: number;
  },
): Promise<string | null> {
  const inserted = await db.$queryRaw<{ id: string }[]>`
        INSERT INTO idempotency_records (id, "organizationId", principal, key, method, path, "requestHash", "expiresAt")
        VALUES (gen_random_uuid(), ${input.organizationId}::uuid, ${input.principal}, ${input.key}, ${input.method}, ${input.path},
                ${input.requestHash}, now() + make_interval(hours => ${input.ttlHours}))
        ON CONFLICT ("organizationId", principal, key) DO NOTHING
        RETURNING id`;
  return inserted[0]?.id ?? null;
}

/** The record of the organization, caller and key; null if there is none. */
export function findIdempotencyRecord(db: Db, owner: IdempotencyKeyOwner) {
  return db.idempotencyRecord.findUnique({
    where: {
      organizationId_principal_key: {
        organizationId: owner.organizationId,
        principal: owner.principal,
        key: owner.key,
      },
    },
  });
}

/** Deletes the record `id` if it expired before `now`. */
export async function deleteExpiredIdempotencyRecord(db: Db, id: string, now: Date): Promise<void> {
  await db.idempotencyRecord.deleteMany({ where: { id, expiresAt: { lt: now } } });
}

/** Deletes the record `id` (an answer that is not kept). */
export async function deleteIdempotencyRecord(db: Db, id: string): Promise<void> {
  await db.idempotencyRecord.deleteMany({ where: { id } });
}

/** Keeps the answer of the record `id`: status, JSON body (or text) and headers. */
export async function saveIdempotentResponse(
  db: Db,
  id: string,
  response: { statusCode: number; body: unknown; headers: Record<string, string> },
): Promise<void> {
  await db.idempotencyRecord.update({
    where: { id },
    data: {
      statusCode: response.statusCode,
      responseBody: response.body as Prisma.InputJsonValue,
      responseHeaders: response.headers,
    },
  });
}

/** Deletes every record expired before `now`. */
export async function deleteExpiredIdempotencyRecords(db: Db, now: Date): Promise<void> {
  await db.idempotencyRecord.deleteMany({ where: { expiresAt: { lt: now } } });
}
