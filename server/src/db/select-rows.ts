// Raw SQL straight through `pg`, off Prisma's raw-query pipeline where it can be: the pool for
// the app's client, the transaction's own connection for a transaction client (db/prisma.ts).
import type pg from 'pg';
import { Prisma } from '../generated/prisma/client.js';
import { isUuid } from '../lib/cursor.js';
import type { Db } from '../lib/db.js';
import { connectionOf, poolOf, PREPARED_STATEMENT, preparedStatementName } from './prisma.js';

/** The pg connection or pool that runs `db`'s raw statements, or null: Prisma's pipeline then. */
function pgOf(db: Db): pg.Pool | pg.PoolClient | null {
  return poolOf(db) ?? connectionOf(db);
}

/** `sql` opened by PREPARED_STATEMENT when `prepared` (Prisma's adapter then names it too). */
const tag = (sql: Prisma.Sql, prepared: boolean) =>
  prepared ? Prisma.sql`${Prisma.raw(PREPARED_STATEMENT)} ${sql}` : sql;

/** `sql` as pg's query config, named (prepared once per connection) when `prepared`. */
function pgQuery(sql: Prisma.Sql, prepared: boolean): pg.QueryConfig {
  const tagged = tag(sql, prepared);
  return {
    text: tagged.text,
    values: tagged.values,
    ...(prepared ? { name: preparedStatementName({ sql: tagged.text }) } : {}),
  };
}

/**
 * Runs a SELECT (or a statement with RETURNING) and returns its rows: straight through the pg
 * pool when `db` is the app's client (db/prisma.ts `poolOf`: measured to halve the CPU of a
 * ticket page), on the transaction's own connection when `db` is the client of an interactive
 * transaction (`connectionOf`), else through Prisma's `$queryRaw`. Values come back as `pg`
 * parses them, which for the types Docket reads (uuid, text, enums as text, int, boolean, jsonb,
 * timestamptz, text arrays) is what Prisma gives; select a bigint or numeric as `::int` or
 * `::text` (pg gives a string, Prisma a BigInt or Decimal). `prepared` names the statement so
 * that its plan is reused (db/prisma.ts PREPARED_STATEMENT): lookups by key only.
 * `statementTimeoutMs` has PostgreSQL cancel the statement after that long (SQLSTATE 57014,
 * thrown) with `SET LOCAL statement_timeout`: in a transaction of its own on a pooled connection,
 * or in the caller's transaction when `db` is a transaction client.
 */
export async function selectRows<T>(
  db: Db,
  sql: Prisma.Sql,
  options: { prepared?: boolean; statementTimeoutMs?: number } = {},
): Promise<T[]> {
  const timeout = options.statementTimeoutMs;
  const setTimeout =
    timeout === undefined ? '' : `SET LOCAL statement_timeout = ${Math.round(timeout)}`;
  const prepared = options.prepared ?? false;
  const pool = poolOf(db);
  if (!pool || !setTimeout) {
    // In a transaction the timeout is the caller's transaction's (SET LOCAL).
    if (setTimeout) await executeSql(db, Prisma.raw(setTimeout));
    const target = pgOf(db);
    if (!target) return db.$queryRaw<T[]>(tag(sql, prepared));
    return (await target.query(pgQuery(sql, prepared))).rows as T[];
  }
  const query = pgQuery(sql, prepared);
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
 * Runs a statement for its effect (INSERT, UPDATE, DELETE, SAVEPOINT, …) as selectRows would
 * (the pool, the transaction's connection, or Prisma's `$executeRaw`).
 * @returns the number of rows it affected (0 for a statement that affects none).
 */
export async function executeSql(
  db: Db,
  sql: Prisma.Sql,
  options: { prepared?: boolean } = {},
): Promise<number> {
  const prepared = options.prepared ?? false;
  const target = pgOf(db);
  if (!target) return db.$executeRaw(tag(sql, prepared));
  return (await target.query(pgQuery(sql, prepared))).rowCount ?? 0;
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
