/**
 * Fetching inbound mail from an IMAP mailbox with `imapflow`.
 *
 * Progress is a cursor of (UIDVALIDITY, last processed UID), RFC 3501 §2.3.1.1: UIDs grow
 * strictly within one UIDVALIDITY, so "UID > lastUid" selects exactly the unprocessed mail,
 * whatever other clients did to the \Seen flag. A different UIDVALIDITY means the old UIDs mean
 * nothing any more, and the mailbox is read again from its first message (the inbound pipeline
 * deduplicates by Message-ID). \Seen is added only after a message was handled.
 */
import type { ImapFlow, ImapFlowOptions } from 'imapflow';

/** An IMAP mailbox to read; `tls` is implicit TLS (port 993), otherwise STARTTLS when offered. */
export interface ImapAccount {
  host: string;
  port: number;
  tls: boolean;
  user: string;
  password: string;
  /** Mailbox name, e.g. `INBOX`. */
  folder: string;
}

/** What was processed before; both null for a mailbox never read. */
export interface ImapCursor {
  uidValidity: bigint | null;
  lastUid: bigint | null;
}

/** The cursor after a run (`lastUid` null while nothing was processed under this UIDVALIDITY). */
export interface ImapSavedCursor {
  uidValidity: bigint;
  lastUid: bigint | null;
}

export interface FetchNewMailResult extends ImapSavedCursor {
  /** Messages given to `handle` that it completed. */
  fetched: number;
  /** Messages skipped for their size (reported to `onTooLarge`). */
  tooLarge: number;
}

export interface FetchNewMailOptions {
  /** Called after every processed message with the cursor to persist. */
  saveCursor(cursor: ImapSavedCursor): Promise<void>;
  /** Called for a message over `maxBytes` (RFC822.SIZE in bytes); it is not downloaded. */
  onTooLarge?(uid: number, size: number): Promise<void> | void;
  /** Largest message downloaded, in bytes; default 40 MB. */
  maxBytes?: number;
}

/** Connecting, logging in or talking to the IMAP server failed; `message` is readable. */
export class ImapUnavailableError extends Error {
  readonly code = 'IMAP_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImapUnavailableError';
  }
}

const DEFAULT_MAX_BYTES = 40 * 1024 * 1024;
const CONNECT_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 60_000;

interface ImapFlowFailure extends Error {
  authenticationFailed?: boolean;
  responseText?: string;
  code?: string;
}

function unavailable(account: ImapAccount, action: string, error: unknown): ImapUnavailableError {
  const failure = error as ImapFlowFailure;
  const reason = failure.authenticationFailed
    ? 'authentication failed (check the user name and password)'
    : [failure.responseText ?? failure.message, failure.code].filter(Boolean).join(' ');
  const where = `${account.user}@${account.host}:${account.port}`;
  return new ImapUnavailableError(`IMAP ${action} (${where}) failed: ${reason}`, { cause: error });
}

/** Runs one IMAP operation, turning its failure into an ImapUnavailableError. */
async function imap<T>(account: ImapAccount, action: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    throw unavailable(account, action, error);
  }
}

/** Connects and logs in (connect and greeting 10 s, socket inactivity 60 s). */
async function connectClient(
  account: ImapAccount,
  extra: Partial<ImapFlowOptions> = {},
): Promise<ImapFlow> {
  // Loaded on the first connection, not at start: an instance without a mailbox to fetch never
  // holds imapflow and what it pulls in (4.7 MB of V8 heap, bench/README.md "Memory").
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.tls,
    auth: { user: account.user, pass: account.password },
    logger: false,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    disableAutoIdle: true,
    ...extra,
  });
  // Failures also reject the pending command; the event only must not go unhandled.
  client.on('error', () => undefined);
  await imap(account, 'login', () => client.connect());
  return client;
}

async function disconnect(client: ImapFlow): Promise<void> {
  await client.logout().catch(() => client.close());
}

/** UIDs above `lastUid` with their RFC822.SIZE, ascending (RFC 3501 §6.4.8 UID FETCH). */
async function listNewer(
  client: ImapFlow,
  account: ImapAccount,
  lastUid: bigint | null,
): Promise<{ uid: number; size: number }[]> {
  if (!client.mailbox || client.mailbox.exists === 0) return [];
  const from = lastUid === null ? 1n : lastUid + 1n;
  const rows = await imap(account, 'UID FETCH', () =>
    client.fetchAll(`${from}:*`, { uid: true, size: true }, { uid: true }),
  );
  // "n:*" also returns the highest UID when it is below n (RFC 3501 §6.4.8), hence the filter.
  return rows
    .filter((row) => BigInt(row.uid) >= from)
    .map((row) => ({ uid: row.uid, size: row.size ?? 0 }))
    .sort((a, b) => a.uid - b.uid);
}

/**
 * Hands every message of `account.folder` with a UID above the cursor's to `handle`, one at a
 * time in UID order (RFC 3501 §2.3.1.1 UID and UIDVALIDITY; never selected by \Seen). When the
 * mailbox's UIDVALIDITY differs from `cursor.uidValidity`, it starts from the first message.
 *
 * `handle(raw, uid)` gets the full RFC 5322 source (downloaded with BODY.PEEK[], so not marking
 * it read) and must complete the message. Then `options.saveCursor` is called with the new
 * cursor and \Seen is added. A message over `options.maxBytes` (default 40 MB, by RFC822.SIZE)
 * is not downloaded: `options.onTooLarge(uid, size)` is called, the cursor moves past it and it
 * stays unread. So a crash repeats at most the message in flight.
 *
 * Resolves to the final cursor and counts. When `handle` throws, the error is rethrown
 * unchanged: the cursor stays after the last completed message, and that message and the rest
 * wait for the next run. Connection, login, mailbox and command failures throw
 * ImapUnavailableError (errors of `saveCursor`/`onTooLarge` pass through).
 */
