/**
 * The outbox (`outbox_messages`): EVENT rows written by `emitEvent`, taken and marked by the
 * dispatcher, and the SUBSCRIBER rows of queued subscribers (README.md in this folder); and the
 * PostgreSQL connection the workers LISTEN on for committed events. Raw SQL straight through `pg`
 * (db/select-rows.ts) where the dispatcher and the subscribers run for every write of the API
 * (bench/: the ORM's query building, then Prisma's raw-query pipeline, were measurable parts of
 * it), Prisma client calls for the rest.
 */
import pg from 'pg';
import { Prisma } from '../../generated/prisma/client.js';
import { executeSql, selectRows } from '../../db/select-rows.js';
import type { Db } from '../../lib/db.js';
import type { DispatchedEvent } from './event-subscriber.js';

/** The PostgreSQL channel on which a committed event wakes the workers (LISTEN/NOTIFY). */
export const OUTBOX_NOTIFY_CHANNEL = 'docket_outbox';

/** An EVENT row as `emitEvent` writes it. */
export interface NewOutboxEvent {
  id: string;
  organizationId: string;
  /** The event type. */
  topic: string;
  aggregateId: string | null;
  /** The event envelope `{id, type, timestamp, organizationId, data}`. */
  payload: object;
}

/**
 * Inserts ONE EVENT row (the other columns take their defaults: PENDING, sequence, attempts) and
 * asks PostgreSQL to notify OUTBOX_NOTIFY_CHANNEL when the transaction `tx` commits (delivered
 * at commit, dropped on rollback), in ONE statement (a data-modifying CTE).
 */
export async function insertOutboxEvent(
  tx: Prisma.TransactionClient,
  event: NewOutboxEvent,
): Promise<void> {
  await executeSql(
    tx,
    Prisma.sql`WITH e AS (
      INSERT INTO outbox_messages (id, "organizationId", kind, topic, "aggregateId", payload)
      VALUES (${event.id}::uuid, ${event.organizationId}::uuid, 'EVENT'::"OutboxKind", ${event.topic},
        ${event.aggregateId}::uuid, ${JSON.stringify(event.payload)}::json)
      RETURNING id
    )
    SELECT pg_notify(${OUTBOX_NOTIFY_CHANNEL}, '') FROM e`,
    { prepared: true },
  );
}

/**
 * The conditions (on `outbox_messages o`) of an EVENT row that may be dispatched at `now`:
 * pending, due, and no earlier pending event of the same ticket (order per ticket).
 *
 * The earlier row `p` is looked for by ticket: its kind and status are compared as text, which
 * leaves `(aggregateId, sequence)` as the only index PostgreSQL can probe it with. Compared as
 * they are, the planner may probe `(kind, status, sequence)` instead — walking every pending row
 * for each candidate — whenever its statistics were taken while nearly every row was SENT, which
 * is the state a burst of writes starts from (autovacuum's ANALYZE comes a minute later, or never
 * during the burst). Measured at 1,000,000 tickets with 2,000 events pending and such statistics
 * (bench/README.md "The outbox under a backlog, 2026-12-06"): 43 ms and 65,000 buffers per claim
 * → 1.7 ms; with fresh statistics both forms take the same plan (2.0 and 2.6 ms).
 * claimSubscriberRows and webhook-deliveries.repository.ts claimDueDeliveries do the same.
 */
function dueCondition(now: Date): Prisma.Sql {
  return Prisma.sql`o.kind = 'EVENT' AND o.status = 'PENDING'
      AND (o.attempts = 0 OR o."nextAttemptAt" <= ${now})
      AND NOT EXISTS (
        SELECT 1 FROM outbox_messages p
        WHERE p.kind::text = 'EVENT' AND p.status::text = 'PENDING'
          AND p."aggregateId" = o."aggregateId" AND p.sequence < o.sequence)`;
}

/** Whether any EVENT row is due at `now` (one statement, no transaction, no lock). */
export async function anyOutboxEventDue(db: Db, now: Date): Promise<boolean> {
  const [row] = await selectRows<{ due: boolean }>(
    db,
    Prisma.sql`SELECT EXISTS (SELECT 1 FROM outbox_messages o WHERE ${dueCondition(now)}) AS due`,
  );
  return row?.due === true;
}

/**
 * Locks up to `take` EVENT rows due at `now`, oldest first, skipping rows locked by another
 * worker (`FOR UPDATE SKIP LOCKED`), in the dispatcher's transaction `tx`.
 */
export async function lockDueOutboxEvents(
  tx: Prisma.TransactionClient,
  now: Date,
  take: number,
): Promise<(DispatchedEvent & { attempts: number })[]> {
  const rows = await selectRows<DispatchedEvent & { attempts: number; sequence: string }>(
    tx,
    lockDueOutboxEventsSql(now, take),
  );
  return rows.map((row) => ({ ...row, sequence: BigInt(row.sequence) }));
}

