/**
 * A real IMAP server for tests: a private Dovecot 2.3 (`dovecot -F -c <config>`) on a free
 * 127.0.0.1 port, with its own config, run and state directories, log file and Maildirs in a
 * temporary directory, no TLS, plain passwords from a passwd-file. The Debian package
 * `dovecot-imapd` provides the binary (installed by `.ci/run`).
 *
 * Users: as a normal user every Dovecot process runs as that user. As root, Dovecot refuses to
 * run the login processes as root (`default_login_user` is `dovenull`, or `nobody` without the
 * package's users) and refuses mail access for UID 0, so the Maildirs belong to `nobody`; the
 * internal processes (auth) run as `dovecot` (or `nobody`), not root, so that the mode-0 socket
 * that switches off the authentication penalty really is out of their reach.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import {
  appendFile,
  chmod,
  chown,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { answers, freePort } from './net.js';

/** The fixed test users and their passwords. */
export const DOVECOT_USERS: Readonly<Record<string, string>> = {
  alice: 'alice-secret',
  bob: 'bob-secret',
  carol: 'carol-secret',
  dave: 'dave-secret',
  erin: 'erin-secret',
  frank: 'frank-secret',
  grace: 'grace-secret',
  heidi: 'heidi-secret',
};

export interface TestDovecot {
  host: '127.0.0.1';
  port: number;
  /** User name → password; `addUser` adds to it. */
  users: Record<string, string>;
  /** The temporary directory (config, `dovecot.log`, `mail/<user>` Maildirs). */
  dir: string;
  /** Adds a user (Dovecot rereads the passwd-file when it changes). */
  addUser(user: string, password: string): Promise<void>;
  /** IMAP APPEND of `raw` to `folder` (created when missing) as `user`; resolves to the UID. */
  append(user: string, folder: string, raw: string | Buffer, flags?: string[]): Promise<number>;
  /** UID → flags (without the session's \Recent) of every message in `folder`, read as `user`. */
  flags(user: string, folder: string): Promise<Map<number, string[]>>;
  /** The log file's contents (for assertion messages). */
  log(): Promise<string>;
  /** Stops Dovecot (SIGTERM, then SIGKILL after 5 s) and removes the temporary directory. */
  stop(): Promise<void>;
}

function dovecotBinary(): string {
  return existsSync('/usr/sbin/dovecot') ? '/usr/sbin/dovecot' : 'dovecot';
}

/** Name and ids of `name` in /etc/passwd, or undefined. */
function passwdEntry(name: string): { name: string; uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { name, uid: Number(uid), gid: Number(gid) };
}

function groupName(gid: number): string {
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[2] === String(gid));
  return line ? line.split(':')[0]! : String(gid);
}

/** Resolves once a connection gets Dovecot's "ready." greeting (auth process up). */
function greeting(port: number): Promise<boolean> {
  return answers(port, {
    timeoutMs: 2_000,
    judge: (text) => (/ready\.\r\n/.test(text) ? true : undefined),
  });
}

function config(dir: string, port: number, ids: ProcessIds): string {
  return `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = ${ids.internalUser}
default_internal_group = ${ids.internalGroup}
default_login_user = ${ids.loginUser}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${ids.mailUid} gid=${ids.mailGid} home=${dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service auth-worker {
  user = $default_internal_user
}
service anvil {
  chroot =
  # No authentication penalty (2 to 15 s delays for an IP after a failed login): the auth
  # process, which does not run as root, cannot connect to a socket with mode 0.
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`;
}

interface ProcessIds {
  internalUser: string;
  internalGroup: string;
  loginUser: string;
  mailUid: number;
  mailGid: number;
}

function processIds(): ProcessIds {
  const me = userInfo();
  if (me.uid !== 0) {
    const group = groupName(me.gid);
    return {
      internalUser: me.username,
      internalGroup: group,
      loginUser: me.username,
      mailUid: me.uid,
      mailGid: me.gid,
    };
  }
  const nobody = passwdEntry('nobody') ?? { name: 'nobody', uid: 65534, gid: 65534 };
  const internal = passwdEntry('dovecot') ?? nobody;
  return {
    internalUser: internal.name,
    internalGroup: groupName(internal.gid),
    loginUser: passwdEntry('dovenull') ? 'dovenull' : nobody.name,
    mailUid: nobody.uid,
    mailGid: nobody.gid,
  };
}

async function imapAs<T>(
  port: number,
  user: string,
  password: string,
  work: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    auth: { user, pass: password },
    logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/**
 * Starts a private Dovecot (see the file comment) and resolves once it greets with "ready." on
 * its port (15 s at most; rejects with the log's contents otherwise, or when the binary is
 * missing). The caller must `stop()` it (in `afterAll`).
 */
export async function startDovecot(): Promise<TestDovecot> {
  const dir = await mkdtemp(join(tmpdir(), 'docket-dovecot-'));
  const ids = processIds();
  const port = await freePort();
  const users: Record<string, string> = { ...DOVECOT_USERS };
  const passwdLine = (user: string, password: string) => `${user}:{PLAIN}${password}::::::\n`;
  await chmod(dir, 0o755);
  await mkdir(join(dir, 'mail'));
  if (ids.mailUid !== userInfo().uid) await chown(join(dir, 'mail'), ids.mailUid, ids.mailGid);
  await writeFile(
    join(dir, 'users'),
    Object.entries(users).map(([u, p]) => passwdLine(u, p)),
  );
  await writeFile(join(dir, 'dovecot.conf'), config(dir, port, ids));

  const child: ChildProcess = spawn(dovecotBinary(), ['-F', '-c', join(dir, 'dovecot.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.on('error', (error) => {
      stderr += String(error);
      exited = true;
      resolve();
    });
    child.on('exit', () => {
      exited = true;
      resolve();
    });
  });
  const log = () => readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');

  // Dovecot outlives a test process that exits without stop(); end it with the process.
  const killOnExit = () => {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exit;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15_000;
  while (!(await greeting(port))) {
    if (exited || Date.now() > deadline) {
      const message = `Dovecot did not start on port ${port}: ${stderr}\n${await log()}`;
      await stop();
      throw new Error(message);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    host: '127.0.0.1',
    port,
    users,
    dir,
    log,
    stop,
    async addUser(user, password) {
      users[user] = password;
      await appendFile(join(dir, 'users'), passwdLine(user, password));
    },
    append: (user, folder, raw, flags = []) =>
      imapAs(port, user, users[user] ?? '', async (client) => {
        if (folder !== 'INBOX') {
          const existing = await client.list();
          if (!existing.some((box) => box.path === folder)) await client.mailboxCreate(folder);
        }
        const result = await client.append(folder, raw, flags);
        if (!result || result.uid === undefined) throw new Error(`APPEND to ${folder} gave no UID`);
        return result.uid;
      }),
    flags: (user, folder) =>
      imapAs(port, user, users[user] ?? '', async (client) => {
        const lock = await client.getMailboxLock(folder, { readOnly: true });
        try {
          const result = new Map<number, string[]>();
          if (client.mailbox && client.mailbox.exists === 0) return result;
          for (const message of await client.fetchAll('1:*', { uid: true, flags: true })) {
            const flags = [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent');
            result.set(message.uid, flags.sort());
          }
          return result;
        } finally {
          lock.release();
        }
      }),
  };
}
