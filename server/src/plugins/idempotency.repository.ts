/**
 * The idempotency records (`idempotency_records`) of `Idempotency-Key` (idempotency.ts): one per
 * organization, caller and key, holding the request's hash and, once answered, the answer kept.
 * While a record has no answer (`statusCode` null) it is a reservation, and `expiresAt` is the
 * end of its lease, renewed by the instance running the request; once answered, `expiresAt` is
 * when the answer is forgotten. Times are the database's clock, so instances agree on them.
 */
import type { Db } from '../lib/db.js';

/** What identifies a record: the organization, the caller (`kind:id`) and the client's key. */
export interface IdempotencyKeyOwner {
  organizationId: string;
  principal: string;
  key: string;
}

/** An answer kept: status, JSON body (or text) and the kept headers. */
export interface IdempotentAnswer {
  statusCode: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * Inserts the reservation of a first request, its lease ending `leaseSeconds` from the
 * database's now, unless a record exists for the same organization, caller and key (ON CONFLICT
 * DO NOTHING).
 * @returns the new record's id, or null when one already existed.
 */
export async function insertIdempotencyRecord(
  db: Db,
  input: IdempotencyKeyOwner & {
    method: string;
    path: string;
    requestHash: string;
    leaseSeconds: number;
  },
): Promise<string | null> {
  const inserted = await db.$queryRaw<{ id: string }[]>`
        INSERT INTO idempotency_records (id, "organizationId", principal, key, method, path, "requestHash", "expiresAt")
        VALUES (gen_random_uuid(), ${input.organizationId}::uuid, ${input.principal}, ${input.key}, ${input.method}, ${input.path},
                ${input.requestHash}, now() + make_interval(secs => ${input.leaseSeconds}))
        ON CONFLICT ("organizationId", principal, key) DO NOTHING
        RETURNING id`;
  return inserted[0]?.id ?? null;
}

/** A record as the plugin judges it, its times measured on the database's clock. */
export interface IdempotencyRecordState {
  id: string;
  requestHash: string;
  statusCode: number | null;
  responseBody: unknown;
  responseHeaders: unknown;
  /** `expiresAt` passed: an answer to forget, or a reservation whose lease lapsed. */
  expired: boolean;
  /** Whole seconds until `expiresAt` (0 when passed). */
  secondsLeft: number;
  /** Hours since the record was made. */
  ageHours: number;
}

/** The record of the organization, caller and key; null if there is none. */
export async function findIdempotencyRecord(
  db: Db,
  owner: IdempotencyKeyOwner,
): Promise<IdempotencyRecordState | null> {
  const rows = await db.$queryRaw<IdempotencyRecordState[]>`
        SELECT id, "requestHash", "statusCode", "responseBody", "responseHeaders",
               "expiresAt" < now() AS expired,
               greatest(0, ceil(extract(epoch FROM "expiresAt" - now())))::int AS "secondsLeft",
               (extract(epoch FROM now() - "createdAt") / 3600)::float8 AS "ageHours"
          FROM idempotency_records
         WHERE "organizationId" = ${owner.organizationId}::uuid AND principal = ${owner.principal}
           AND key = ${owner.key}`;
  return rows[0] ?? null;
}

/** Deletes the record `id` if it is answered and its answer expired. @returns whether it did. */
export async function deleteExpiredIdempotencyRecord(db: Db, id: string): Promise<boolean> {
  const n = await db.$executeRaw`
        DELETE FROM idempotency_records
         WHERE id = ${id}::uuid AND "statusCode" IS NOT NULL AND "expiresAt" < now()`;
  return n > 0;
}

/**
 * Deletes the reservation `id` if it still has no answer and its lease lapsed (its instance
 * stopped or stalled), so that a retry may insert its own. The delete waits for a transaction
 * recording the answer in that row and then finds it answered. @returns whether it did.
 */
export async function deleteLapsedIdempotencyReservation(db: Db, id: string): Promise<boolean> {
  const n = await db.$executeRaw`
        DELETE FROM idempotency_records
         WHERE id = ${id}::uuid AND "statusCode" IS NULL AND "expiresAt" < now()`;
  return n > 0;
}

/** Deletes the reservation `id` unless it has an answer (a 5xx is not kept). */
export async function deleteIdempotencyReservation(db: Db, id: string): Promise<void> {
  await db.$executeRaw`DELETE FROM idempotency_records WHERE id = ${id}::uuid AND "statusCode" IS NULL`;
}

/**
 * Extends the lease of the reservation `id` to `leaseSeconds` from the database's now, while it
 * has no answer. @returns whether the reservation is still there and unanswered.
 */
export async function renewIdempotencyLease(
  db: Db,
  id: string,
  leaseSeconds: number,
): Promise<boolean> {
  const n = await db.$executeRaw`
        UPDATE idempotency_records SET "expiresAt" = now() + make_interval(secs => ${leaseSeconds})
         WHERE id = ${id}::uuid AND "statusCode" IS NULL`;
  return n > 0;
}

/**
 * Keeps the answer of the record `id`, to be replayed for `ttlHours` from the database's now.
 * `onlyReservation`: only if the record is still an unanswered reservation (the caller's
 * transaction then holds its row until it ends).
 * @returns whether a row was written.
 */
export async function saveIdempotentResponse(
  db: Db,
  id: string,
  response: IdempotentAnswer,
  options: { ttlHours: number; onlyReservation: boolean },
): Promise<boolean> {
  const body = JSON.stringify(response.body ?? null);
  const headers = JSON.stringify(response.headers);
  const n = await db.$executeRaw`
        UPDATE idempotency_records
           SET "statusCode" = ${response.statusCode}, "responseBody" = ${body}::jsonb,
               "responseHeaders" = ${headers}::jsonb,
               "expiresAt" = now() + make_interval(hours => ${options.ttlHours})
         WHERE id = ${id}::uuid AND (NOT ${options.onlyReservation} OR "statusCode" IS NULL)`;
  return n > 0;
}

/**
 * Deletes every answer expired before the database's now, and every reservation older than
 * `ttlHours` (one whose instance stopped and that no retry took over).
 */
export async function deleteExpiredIdempotencyRecords(db: Db, ttlHours: number): Promise<void> {
  await db.$executeRaw`
        DELETE FROM idempotency_records
         WHERE ("statusCode" IS NOT NULL AND "expiresAt" < now())
            OR ("statusCode" IS NULL AND "createdAt" < now() - make_interval(hours => ${ttlHours}))`;
}