/** lockDueOutboxEvents' statement (exported for test/outbox-claim-plans.test.ts's EXPLAIN). */
export function lockDueOutboxEventsSql(now: Date, take: number): Prisma.Sql {
  return Prisma.sql`
    SELECT o.id, o."organizationId", o.topic, o."aggregateId", o.sequence::text, o.payload, o.attempts
    FROM outbox_messages o
    WHERE ${dueCondition(now)}
    ORDER BY o.sequence
    LIMIT ${take}
    FOR UPDATE OF o SKIP LOCKED`;
}

/** A SUBSCRIBER row: one event for one queued subscriber. */
export interface NewSubscriberRow {
  id: string;
  organizationId: string;
  topic: string;
  subscriber: string;
  eventId: string;
  aggregateId: string | null;
  payload: Prisma.JsonValue;
  maxAttempts: number;
  nextAttemptAt: Date;
}

/**
 * Inserts `rows` in ONE statement, in the order given (ORDER BY: a ticket's subscriber rows keep
 * the order of its events); a row whose (event, subscriber) exists already is skipped.
 */
export async function insertSubscriberRows(
  tx: Prisma.TransactionClient,
  rows: readonly NewSubscriberRow[],
): Promise<void> {
  const values = rows.map(
    (row, order) =>
      Prisma.sql`(${order}::int, ${row.id}::uuid, ${row.organizationId}::uuid, ${row.topic}::text,
              ${row.subscriber}::text, ${row.eventId}::uuid, ${row.aggregateId}::uuid,
              ${JSON.stringify(row.payload)}::json, ${row.maxAttempts}::int, ${row.nextAttemptAt}::timestamptz)`,
  );
  await executeSql(
    tx,
    Prisma.sql`INSERT INTO outbox_messages (id, "organizationId", kind, topic,
          subscriber, "eventId", "aggregateId", payload, "maxAttempts", "nextAttemptAt")
        SELECT v.id, v.org, 'SUBSCRIBER'::"OutboxKind", v.topic, v.subscriber, v.event, v.agg,
          v.payload, v.max, v.next
        FROM (VALUES ${Prisma.join(values)})
          AS v(ord, id, org, topic, subscriber, event, agg, payload, max, next)
        ORDER BY v.ord
        ON CONFLICT ("eventId", subscriber) DO NOTHING`,
  );
}

/** Marks the EVENT rows `ids` SENT at `now` (one statement). */
export async function markOutboxEventsSent(
  tx: Prisma.TransactionClient,
  ids: readonly string[],
  now: Date,
): Promise<void> {
  await executeSql(
    tx,
    Prisma.sql`UPDATE outbox_messages
      SET status = 'SENT', "sentAt" = ${now}::timestamptz, "lastError" = NULL
      WHERE id = ANY(${ids}::uuid[])`,
    { prepared: true },
  );
}

/** The attempts, attempt limit and kind of the outbox row `id`; null if it is gone. */
export function findOutboxMessageAttempts(db: Db, id: string) {
  return db.outboxMessage.findUnique({
    where: { id },
    select: { attempts: true, maxAttempts: true, kind: true },
  });
}

/**
 * Records a failed attempt of the outbox row `id`: `attempts`, `lastError`, the lease released,
 * and the `outcome`: FAILED for good, or the time of the next attempt.
 */
export async function recordOutboxMessageFailure(
  db: Db,
  id: string,
  attempts: number,
  lastError: string,
  outcome: { status: 'FAILED' } | { nextAttemptAt: Date },
): Promise<void> {
  await db.outboxMessage.update({
    where: { id },
    data: { attempts, lastError, lockedUntil: null, lockedBy: null, ...outcome },
  });
}

/** A SUBSCRIBER row taken by `claimSubscriberRows`. */
export interface ClaimedSubscriberRow {
  id: string;
  subscriber: string;
  /** The ticket (or other aggregate) the event is about; null for none. */
  aggregateId: string | null;
  /** Attempts including this one. */
  attempts: number;
  payload: Prisma.JsonValue;
}

/**
 * Takes up to `limit` SUBSCRIBER rows of `subscribers` due at `now` (at most one per subscriber
 * and ticket at a time, oldest first, skipping locked rows), in ONE statement that leases each to
 * `workerId` until `lease` and counts the attempt. `waits` lists `"<subscriber>><first>"` pairs: a
 * row of `subscriber` also waits for the pending rows of `first` written before it for the same
 * ticket, unless they failed twice already.
 */
