/**
 * db/timestamps.ts: the pool's `timestamptz` parser gives the Date `pg`'s own parser
 * (postgres-date) gives, for every text PostgreSQL writes — the fast path's form with 0 to 6
 * fraction digits over the years it takes, and the forms it leaves to postgres-date (another
 * offset, BC, infinity, years before 1000) — and the raw statements get it.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../src/generated/prisma/client.js';
import { selectRows } from '../src/db/select-rows.js';
import { parseTimestamptz } from '../src/db/timestamps.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

let db: TestDatabase;
const postgresDate = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (
  text: string,
) => Date;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 2 });
});

afterAll(async () => {
  await db?.drop();
});

/**
 * PostgreSQL's own text of the timestamps `ts` that `sql` selects, as a session in UTC writes them
 * (whatever the connection's time zone): the UTC wall time and `+00`.
 */
async function texts(sql: string): Promise<string[]> {
  const rows = await db.prisma.$queryRawUnsafe<{ text: string }[]>(
    `SELECT (ts AT TIME ZONE 'UTC')::text || '+00' AS text FROM (${sql}) s`,
  );
  return rows.map((row) => row.text);
}

describe('parseTimestamptz', () => {
  it('equals postgres-date on PostgreSQL’s UTC output, 0 to 6 fraction digits, years 1000–9999', async () => {
    const samples = await texts(`
      SELECT timestamptz '1000-01-01 00:00:00+00'
               + (random() * (interval '8999 years')) AS ts FROM generate_series(1, 2000)
      UNION ALL SELECT date_trunc('second', now()) + make_interval(secs => n / 1000000.0)
        FROM generate_series(0, 999999, 37037) n
      UNION ALL SELECT timestamptz '2026-12-06 10:11:12.000000+00' + make_interval(secs => f)
        FROM unnest(array[0.5, 0.56, 0.567, 0.5678, 0.56789, 0.567891]) f
      UNION ALL SELECT timestamptz '9999-12-31 23:59:59.999999+00'
      UNION ALL SELECT timestamptz '1000-01-01 00:00:00+00'`);
    const lengths = new Set(samples.map((text) => text.length));
    // Every form of the fast path occurs: no fraction (22) and 1 to 6 digits (24–29).
    for (const length of [22, 24, 25, 26, 27, 28, 29]) expect(lengths).toContain(length);
    for (const text of samples) {
      expect(parseTimestamptz(text).getTime(), text).toBe(postgresDate(text).getTime());
    }
  });

  it('leaves the other forms to postgres-date', async () => {
    const samples = [
      '2026-12-06 10:11:12.345+02',
      '2026-12-06 10:11:12+05:30',
      '2026-12-06 10:11:12.345-08',
      '0050-03-04 05:06:07+00',
      '0999-12-31 23:59:59.5+00',
      '2026-12-06 10:11:12+00 BC',
      '12026-12-06 10:11:12+00',
      'infinity',
      '-infinity',
    ];
    for (const text of samples) {
      // A Date, or for infinity what postgres-date gives (±Infinity).
      expect(parseTimestamptz(text), text).toEqual(postgresDate(text));
    }
  });

  it('is what the raw statements (selectRows) read timestamps with', async () => {
    const [row] = await selectRows<{ at: Date; other: Date }>(
      db.prisma,
      Prisma.sql`SELECT timestamptz '2026-12-06 10:11:12.345678+00' AS at,
                        timestamptz '0050-03-04 05:06:07+00' AS other`,
    );
    expect(row!.at).toBeInstanceOf(Date);
    expect(row!.at.toISOString()).toBe('2026-12-06T10:11:12.345Z');
    expect(row!.other.toISOString()).toBe(postgresDate('0050-03-04 05:06:07+00').toISOString());
  });
});
