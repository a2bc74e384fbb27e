/**
 * db/prisma.ts `connectionOf` and db/select-rows.ts: a raw statement given a transaction client
 * runs on that transaction's own `pg` connection — inside the transaction (rolled back with it,
 * seeing its uncommitted writes), each concurrent transaction on its own connection — and
 * returns what Prisma's `$queryRaw` would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../src/generated/prisma/client.js';
import { connectionOf, createPrismaClient } from '../src/db/prisma.js';
import { executeSql, selectRows } from '../src/db/select-rows.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 3 });
  await db.prisma.$executeRawUnsafe('CREATE TABLE probe (id int PRIMARY KEY, note text)');
});

afterAll(async () => {
  await db?.drop();
});

const backendOf = async (tx: Prisma.TransactionClient) => {
  const [viaPrisma] = await tx.$queryRaw<{ pid: number; xid: string }[]>`
    SELECT pg_backend_pid() AS pid, pg_current_xact_id()::text AS xid`;
  const [direct] = await selectRows<{ pid: number; xid: string }>(
    tx,
    Prisma.sql`SELECT pg_backend_pid() AS pid, pg_current_xact_id()::text AS xid`,
  );
  return { viaPrisma, direct };
};

describe('a transaction client’s raw statements', () => {
  it('run on the transaction’s own connection, inside it', async () => {
    const seen = await Promise.all(
      [1, 2, 3].map((n) =>
        db.prisma.$transaction(async (tx) => {
          expect(connectionOf(tx)).not.toBeNull();
          const { viaPrisma, direct } = await backendOf(tx);
          expect(direct).toEqual(viaPrisma);
          await executeSql(tx, Prisma.sql`INSERT INTO probe VALUES (${n}, 'written')`);
          // Prisma's pipeline sees the direct write: one transaction.
          const [row] = await tx.$queryRaw<
            { note: string }[]
          >`SELECT note FROM probe WHERE id = ${n}`;
          expect(row?.note).toBe('written');
          return direct!.xid;
        }),
      ),
    );
    expect(new Set(seen).size).toBe(3);
    expect(connectionOf(db.prisma)).toBeNull();
  });

  it('know the connection when a new client’s first call is a transaction', async () => {
    // The adapter connects lazily: nothing else may take a connection while the transaction starts.
    const fresh = createPrismaClient(db.url, { poolSize: 2 });
    try {
      await fresh.$transaction(async (tx) => {
        expect(connectionOf(tx)).not.toBeNull();
        const { viaPrisma, direct } = await backendOf(tx);
        expect(direct).toEqual(viaPrisma);
      });
    } finally {
      await fresh.$disconnect();
    }
  });

  it('are rolled back with the transaction', async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        const count = await executeSql(tx, Prisma.sql`INSERT INTO probe VALUES (10, 'undone')`);
        expect(count).toBe(1);
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    const rows = await selectRows(db.prisma, Prisma.sql`SELECT id FROM probe WHERE id = 10`);
    expect(rows).toEqual([]);
  });

  it('give the values Prisma gives for the types the repositories read', async () => {
    const sql = Prisma.sql`SELECT ${'6c0b4d5e-2f0a-4a8e-9d55-1f1d2c3b4a59'}::uuid AS id,
      'x'::text AS text, 3::int AS n, true AS flag, '{"a":[1]}'::jsonb AS doc,
      ${new Date('2026-12-05T10:00:00.123Z')}::timestamptz AS at, ARRAY['a','b']::text[] AS tags,
      NULL::timestamptz AS never`;
    await db.prisma.$transaction(async (tx) => {
      expect(await selectRows(tx, sql)).toEqual(await tx.$queryRaw(sql));
    });
  });

  it('are refused once the transaction has ended, never sent on a connection given back', async () => {
    let late: Promise<unknown> | undefined;
    await expect(
      db.prisma.$transaction(
        async (tx) => {
          await new Promise((resolve) => setTimeout(resolve, 400));
          // Prisma rolled the transaction back at its timeout and gave the connection back.
          expect(connectionOf(tx)).toBeNull();
          late = executeSql(tx, Prisma.sql`INSERT INTO probe VALUES (20, 'too late')`);
          await late;
        },
        { timeout: 150 },
      ),
    ).rejects.toThrow();
    await expect(late).rejects.toThrow();
    const rows = await selectRows(db.prisma, Prisma.sql`SELECT id FROM probe WHERE id = 20`);
    expect(rows).toEqual([]);
  });

  it('report a unique violation as one (lib/db-errors.ts)', async () => {
    const { isUniqueViolation } = await import('../src/lib/db-errors.js');
    const error = await db.prisma
      .$transaction((tx) => executeSql(tx, Prisma.sql`INSERT INTO probe VALUES (1, 'again')`))
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });
});