export function claimSubscriberRows(
  db: Db,
  input: ClaimSubscriberRowsInput,
): Promise<ClaimedSubscriberRow[]> {
  return selectRows<ClaimedSubscriberRow>(db, claimSubscriberRowsSql(input));
}

/** What claimSubscriberRows takes. */
export interface ClaimSubscriberRowsInput {
  subscribers: string[];
  waits?: string[];
  now: Date;
  lease: Date;
  workerId: string;
  limit: number;
}

/** claimSubscriberRows' statement (exported for test/outbox-claim-plans.test.ts's EXPLAIN). */
export function claimSubscriberRowsSql(input: ClaimSubscriberRowsInput): Prisma.Sql {
  const { subscribers: names, now, lease, workerId, limit } = input;
  const waits = input.waits ?? [];
  return Prisma.sql`
      UPDATE outbox_messages AS m
      SET "lockedUntil" = ${lease}, "lockedBy" = ${workerId}, attempts = m.attempts + 1
      WHERE m.id IN (
        SELECT o.id FROM outbox_messages o
        WHERE o.kind = 'SUBSCRIBER' AND o.status = 'PENDING' AND o.subscriber = ANY(${names})
          AND o."nextAttemptAt" <= ${now}
          AND (o."lockedUntil" IS NULL OR o."lockedUntil" <= ${now})
          AND NOT EXISTS (
            SELECT 1 FROM outbox_messages p
            -- Kind and status as text: p is probed by ticket whatever the statistics (dueCondition).
            WHERE p.kind::text = 'SUBSCRIBER' AND p.status::text = 'PENDING'
              AND p."aggregateId" = o."aggregateId" AND p.sequence < o.sequence
              AND (p.subscriber = o.subscriber
                OR (p.attempts < 2 AND o.subscriber || '>' || p.subscriber = ANY(${waits}::text[]))))
        ORDER BY o.sequence
        LIMIT ${limit}
        FOR UPDATE OF o SKIP LOCKED)
      RETURNING m.id, m.subscriber, m."aggregateId", m.attempts, m.payload`;
}

/**
 * Marks the SUBSCRIBER rows `ids` SENT at `now`, those of them that `workerId` still holds with
 * the lease `lease`. @returns how many it marked (fewer than `ids`: a lease was lost to another
 * worker).
 */
export async function markSubscriberRowsSent(
  tx: Prisma.TransactionClient,
  input: { ids: readonly string[]; workerId: string; lease: Date; now: Date },
): Promise<number> {
  // Raw and prepared: it runs for every transaction of every queued subscriber, and the ORM's
  // updateMany builds and plans its query on every call.
  return executeSql(
    tx,
    Prisma.sql`UPDATE outbox_messages
      SET status = 'SENT', "sentAt" = ${input.now}::timestamptz, "lockedUntil" = NULL, "lockedBy" = NULL
      WHERE id = ANY(${input.ids}::uuid[]) AND "lockedBy" = ${input.workerId}
        AND "lockedUntil" = ${input.lease}::timestamptz`,
    { prepared: true },
  );
}

/**
 * Hands back the leases `workerId` still holds on pending SUBSCRIBER rows (the instance is
 * stopping): each becomes free to take at `now` by any worker (`lockedUntil = now`,
 * `lockedBy = null`), rather than when its lease would have ended. The attempt it counted stays
 * counted. @returns how many rows were released.
 */
export async function releaseSubscriberLeases(
  db: Db,
  workerId: string,
  now: Date,
): Promise<number> {
  const released = await db.outboxMessage.updateMany({
    where: { lockedBy: workerId, status: 'PENDING' },
    data: { lockedUntil: now, lockedBy: null },
  });
  return released.count;
}

/** Deletes the SENT outbox rows sent before `before`. @returns how many. */
export async function deleteSentOutboxMessages(db: Db, before: Date): Promise<number> {
  const messages = await db.outboxMessage.deleteMany({
    where: { status: 'SENT', sentAt: { lt: before } },
  });
  return messages.count;
}

/** A PostgreSQL connection of its own, for LISTEN (a `pg` client). */
export type ListenConnection = pg.Client;

/**
 * A new, not yet connected LISTEN connection to `connectionString`: attach its `notification` and
 * `error` handlers, then `listenOn` it.
 */
export function createListenConnection(connectionString: string): ListenConnection {
  return new pg.Client({ connectionString });
}

/**
 * Connects `connection` and LISTENs on `channel` (one of Docket's channel names, never input).
 * @throws the connection's error when it cannot connect or LISTEN.
 */
export async function listenOn(connection: ListenConnection, channel: string): Promise<void> {
  await connection.connect();
  await connection.query(`LISTEN ${channel}`);
}
