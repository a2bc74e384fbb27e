// The `pg` client of Docket's pool: pg's own, with the read timeout set up as each query is made.
import pg from 'pg';

/** The message of the error a timed-out query fails with: pg's own (lib/database-unavailable.ts). */
export const READ_TIMEOUT_MESSAGE = 'Query read timeout';

type Callback = (error: Error | null | undefined, result?: pg.QueryResult) => void;

/**
 * pg's own `Client.query`, which this module's client calls with the query it has made. Looked
 * up at each call, so that a test's spy on `pg.Client.prototype.query` sees every statement.
 */
const pgQuery = (client: pg.Client, ...args: unknown[]): unknown =>
  (pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown).apply(
    client,
    args,
  );

/** The parts of pg 8's Client (lib/client.js) its own `query_timeout` uses to drop a query. */
interface ClientQueue {
  _queryQueue: pg.Query[];
  _pulseQueryQueue(): void;
}

/**
 * A `pg.Client` class for `pg.Pool`'s `Client` option whose queries fail with
 * READ_TIMEOUT_MESSAGE when the database has not answered within `readTimeoutMs` (0: never), as
 * pg's `query_timeout` does, and whose promise-style queries resolve as pg's do.
 *
 * What it buys: with `query_timeout`, and in its promise API, pg sets each query's callback on
 * the query object after making it. Measured on V8 12 (Node 20), 1,500 sequential queries of 26
 * wide ticket rows: every young-generation collection then promoted 3.8–4.5 MB of those queries'
 * results, dead by then, to the old generation, and paused for 8–16 ms. With the callback given
 * when the query is made, as here, it promoted nothing and paused for 0.4–0.6 ms (bench/README.md
 * "Reads at the baseline's speed": garbage collection was 18 % of the server's time on a page).
 *
 * The timeout behaves as pg's: the caller's callback (or promise) fails at once, a query still
 * waiting its turn on the connection is taken off it, and the answer of one already sent is
 * ignored when it comes. Queries passed as objects with their own `submit` (a cursor, a stream)
 * are left to pg, untimed.
 *
 * Queries made while the connection is busy wait their turn here (ConnectionTurns), not in pg's
 * own queue, which pg 8.19 deprecated and pg 9 removes ("Calling client.query() when the client
 * is already executing a query"): Prisma's query interpreter loads the relations of one query at
 * once (prisma/orm#29407), which inside a transaction means on one connection. Same order, same
 * one-at-a-time as pg's queue.
 */
export function clientWithReadTimeout(readTimeoutMs: number): typeof pg.Client {
  class ReadTimeoutClient extends pg.Client {
    /** This connection's queries waiting their turn. */
    readonly turns = new ConnectionTurns();
  }
  ReadTimeoutClient.prototype.query = function query(
    this: ReadTimeoutClient,
    config: unknown,
    values?: unknown,
    callback?: unknown,
  ): unknown {
    if (config == null || typeof (config as pg.Submittable).submit === 'function') {
      return pgQuery(this, config, values, callback);
    }
    const done = (typeof values === 'function' ? values : callback) as Callback | undefined;
    const boundValues = typeof values === 'function' ? undefined : values;
    if (done) return void sendQuery(this, this.turns, readTimeoutMs, config, boundValues, done);
    return new Promise<pg.QueryResult>((resolve, reject) =>
      sendQuery(this, this.turns, readTimeoutMs, config, boundValues, (error, result) =>
        error ? reject(error) : resolve(result as pg.QueryResult),
      ),
    ).catch((error: Error) => {
      // As pg does: a stack that leads back to the caller, not to the socket's read.
      Error.captureStackTrace(error);
      throw error;
    });
  } as pg.Client['query'];
  return ReadTimeoutClient;
}

/**
 * Sends `config` (and `values`) on `client` as a pg Query made with its callback, when `turns`
 * (the client's) gives it the connection, and calls `done` once: with the answer, or with
 * READ_TIMEOUT_MESSAGE's error after `readTimeoutMs`.
 */
function sendQuery(
  client: pg.Client,
  turns: ConnectionTurns,
  readTimeoutMs: number,
  config: unknown,
  values: unknown,
  done: Callback,
): void {
  let timer: NodeJS.Timeout | undefined;
  let settled = false;
  const query = new pg.Query(
    config as pg.QueryConfig,
    values as unknown[] | undefined,
    (error: Error | undefined, result?: pg.QueryResult) => {
      // The connection is free for the next query, even when this one's caller gave up on it.
      turns.finished();
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done(error, result);
    },
  );
  const send = () => pgQuery(client, query);
  if (readTimeoutMs > 0) {
    timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      // Still waiting its turn (here, or in pg's queue behind a cursor): it never runs.
      if (!turns.withdraw(send)) {
        const queue = client as unknown as ClientQueue;
        const waiting = queue._queryQueue.indexOf(query);
        if (waiting > -1) {
          queue._queryQueue.splice(waiting, 1);
          queue._pulseQueryQueue();
          turns.finished();
        }
      }
      done(new Error(READ_TIMEOUT_MESSAGE));
    }, readTimeoutMs);
  }
  turns.take(send);
}

/**
 * One connection's queries made through this module, one at a time in the order they were made:
 * `take(send)` sends now when none is running, else when the ones before have `finished()`;
 * `withdraw(send)` takes back one still waiting (false when it was sent already).
 */
class ConnectionTurns {
  private running = false;
  private readonly waiting: (() => void)[] = [];

  take(send: () => void): void {
    if (this.running) {
      this.waiting.push(send);
      return;
    }
    this.running = true;
    send();
  }

  finished(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running = false;
  }

  withdraw(send: () => void): boolean {
    const index = this.waiting.indexOf(send);
    if (index === -1) return false;
    this.waiting.splice(index, 1);
    return true;
  }
}
