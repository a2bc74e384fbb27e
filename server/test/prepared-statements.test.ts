/**
 * db/prisma.ts: statements tagged PREPARED_STATEMENT get a stable name (prepared once per
 * connection, plan reused); all others stay unnamed (planned with their values on each call,
 * which full-text searches need). `poolOf` gives the pg pool under the app's client only.
 */
import { describe, expect, it } from 'vitest';
import {
  createPrismaClient,
  MAX_PREPARED_STATEMENTS,
  poolOf,
  PREPARED_STATEMENT,
  preparedStatementName,
} from '../src/db/prisma.js';

describe('preparedStatementName', () => {
  it('names tagged statements by their text, and only them', () => {
    const a = `${PREPARED_STATEMENT} SELECT 1 WHERE $1::int = 1`;
    const b = `${PREPARED_STATEMENT} SELECT 2 WHERE $1::int = 1`;
    expect(preparedStatementName({ sql: a })).toMatch(/^docket_[\w-]{24}$/);
    expect(preparedStatementName({ sql: a })).toBe(preparedStatementName({ sql: a }));
    expect(preparedStatementName({ sql: b })).not.toBe(preparedStatementName({ sql: a }));
    expect(preparedStatementName({ sql: 'SELECT 1' })).toBeUndefined();
    expect(preparedStatementName({ sql: `SELECT 1 ${PREPARED_STATEMENT}` })).toBeUndefined();
  });

  it('names at most MAX_PREPARED_STATEMENTS texts; later new ones run unnamed, named ones stay', () => {
    const text = (i: number) => `${PREPARED_STATEMENT} SELECT ${i} AS cap_test`;
    const first = preparedStatementName({ sql: text(0) });
    expect(first).toMatch(/^docket_/);
    // This file's process has named two texts above; fill the rest of the bound.
    for (let i = 1; preparedStatementName({ sql: text(i) }) !== undefined; i++) {
      expect(i).toBeLessThan(MAX_PREPARED_STATEMENTS);
    }
    expect(preparedStatementName({ sql: text(MAX_PREPARED_STATEMENTS + 1) })).toBeUndefined();
    expect(preparedStatementName({ sql: text(0) })).toBe(first);
  });
});

describe('poolOf', () => {
  it('gives the pool under a client made by createPrismaClient, not under a transaction', async () => {
    const prisma = createPrismaClient('postgresql://nobody@127.0.0.1:1/none');
    expect(poolOf(prisma)).not.toBeNull();
    expect(poolOf({})).toBeNull();
    await prisma.$disconnect();
  });
});
