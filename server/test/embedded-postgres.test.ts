import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'docket-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL (pnpm start without DATABASE_URL)', () => {
  it('keeps its data across a stop and a restart in the same data folder', async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    await query(first.databaseUrl(), 'CREATE TABLE kept (note text)');
    await query(first.databaseUrl(), "INSERT INTO kept VALUES ('still here')");
    await first.stop();
    await first.stop(); // idempotent

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      const rows = await query<{ note: string }>(second.databaseUrl(), 'SELECT note FROM kept');
      expect(rows).toEqual([{ note: 'still here' }]);
      const [version] = await query<{ server_version_num: string }>(
        second.databaseUrl(),
        'SHOW server_version_num',
      );
      expect(Number(version!.server_version_num)).toBeGreaterThanOrEqual(180000);
    } finally {
      await second.stop();
    }
  });
});
