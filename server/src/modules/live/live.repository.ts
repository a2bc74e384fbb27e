/**
 * The PostgreSQL side of live notices (README.md in this folder): NOTIFY on the channel
 * `docket_live`, which every instance's live hub LISTENs on, and the database URL that LISTEN
 * connection uses when the app was given none.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { poolOf } from '../../db/prisma.js';
import { executeSql } from '../../db/select-rows.js';
import type { Db } from '../../lib/db.js';

/** The PostgreSQL channel of live notices (LISTEN/NOTIFY). */
export const LIVE_NOTIFY_CHANNEL = 'docket_live';

/**
 * Queues the notice `payload` (JSON text under NOTIFY's 8000 bytes) on LIVE_NOTIFY_CHANNEL with
 * `db`: a transaction delivers it at its commit, the client at once.
 */
export async function notifyLive(db: Db, payload: string): Promise<void> {
  await executeSql(db, Prisma.sql`SELECT pg_notify(${LIVE_NOTIFY_CHANNEL}, ${payload})`);
}

/**
 * `pg_notify` of the notice `payload` (an SQL expression of JSON text under NOTIFY's 8000 bytes)
 * on LIVE_NOTIFY_CHANNEL: for the statement of another module that queues notices with its own
 * writes, in one round trip (notification-center.repository.ts).
 */
export function notifyLiveSql(payload: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`pg_notify(${LIVE_NOTIFY_CHANNEL}, ${payload})`;
}

/**
 * Queues the notices `payloads` (JSON texts, each under NOTIFY's 8000 bytes) on
 * LIVE_NOTIFY_CHANNEL in the order given, in ONE statement whatever their number.
 */
export async function notifyLiveMany(db: Db, payloads: readonly string[]): Promise<void> {
  await executeSql(
    db,
    Prisma.sql`SELECT pg_notify(${LIVE_NOTIFY_CHANNEL}, p)
      FROM unnest(${payloads}::text[]) WITH ORDINALITY AS n(p, i) ORDER BY i`,
  );
}

/**
 * The connection string of the `pg` pool under the Prisma client `db` (db/prisma.ts), for a
 * LISTEN connection of its own; undefined for a client made otherwise.
 */
export function poolConnectionString(db: object): string | undefined {
  return poolOf(db)?.options.connectionString;
}
