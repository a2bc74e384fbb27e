// The application's PrismaClient: Prisma 7's Rust-free client over `pg` (@prisma/adapter-pg).
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from '../generated/prisma/client.js';
import { clientWithReadTimeout } from './pg-client.js';
import { POOL_TYPES } from './timestamps.js';

/**
 * Put first in a raw SQL statement (`Prisma.sql\`${PREPARED_STATEMENT} SELECT …\``) to have it
 * prepared once per connection and its plan reused, instead of parsed and planned on every call.
 * Measured at a million tickets (bench/): planning was three quarters of PostgreSQL's work for a
 * ticket lookup. Only for statements whose best plan does not depend on the values bound, such
 * as lookups by key: PostgreSQL may settle on one generic plan after five executions, which would
 * be wrong for, e.g., a full-text search whose selectivity varies with the words.
 * (Behind PgBouncer in transaction mode, this needs its `max_prepared_statements`.)
 */
export const PREPARED_STATEMENT = '/* docket:prepared */';

const statementNames = new Map<string, string>();

/**
 * Most distinct statement texts named (prepared) per process. A fused write's text varies with
 * what it changes (a PATCH's SET list, a reply's reopening), so the texts are finitely many, but
 * past this bound further texts run unnamed rather than fill this map and every connection's
 * prepared statements.
 */
export const MAX_PREPARED_STATEMENTS = 500;

/**
 * The adapter's `statementNameGenerator`: a stable name (a hash of the text) for statements that
 * start with PREPARED_STATEMENT; none for the others, which stay unnamed (planned on each call),
 * nor for a new text once MAX_PREPARED_STATEMENTS are named.
 */
export function preparedStatementName(query: { sql: string }): string {
  if (!query.sql.startsWith(PREPARED_STATEMENT)) return undefined as unknown as string;
  let name = statementNames.get(query.sql);
  if (name === undefined) {
    if (statementNames.size >= MAX_PREPARED_STATEMENTS) return undefined as unknown as string;
    name = `docket_${createHash('sha256').update(query.sql).digest('base64url').slice(0, 24)}`;
    statementNames.set(query.sql, name);
  }
  return name;
}

export interface CreatePrismaClientOptions {
  /** Most connections the pool opens (pg `max`). Default 10; keep small in tests (each file has its own). */
  poolSize?: number;
  /**
   * How long to wait for a free connection, or for a new one to be opened, before failing, in ms
   * (pg `connectionTimeoutMillis`). Default 5 000: a request then fails fast with a 503 when the
   * database is down or frozen, instead of hanging.
   */
  connectionTimeoutMs?: number;
  /**
   * How long a query may wait for the database's answer before failing with pg's "Query read
   * timeout", in ms (pg-client.ts: pg's `query_timeout`, a client-side timer, so it also ends a
   * wait on a database that stopped answering). Default 30 000; 0 disables it.
   */
  queryTimeoutMs?: number;
  /** How long an idle connection is kept, in ms (pg `idleTimeoutMillis`). Default 10 000. */
  idleTimeoutMs?: number;
  /** Prisma log levels printed to stdout, e.g. `['warn', 'error']`. Default: none. */
  log?: Prisma.LogLevel[];
  /** Called with errors of idle pooled connections (e.g. the server restarted); they are otherwise only dropped. */
  onPoolError?: (error: Error) => void;
}

/** The pg pool under each client made by createPrismaClient (see `poolOf`). */
const pools = new WeakMap<object, pg.Pool>();

/**
 * A PrismaClient for `databaseUrl` (`postgresql://user:password@host:port/database`) through the
 * `@prisma/adapter-pg` driver adapter, over a `pg` pool of at most `poolSize` connections that
 * `poolOf(client)` also gives to the raw statements sent straight through `pg`, and whose
 * interactive transactions' connections `connectionOf(tx)` gives (db/select-rows.ts).
 *
 * Connects lazily (the first query opens a connection; `$connect()` forces it). The caller owns
 * it: `await prisma.$disconnect()` closes the pool, at shutdown or at the end of a test file.
 * Query errors surface as Prisma's usual errors (`Prisma.PrismaClientKnownRequestError`, code P2002
 * for unique violations, etc.) from its calls, as `pg`'s (SQLSTATE in `code`) from statements sent
 * straight through `pg`; lib/db-errors.ts and lib/database-unavailable.ts know both.
 */
