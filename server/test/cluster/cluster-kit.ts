/**
 * The pieces of the cluster test (cluster.test.ts): Docket instances as child processes of the
 * BUILT server (`server/dist/server.js`, as `pnpm start` runs it), and a real load balancer in
 * front of them: Debian's nginx (installed by `.ci/run`), in the foreground, with a generated
 * configuration, its pid file, log and temporary folders in a throwaway folder, on a free
 * loopback port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoRoot } from '../../src/config.js';
import { freePort } from '../helpers/net.js';

const repoRoot = findRepoRoot();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One `node server/dist/server.js` process on a fixed port. */
export interface DocketInstance {
  name: string;
  port: number;
  url: string;
  /** Everything it printed (JSON log lines and the start banner). */
  output(): string;
  /** Spawns the process; `ready()` waits for it. */
  start(): void;
  /** Resolves once GET /api/health/ready answers 200 (rejects after `timeoutMs` or on exit). */
  ready(timeoutMs?: number): Promise<void>;
  /** Sends `signal`; resolves with the exit code once it exited (SIGKILL after `timeoutMs`). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

/** The built server's entry; throws when it is missing (`pnpm build` first). */
function serverEntry(): string {
  const entry = path.join(repoRoot, 'server', 'dist', 'server.js');
  if (!existsSync(entry)) throw new Error('Build first: `pnpm build` (server/dist is missing)');
  return entry;
}

/**
 * An instance of the built server on `port` with `env` on top of this process's environment
 * (not started: call `start()`). Its output is kept for the assertions and for failures.
 */
export function docketInstance(
  name: string,
  port: number,
  env: Record<string, string>,
): DocketInstance {
  const entry = serverEntry();
  let child: ChildProcess | undefined;
  let output = '';
  let exited: Promise<number | null> = Promise.resolve(null);
  const instance: DocketInstance = {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    start() {
      output = '';
      const started = spawn(process.execPath, [entry], {
        cwd: repoRoot,
        env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      started.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      started.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      exited = new Promise((resolve) => started.once('exit', (code) => resolve(code)));
      process.once('exit', () => started.kill('SIGKILL'));
    },
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (!child || child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`${name} exited before it was ready:\n${output.slice(-4000)}`);
        }
        try {
          const res = await fetch(`${instance.url}/api/health/ready`);
          if (res.status === 200) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) {
          throw new Error(`${name} not ready within ${timeoutMs} ms:\n${output.slice(-4000)}`);
        }
        await sleep(100);
      }
    },
    async stop(signal = 'SIGTERM', timeoutMs = 20_000) {
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return exited;
      current.kill(signal);
      const timer = setTimeout(() => current.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  return instance;
}

/** The load balancer: a private nginx in the foreground. */
export interface Balancer {
  port: number;
  url: string;
  /** Its error log (warnings and upstream failures it retried). */
  errorLog(): string;
  stop(): Promise<void>;
}

/** Debian's nginx binary. */
function nginxBinary(): string {
  return existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
}

/** The nginx configuration of the scaled Compose deployment, which the balancer runs. */
const DEPLOY_NGINX_CONF = fileURLToPath(new URL('../../../deploy/nginx.conf', import.meta.url));

/**
 * `deploy/nginx.conf` (docker-compose.scaled.yml's) made to run here: its `server app…:3000`
 * upstream lines replaced by `upstreamPorts` on 127.0.0.1 (same parameters), `listen 80` by
 * 127.0.0.1:`port`, and pid, error log and temporary folders put in `dir`. Everything else (the
 * retries, timeouts, headers) is the deployment's. @throws Error when a line it replaces is gone.
 */
function balancerConfig(upstreamPorts: number[], port: number, dir: string): string {
  let conf = readFileSync(DEPLOY_NGINX_CONF, 'utf8');
  const replace = (pattern: RegExp, by: (match: string, ...groups: string[]) => string) => {
    if (!pattern.test(conf)) throw new Error(`deploy/nginx.conf has no line matching ${pattern}`);
    conf = conf.replace(pattern, by);
  };
  // The upstream's server lines: the first becomes ours, the others go.
  const upstream = /^( *)server app\w*:3000 ([^;\n]*);\n((?: *server app\w*:3000 [^;\n]*;\n)*)/m;
  replace(upstream, (_match, indent, params) =>
    upstreamPorts.map((p) => `${indent}server 127.0.0.1:${p} ${params};\n`).join(''),
  );
  replace(/^( *)listen 80;$/m, (_match, indent) => `${indent}listen 127.0.0.1:${port};`);
  replace(
    /^worker_processes (.*);$/m,
    (line) => `${line}\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;`,
  );
  replace(/^( *)access_log off;$/m, (line, indent) =>
    [
      line,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (kind) => `${indent}${kind}_temp_path ${dir}/${kind === 'client_body' ? 'body' : kind};`,
      ),
    ].join('\n'),
  );
  return conf;
}

/**
 * Starts nginx on a free 127.0.0.1 port in front of `upstreamPorts` (round robin, no sticky
 * sessions, no keep-alive to the instances; `X-Upstream` names the instance that answered). A request an instance refused to connect, reset, or
 * answered 502/503 (`shutting_down` while it drains) is passed to the next instance, POSTs
 * included (`non_idempotent`: Docket's 503 while draining is answered before any work, and the
 * clients send `Idempotency-Key`); an instance that failed is left out for 1 s. The client's
 * address is sent in X-Forwarded-For (replacing whatever the client sent), streams are not
 * buffered (SSE): the configuration is deploy/nginx.conf, made local by balancerConfig. Resolves
 * once it answers; rejects with its error log otherwise (10 s).
 */
export async function startBalancer(upstreamPorts: number[]): Promise<Balancer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'docket-nginx-'));
  // nginx started as root runs its worker as `nobody`: the temporary folders must be writable.
  chmodSync(dir, 0o755);
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(path.join(dir, sub));
    chmodSync(path.join(dir, sub), 0o777);
  }
  const port = await freePort();
  const conf = balancerConfig(upstreamPorts, port, dir);
  writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const child = spawn(
    nginxBinary(),
    [
      '-p',
      dir,
      '-c',
      path.join(dir, 'nginx.conf'),
      '-e',
      path.join(dir, 'error.log'),
      '-g',
      'daemon off;',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => {
    child.once('error', (error) => {
      output += String(error);
      resolve();
    });
    child.once('exit', () => resolve());
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const logFile = path.join(dir, 'error.log');
  const errorLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.removeListener('exit', kill);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGQUIT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      const log = errorLog();
      await stop();
      throw new Error(`nginx did not start: ${output}\n${log}`);
    }
    const listening = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/api/health/live' }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
    });
    if (listening) break;
    await sleep(50);
  }
  return { port, url: `http://127.0.0.1:${port}`, errorLog, stop };
}

/** A JSON answer of a request sent from a chosen local address (the client's IP as nginx sees it). */
export async function requestFrom(
  localAddress: string,
  url: string,
  options: { method: string; body?: unknown; headers?: Record<string, string> },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: unknown }> {
  const target = new URL(url);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: options.method,
        localAddress,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
