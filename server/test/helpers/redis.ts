/**
 * A real Redis for tests: a private `redis-server` on a free 127.0.0.1 port, in the foreground,
 * with no persistence (`--save '' --appendonly no`) and its working directory in a temporary
 * folder. The Debian package `redis-server` provides the binary (installed by `.ci/run`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers, freePort } from './net.js';

export interface TestRedis {
  port: number;
  /** `redis://127.0.0.1:<port>` */
  url: string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its folder; idempotent. */
  stop(): Promise<void>;
}

function redisBinary(): string {
  return existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : 'redis-server';
}

/** Whether the server answers PING with PONG (RESP, inline command). */
function pong(port: number): Promise<boolean> {
  return answers(port, {
    send: 'PING\r\n',
    timeoutMs: 1_000,
    judge: (text) => (text.includes('\r\n') ? text.startsWith('+PONG') : undefined),
  });
}

/**
 * Starts a private Redis and resolves once it answers PING (10 s at most; rejects with its
 * output otherwise, or when the binary is missing). The caller must `stop()` it (in `afterAll`).
 */
export async function startRedis(): Promise<TestRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'docket-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    redisBinary(),
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--daemonize',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.on('error', (error) => {
      output += String(error);
      exited = true;
      resolve();
    });
    child.on('exit', () => {
      exited = true;
      resolve();
    });
  });

  // Redis outlives a test process that exits without stop(); end it with the process.
  const killOnExit = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.removeListener('exit', killOnExit);
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exit;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    })();
    return stopping;
  };

  const deadline = Date.now() + 10_000;
  while (!(await pong(port))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server did not start on port ${port}: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { port, url: `redis://127.0.0.1:${port}`, stop };
}
