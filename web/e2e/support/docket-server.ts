/**
 * Starts the production build of Docket (`server/dist/server.js`, serving `web/dist`) the way
 * `pnpm start` does — embedded PostgreSQL, migrations, demo data — in a throwaway data folder on
 * a free port, for browser tests. Needs `pnpm build` first (the root `pnpm test` does it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface DocketServer {
  url: string;
  /** The data folder (embedded PostgreSQL under `postgres/`). */
  dataDir: string;
  /** Sends SIGTERM and waits (15 s at most); resolves with the exit code. Idempotent. */
  stop(): Promise<number | null>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export async function startDocketServer(): Promise<DocketServer> {
  const entry = path.join(repoRoot, 'server', 'dist', 'server.js');
  if (!existsSync(entry) || !existsSync(path.join(repoRoot, 'web', 'dist', 'index.html'))) {
    throw new Error('Build first: `pnpm build` (server/dist and web/dist are missing)');
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'docket-e2e-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_DEMO_DATA: 'true',
      SERVE_WEB: 'true',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`Docket exited early (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok && output.includes('Docket is running')) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Docket did not start within 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  let stopping: Promise<number | null> | undefined;
  return {
    url,
    dataDir,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null) {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
          if (child.exitCode === null) child.kill('SIGKILL');
        }
        return child.exitCode;
      })();
      return stopping;
    },
  };
}
