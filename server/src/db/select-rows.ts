// A SELECT straight through the pg pool, off Prisma's raw-query pipeline where it can be.
import { Prisma } from '../generated/prisma/client.js';
import { isUuid } from '../lib/cursor.js';
import type { Db } from '../lib/db.js';
import { poolOf, PREPARED_STATEMENT, preparedStatementName } from './prisma.js';

/**
 * Runs a SELECT and returns its rows: straight through the pg pool when `db` is the app's client
 * (db/prisma.ts `poolOf`: measured to halve the CPU of a ticket page), else — inside a
 * transaction — through Prisma's `$queryRaw`; the rows are the same either way. `prepared` names
 * the statement so that its plan is reused (db/prisma.ts PREPARED_STATEMENT): lookups by key only.
 * `statementTimeoutMs` has PostgreSQL cancel the statement after that long (SQLSTATE 57014,
 * thrown) with `SET LOCAL statement_timeout`: in a transaction of its own on a pooled connection,
 * or in the caller's transaction when `db` is a transaction client.
 */
export async function selectRows<T>(
  db: Db,
  sql: Prisma.Sql,
  options: { prepared?: boolean; statementTimeoutMs?: number } = {},
): Promise<T[]> {
  const tagged = options.prepared ? Prisma.sql`${Prisma.raw(PREPARED_STATEMENT)} ${sql}` : sql;
  const timeout = options.statementTimeoutMs;
  const setTimeout =
    timeout === undefined ? '' : `SET LOCAL statement_timeout = ${Math.round(timeout)}`;
  const pool = poolOf(db);
  if (!pool) {
    // A transaction client (every client of the app is made by createPrismaClient, with a pool).
    if (setTimeout) await db.$executeRawUnsafe(setTimeout);
    return db.$queryRaw<T[]>(tagged);
  }
  const query = {
    text: tagged.text,
    values: tagged.values,
    name: options.prepared ? preparedStatementName({ sql: tagged.text }) : undefined,
  };
  if (!setTimeout) return (await pool.query(query)).rows as T[];
  const client = await pool.connect();
  try {
    await client.query(`BEGIN; ${setTimeout}`);
    const { rows } = await client.query(query);
    await client.query('COMMIT');
    return rows as T[];
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The first row of a lookup by key, prepared (selectRows), or null; null at once, without a
 * query, when one of `uuids` (the values the statement casts `::uuid`) is not a uuid.
 */
export async function selectFirstRow<T>(
  db: Db,
  sql: Prisma.Sql,
  uuids: readonly string[] = [],
): Promise<T | null> {
  if (!uuids.every(isUuid)) return null;
  const [row] = await selectRows<T>(db, sql, { prepared: true });
  return row ?? null;
}
