/**
 * The database reads behind the gauges of GET /api/metrics (plugins/metrics.ts): the pool's
 * counters, read in memory, and the queues, each one statement that an index bounds, so a scrape
 * costs little however large the tables grow:
 * - outbox_messages: `(kind, status, sequence)` — only PENDING and FAILED rows are read;
 * - email_notifications and webhook_deliveries: `(status, nextAttemptAt)` — likewise;
 * - inbound_emails: `(organizationId, receivedAt)`, once per organization, for the last hour only
 *   (the table has no index on `outcome` or on `receivedAt` alone).
 */
import { poolOf } from '../db/prisma.js';
import type { Db, PrismaClient } from '../lib/db.js';

/** The state of a database pool at one moment: connections and waiting queries. */
export interface PoolStats {
  inUse: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  /** Most connections the pool opens. */
  max: number;
}

/**
 * A reader of the `pg` pool under `prisma` (db/prisma.ts `poolOf`), counters kept in memory by
 * `pg`: no database round trip. Null when the client has no such pool.
 */
export function poolStatsReader(prisma: PrismaClient): (() => PoolStats) | null {
  const pool = poolOf(prisma);
  if (!pool) return null;
  return () => ({
    inUse: pool.totalCount - pool.idleCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
    max: pool.options.max ?? 10,
  });
}

/** Pending and failed outbox rows of one subscriber (`dispatcher`: events not dispatched yet). */
export interface OutboxBacklog {
  kind: 'EVENT' | 'SUBSCRIBER';
  subscriber: string | null;
  pending: number;
  failed: number;
  /** Age of the oldest pending row, seconds (0 when none is pending). */
  oldestPendingSeconds: number;
}

/** The outbox's unfinished rows per kind and subscriber (rows PENDING or FAILED). */
export function findOutboxBacklogs(db: Db): Promise<OutboxBacklog[]> {
  return db.$queryRaw<OutboxBacklog[]>`
    SELECT kind::text AS kind, subscriber,
      (count(*) FILTER (WHERE status = 'PENDING'))::int AS pending,
      (count(*) FILTER (WHERE status = 'FAILED'))::int AS failed,
      COALESCE(EXTRACT(EPOCH FROM now() - min("createdAt") FILTER (WHERE status = 'PENDING')), 0)::float8
        AS "oldestPendingSeconds"
    FROM outbox_messages
    WHERE kind IN ('EVENT', 'SUBSCRIBER') AND status IN ('PENDING', 'FAILED')
    GROUP BY kind, subscriber`;
}

/** Rows waiting to be sent, and rows given up on, of a queue table. */
export interface QueueCounts {
  pending: number;
  failed: number;
}

/** Email notifications waiting to be sent (PENDING) and given up on (FAILED). */
export async function countEmailQueue(db: Db): Promise<QueueCounts> {
  const [row] = await db.$queryRaw<QueueCounts[]>`
    SELECT (count(*) FILTER (WHERE status = 'PENDING'))::int AS pending,
      (count(*) FILTER (WHERE status = 'FAILED'))::int AS failed
    FROM email_notifications WHERE status IN ('PENDING', 'FAILED')`;
  return row ?? { pending: 0, failed: 0 };
}

/** Webhook deliveries waiting (PENDING, retries included) and given up on (FAILED). */
export async function countWebhookQueue(db: Db): Promise<QueueCounts> {
  const [row] = await db.$queryRaw<QueueCounts[]>`
    SELECT (count(*) FILTER (WHERE status = 'PENDING'))::int AS pending,
      (count(*) FILTER (WHERE status = 'FAILED'))::int AS failed
    FROM webhook_deliveries WHERE status IN ('PENDING', 'FAILED')`;
  return row ?? { pending: 0, failed: 0 };
}

/** Inbound mails received in the last hour, per outcome (ticket_created, suspended, …). */
export function countRecentInboundEmails(db: Db): Promise<{ outcome: string; count: number }[]> {
  return db.$queryRaw<{ outcome: string; count: number }[]>`
    SELECT e.outcome::text AS outcome, count(*)::int AS count
    FROM organizations o
    CROSS JOIN LATERAL (
      SELECT i.outcome FROM inbound_emails i
      WHERE i."organizationId" = o.id AND i."receivedAt" > now() - interval '1 hour'
    ) e
    GROUP BY e.outcome`;
}