export async function fetchNewMail(
  account: ImapAccount,
  cursor: ImapCursor,
  handle: (raw: Buffer, uid: number) => Promise<void>,
  options: FetchNewMailOptions,
): Promise<FetchNewMailResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const client = await connectClient(account);
  try {
    const lock = await imap(account, `open ${account.folder}`, () =>
      client.getMailboxLock(account.folder),
    );
    try {
      if (!client.mailbox) throw new ImapUnavailableError(`IMAP ${account.folder} not selected`);
      const uidValidity = client.mailbox.uidValidity;
      const lastUid = cursor.uidValidity === uidValidity ? cursor.lastUid : null;
      const result: FetchNewMailResult = { uidValidity, lastUid, fetched: 0, tooLarge: 0 };
      for (const { uid, size } of await listNewer(client, account, lastUid)) {
        let handled = false;
        if (size > maxBytes) {
          await options.onTooLarge?.(uid, size);
          result.tooLarge += 1;
        } else {
          const message = await imap(account, 'UID FETCH', () =>
            client.fetchOne(String(uid), { uid: true, source: true }, { uid: true }),
          );
          // Expunged meanwhile: nothing to handle, the cursor moves on.
          if (message && message.source) {
            await handle(message.source, uid);
            result.fetched += 1;
            handled = true;
          }
        }
        result.lastUid = BigInt(uid);
        await options.saveCursor({ uidValidity, lastUid: result.lastUid });
        if (handled) {
          await imap(account, 'UID STORE +FLAGS (\\Seen)', () =>
            client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true }),
          );
        }
      }
      return result;
    } finally {
      lock.release();
    }
  } finally {
    await disconnect(client);
  }
}

export interface WatchMailboxOptions {
  /** Poll interval in ms when IDLE is not used; default 60 000. Also the reconnect delay. */
  pollMs?: number;
  /** Use IDLE when the server advertises it (default true); false always polls. */
  idle?: boolean;
  /** Failures after the start (lost connection, failed reconnect, a throwing `onNewMail`). */
  onError?(error: Error): void;
}

export interface MailboxWatch {
  /** `idle` (RFC 2177) or `poll` (NOOP every `pollMs`). */
  mode: 'idle' | 'poll';
  stop(): Promise<void>;
}

/**
 * Keeps a connection to `account.folder` open and calls `onNewMail()` whenever the server
 * reports more messages (an EXISTS response, imapflow's `exists` event). With IDLE (RFC 2177,
 * when the server advertises it and `options.idle` is not false) the server pushes EXISTS at
 * once; otherwise a NOOP every `options.pollMs` asks for it (RFC 3501 §6.1.2). The callback
 * should run `fetchNewMail`; it is not called for mail that arrived before the watch started.
 *
 * Resolves once connected, or throws ImapUnavailableError when the first connection fails. A
 * connection lost later is reported to `options.onError` and reopened after `pollMs`.
 * `stop()` logs out and ends reconnecting.
 */
export async function watchMailbox(
  account: ImapAccount,
  onNewMail: () => Promise<void> | void,
  options: WatchMailboxOptions = {},
): Promise<MailboxWatch> {
  const pollMs = options.pollMs ?? 60_000;
  const report = (error: unknown) =>
    options.onError?.(error instanceof Error ? error : new Error(String(error)));
  let stopped = false;
  let client: ImapFlow | undefined;
  let timer: NodeJS.Timeout | undefined;

  const open = async (): Promise<'idle' | 'poll'> => {
    const current = await connectClient(account);
    client = current;
    try {
      await imap(account, `open ${account.folder}`, () => current.mailboxOpen(account.folder));
    } catch (error) {
      await disconnect(current);
      throw error;
    }
    current.on('exists', (data: { count: number; prevCount: number }) => {
      if (data.count > data.prevCount) Promise.resolve().then(onNewMail).catch(report);
    });
    current.on('close', () => {
      clearInterval(timer);
      if (stopped) return;
      report(new ImapUnavailableError(`IMAP connection to ${account.host} closed`));
      timer = setTimeout(() => void open().catch(reopenLater), pollMs);
    });
    const mode = options.idle !== false && current.capabilities.has('IDLE') ? 'idle' : 'poll';
    if (mode === 'idle') void idleLoop(current);
    else timer = setInterval(() => void current.noop().catch(report), pollMs);
    return mode;
  };
  const reopenLater = (error: unknown) => {
    report(error);
    if (!stopped) timer = setTimeout(() => void open().catch(reopenLater), pollMs);
  };
  // IDLE ends whenever another command runs (e.g. imapflow's keepalive NOOP); start it again.
  const idleLoop = async (current: ImapFlow) => {
    while (!stopped && current.usable) {
      const ok = await current.idle().catch(() => false);
      if (ok === false) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  };

  const mode = await open();
  return {
    mode,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(timer);
      if (client) await disconnect(client);
    },
  };
}