export function createPrismaClient(
  databaseUrl: string,
  options: CreatePrismaClientOptions = {},
): PrismaClient {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    // pg's `query_timeout`, set up so that dead results are not kept alive (pg-client.ts).
    Client: clientWithReadTimeout(options.queryTimeoutMs ?? 30_000),
    idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
    // The raw statements' timestamps (Prisma's queries bring parsers of their own): timestamps.ts.
    types: POOL_TYPES,
  });
  const adapter = new PrismaPg(pool, {
    statementNameGenerator: preparedStatementName,
    disposeExternalPool: true,
    ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}),
  });
  const prisma = new PrismaClient({ adapter, log: options.log ?? [] });
  pools.set(prisma, pool);
  trackTransactionConnections(prisma, pool);
  return prisma;
}

/** A starting or open interactive transaction's connection, while the adapter holds it. */
interface TransactionConnection {
  connection?: pg.PoolClient;
  /** Set when the adapter hands the connection back (commit, rollback, a timeout's rollback). */
  released?: boolean;
}

/** The connection of each interactive transaction, its transaction client as key. */
const transactionConnections = new WeakMap<object, TransactionConnection>();

/** Where a starting interactive transaction leaves the connection the adapter took for it. */
const startingTransaction = new AsyncLocalStorage<TransactionConnection>();

/**
 * Makes `prisma`'s interactive transactions (`$transaction(async (tx) => …)`) known to
 * `connectionOf(tx)`. The adapter opens such a transaction by taking a connection from `pool`
 * with a promise-style `pool.connect()` (`pool.query`, its other caller, passes a callback) and
 * sending BEGIN on it: while a transaction starts, that connection is noted in an async-local
 * slot, then keyed by the transaction client handed to the callback, until the adapter releases
 * it — so that a statement sent after the transaction ended (a callback still running after its
 * transaction timed out) never lands on a connection the pool has given to someone else. Batch
 * transactions (an array of queries) are left as they are.
 */
function trackTransactionConnections(prisma: PrismaClient, pool: pg.Pool): void {
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  (pool as { connect: unknown }).connect = (...args: unknown[]) => {
    const slot = startingTransaction.getStore();
    if (args.length > 0 || !slot || slot.connection) return connect(...args);
    return (connect() as Promise<pg.PoolClient>).then((connection) => {
      // The pool gives each checkout its own `release`: wrap this one.
      const release = connection.release;
      connection.release = (error?: Error | boolean) => {
        slot.released = true;
        release(error);
      };
      slot.connection = connection;
      return connection;
    });
  };
  const transaction = prisma.$transaction.bind(prisma) as (...args: unknown[]) => Promise<unknown>;
  (prisma as { $transaction: unknown }).$transaction = (body: unknown, ...rest: unknown[]) => {
    if (typeof body !== 'function') return transaction(body, ...rest);
    const slot: TransactionConnection = {};
    return startingTransaction.run(slot, () =>
      transaction(
        (tx: object) => {
          transactionConnections.set(tx, slot);
          return (body as (tx: object) => unknown)(tx);
        },
        ...rest,
      ),
    );
  };
}

/**
 * The `pg` pool under a client made by createPrismaClient, or null for anything else (a
 * transaction client, a client made elsewhere). For read paths measured to need it (bench/: at a
 * million tickets, Prisma's raw-query pipeline cost twice the CPU of `pg` for a ticket page): the
 * same connections, without the ORM's per-query work. Values come back as `pg` parses them, which
 * for the types Docket uses (uuid, text, enums as text, int, boolean, jsonb, timestamptz, arrays)
 * is what Prisma gives; test/ticket-rows.test.ts holds the ticket loaders to it.
 */
export function poolOf(db: object): pg.Pool | null {
  return pools.get(db) ?? null;
}

/**
 * The `pg` connection an interactive transaction of a client made by createPrismaClient runs on,
 * for its transaction client `tx`; null for anything else. A raw statement sent on it is part of
 * the transaction (committed or rolled back with it) without Prisma's query pipeline: measured on
 * the 1,000,000-ticket cluster (bench/README.md "Writes off Prisma's pipeline"), a statement in
 * a transaction cost the server 246–279 µs of CPU through `tx.$queryRaw` and 94–103 µs on the
 * connection. Send one statement at a time, as Prisma does (`await` each before the next). Null
 * again once the transaction has ended: then `tx`'s own calls fail as Prisma's do ("Transaction
 * already closed").
 */
export function connectionOf(tx: object): pg.PoolClient | null {
  const slot = transactionConnections.get(tx);
  return slot?.connection && !slot.released ? slot.connection : null;
}
