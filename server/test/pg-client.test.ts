/**
 * The pool's client (src/db/pg-client.ts): pg's own, with its read timeout set up as each query
 * is made. Against the real test PostgreSQL, through a TCP relay (helpers/database-relay.ts) to
 * freeze it: answers and errors come back as pg gives them in both of pg's call styles, a query
 * that gets no answer fails with pg's "Query read timeout" after the timeout (one still waiting
 * its turn behind it too, and it is never sent), and the pool works again when the database does.
 * Queries made at once on one connection (Prisma's interpreter in a transaction) run one after
 * another in their order without pg's deprecated queue.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientWithReadTimeout, READ_TIMEOUT_MESSAGE } from '../src/db/pg-client.js';
import { isDatabaseUnavailable } from '../src/lib/database-unavailable.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { relayDatabase, type DatabaseRelay } from './helpers/database-relay.js';

const READ_TIMEOUT_MS = 600;

let database: TestDatabase;
let relay: DatabaseRelay;
let relayedUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const relayed = await relayDatabase(database.url);
  relay = relayed.relay;
  relayedUrl = relayed.url;
});

afterAll(async () => {
  await relay?.close();
  await database?.drop();
});

/** A client of the class under test, connected through the relay. */
async function connectedClient(): Promise<pg.Client> {
  const Client = clientWithReadTimeout(READ_TIMEOUT_MS);
  const client = new Client({ connectionString: relayedUrl });
  await client.connect();
  return client;
}

describe('clientWithReadTimeout', () => {
  it('answers as pg does, promise style and callback style, prepared or not', async () => {
    const client = await connectedClient();
    try {
      const sql = 'SELECT $1::int + 1 AS n, $2::text AS word';
      const promised = await client.query(sql, [41, 'docket']);
      expect(promised.rows).toEqual([{ n: 42, word: 'docket' }]);
      expect(promised.rowCount).toBe(1);
      const named = await client.query({ name: 'pg_client_test', text: sql, values: [1, 'a'] });
      expect(named.rows).toEqual([{ n: 2, word: 'a' }]);
      const asArrays = await client.query({ text: sql, values: [2, 'b'], rowMode: 'array' });
      expect(asArrays.rows).toEqual([[3, 'b']]);
      const called = await new Promise<pg.QueryResult>((resolve, reject) =>
        client.query(sql, [9, 'c'], (error, result) => (error ? reject(error) : resolve(result))),
      );
      expect(called.rows).toEqual([{ n: 10, word: 'c' }]);
      const noValues = await new Promise<pg.QueryResult>((resolve, reject) =>
        client.query('SELECT 7 AS n', (error, result) => (error ? reject(error) : resolve(result))),
      );
      expect(noValues.rows).toEqual([{ n: 7 }]);
    } finally {
      await client.end();
    }
  });

  it("fails with PostgreSQL's error, its SQLSTATE kept and its stack leading to the caller", async () => {
    const client = await connectedClient();
    try {
      const error = await client.query('SELEC 1').then(
        () => null,
        (e: unknown) => e as Error & { code?: string },
      );
      expect(error?.code).toBe('42601');
      expect(error?.stack).toContain('pg-client.test.ts');
      // The connection is still usable after a statement's error.
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });

  it('runs queries made at once one after another, in order, without pg’s deprecated queue', async () => {
    const client = await connectedClient();
    const pgQuery = pg.Client.prototype.query;
    // pg 8.19+ deprecates a query made while its own queue holds one (pg 9 throws): record the
    // length of that queue at each query the class under test hands to pg.
    const queuedAtCall: number[] = [];
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      queuedAtCall.push((this as unknown as { _queryQueue: unknown[] })._queryQueue.length);
      return (pgQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pgQuery;
    try {
      const made = Array.from({ length: 8 }, (_, i) =>
        client
          .query(
            i === 3 ? 'SELEC 1' : 'SELECT $1::int AS n, clock_timestamp() AS at',
            i === 3 ? [] : [i],
          )
          .then(
            (result) => result.rows[0] as { n: number; at: Date },
            (error: Error & { code?: string }) => error.code,
          ),
      );
      const results = await Promise.all(made);
      // Each answered, the failing one failing alone, the others in the order they were made.
      expect(results[3]).toBe('42601');
      const answered = results.filter((r): r is { n: number; at: Date } => typeof r === 'object');
      expect(answered.map((r) => r.n)).toEqual([0, 1, 2, 4, 5, 6, 7]);
      const times = answered.map((r) => r.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(queuedAtCall).toEqual(new Array(8).fill(0));
    } finally {
      pg.Client.prototype.query = pgQuery;
      await client.end();
    }
  });

  it('fails a query the frozen database does not answer, and one queued behind it, after the timeout', async () => {
    const client = await connectedClient();
    client.on('error', () => undefined);
    const startedAt = Date.now();
    relay.freeze();
    try {
      const first = client.query('SELECT 1').then(
        () => 'answered',
        (e: Error) => e,
      );
      const queued = client.query('SELECT 2').then(
        () => 'answered',
        (e: Error) => e,
      );
      const [firstResult, queuedResult] = await Promise.all([first, queued]);
      const elapsed = Date.now() - startedAt;
      for (const result of [firstResult, queuedResult]) {
        expect(result).toBeInstanceOf(Error);
        expect((result as Error).message).toBe(READ_TIMEOUT_MESSAGE);
        expect(isDatabaseUnavailable(result)).toBe(true);
      }
      expect(elapsed).toBeGreaterThanOrEqual(READ_TIMEOUT_MS - 5);
      expect(elapsed).toBeLessThan(READ_TIMEOUT_MS + 2_000);
      // pg sends the queued one only after the first is answered: it was taken off the queue.
      expect((client as unknown as { _queryQueue: unknown[] })._queryQueue).toHaveLength(0);
    } finally {
      relay.up();
      await client.end().catch(() => undefined);
    }
  });

  it('lets a pool of these clients work again once the database answers again', async () => {
    const pool = new pg.Pool({
      connectionString: relayedUrl,
      max: 2,
      Client: clientWithReadTimeout(READ_TIMEOUT_MS),
    });
    pool.on('error', () => undefined);
    try {
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      relay.freeze();
      const frozen = await pool.query('SELECT 2').then(
        () => null,
        (e: Error) => e,
      );
      expect(frozen?.message).toBe(READ_TIMEOUT_MESSAGE);
      relay.up();
      expect((await pool.query('SELECT 3 AS three')).rows).toEqual([{ three: 3 }]);
    } finally {
      relay.up();
      await pool.end();
    }
  });
});
