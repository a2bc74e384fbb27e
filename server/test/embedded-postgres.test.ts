import { chmodSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  isReachableBy,
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../src/db/embedded-postgres.js';

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

/** The installed `@embedded-postgres/<platform>-<arch>` package folder (holding `native/`). */
function installedBinariesPackage(): string {
  const fromServer = createRequire(import.meta.url);
  const fromEmbedded = createRequire(fromServer.resolve('embedded-postgres'));
  const entry = fromEmbedded.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  return path.resolve(path.dirname(entry), '..');
}

describe('embedded PostgreSQL started from a private (0700) folder', () => {
  it('runs with its binaries and its data folder inside a folder only its owner may enter', async () => {
    // What a checkout in root's home or a `mktemp -d` folder looks like: PostgreSQL (run as the
    // system user "postgres" when the tests run as root) may not enter this folder.
    const privateDir = mkdtempSync(path.join(tmpdir(), 'docket-private-'));
    expect(statSync(privateDir).mode & 0o777).toBe(0o700);
    const binaries = path.join(privateDir, 'embedded-postgres-binaries');
    symlinkSync(installedBinariesPackage(), binaries);
    const dataDir = path.join(privateDir, 'data');
    const start = () => startEmbeddedPostgres({ dataDir, binariesPackageDir: binaries });

    let server: EmbeddedPostgresHandle | undefined;
    try {
      server = await start();
      await query(server.databaseUrl(), 'CREATE TABLE kept (note text)');
      await query(server.databaseUrl(), "INSERT INTO kept VALUES ('private folder')");
      await server.stop();

      server = await start();
      const rows = await query<{ note: string }>(server.databaseUrl(), 'SELECT note FROM kept');
      expect(rows).toEqual([{ note: 'private folder' }]);
      // The data is found from DATA_DIR: in <dataDir>/postgres, or through that link.
      expect(realpathSync(path.join(dataDir, 'postgres'))).toBe(server.clusterDir);
    } finally {
      await server?.stop();
      const clusterDir = server?.clusterDir;
      rmSync(privateDir, { recursive: true, force: true });
      if (clusterDir !== undefined) rmSync(clusterDir, { recursive: true, force: true });
    }
  });

  it('tells a folder that other users may not search from one they may', async () => {
    const privateDir = mkdtempSync(path.join(tmpdir(), 'docket-private-'));
    try {
      const inside = path.join(privateDir, 'inside');
      symlinkSync('/', inside);
      const nobody = { uid: 65534, gid: 65534 };
      expect(await isReachableBy(privateDir, nobody)).toBe(false);
      expect(await isReachableBy(inside, nobody)).toBe(false); // the link lies in the private folder
      expect(await isReachableBy('/', nobody)).toBe(true);
      chmodSync(privateDir, 0o711); // search without listing is enough
      expect(await isReachableBy(inside, nobody)).toBe(true);
      expect(await isReachableBy(path.join(privateDir, 'missing'), nobody)).toBe(false);
    } finally {
      rmSync(privateDir, { recursive: true, force: true });
    }
  });
});
