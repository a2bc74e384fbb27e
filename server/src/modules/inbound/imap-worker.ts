/**
 * Fetching the mailboxes that have an IMAP account (docs/product.md "Inbound email", way in 1):
 * every `pollMs`, and at once when a mailbox's IDLE connection (RFC 2177) reports new mail,
 * each due mailbox is leased to this instance (one fetcher per mailbox across instances), its
 * new messages are read by UID (imap-fetcher.ts: mail another client marked read is still
 * fetched) and run through the pipeline one by one; the cursor (UIDVALIDITY, last UID) is saved
 * after each committed message and the message flagged \Seen only then. A crash between fetch
 * and commit fetches the message again; the pipeline's dedupeKey keeps it once.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { PrismaClient } from '../../generated/prisma/client.js';
import {
  findImapMailboxes,
  findImapMailboxesDue,
  recordImapFetch,
  saveImapCursor,
  takeImapLease,
  type MailboxRow,
  type MailboxesService,
} from '../mailboxes/index.js';
import { fetchNewMail, watchMailbox, type ImapAccount, type MailboxWatch } from './imap-fetcher.js';
import type { InboundPipeline } from './process-inbound-email.js';

/** A fetch holds its mailbox's lease this long at most (a crashed holder frees it then). */
const LEASE_MS = 5 * 60_000;

export interface ImapWorkerDeps {
  prisma: PrismaClient;
  pipeline: InboundPipeline;
  mailboxes: Pick<MailboxesService, 'imapPasswordOf'>;
  maxMessageBytes: number;
  pollMs: number;
  log: FastifyBaseLogger;
  now?: () => Date;
}

/** The IMAP account of a mailbox row; null without a complete one. */
function accountOf(row: MailboxRow, password: string | null): ImapAccount | null {
  if (!row.imapHost || !row.imapUser || password === null) return null;
  return {
    host: row.imapHost,
    port: row.imapPort ?? 993,
    tls: row.imapTls,
    user: row.imapUser,
    password,
    folder: row.imapFolder,
  };
}

export function createImapWorker(deps: ImapWorkerDeps) {
  const { prisma, pipeline, log } = deps;
  const holder = `imap-${randomUUID()}`;
  const now = deps.now ?? (() => new Date());

  /** Fetches one leased mailbox; its last error (or none) is recorded with the lease's release. */
  async function fetchMailbox(row: MailboxRow): Promise<number> {
    let error: string | null = null;
    let fetched = 0;
    try {
      const account = accountOf(row, deps.mailboxes.imapPasswordOf(row));
      if (!account) throw new Error('The IMAP account is incomplete (host, user and password)');
      const message = (raw: Buffer, sizeBytes: number) =>
        pipeline.process({
          organizationId: row.organizationId,
          mailbox: row,
          raw,
          sizeBytes,
          source: 'imap',
        });
      const result = await fetchNewMail(
        account,
        { uidValidity: row.imapUidValidity, lastUid: row.imapLastUid },
        async (raw) => {
          await message(raw, raw.length);
        },
        {
          maxBytes: deps.maxMessageBytes,
          saveCursor: (cursor) =>
            saveImapCursor(prisma, row.id, cursor.uidValidity, cursor.lastUid),
          // Not downloaded: logged as too_large under a header naming the message.
          onTooLarge: async (uid, size) => {
            const stub = `X-Docket-Imap-Message: ${row.id}/${row.imapUidValidity ?? ''}/${uid}\r\n\r\n`;
            await message(Buffer.from(stub), size);
          },
        },
      );
      fetched = result.fetched;
    } catch (cause) {
      error = (cause instanceof Error ? cause.message : String(cause)).slice(0, 500);
      log.warn({ mailboxId: row.id, err: cause }, 'IMAP fetch failed');
    } finally {
      await recordImapFetch(prisma, row.id, holder, now(), error);
    }
    return fetched;
  }

  /** One pass: every due mailbox this instance can lease. @returns the messages processed. */
  async function runOnce(): Promise<{ mailboxes: number; fetched: number }> {
    const at = now();
    let mailboxes = 0;
    let fetched = 0;
    for (const row of await findImapMailboxesDue(prisma, at)) {
      if (!(await takeImapLease(prisma, row.id, holder, at, new Date(at.getTime() + LEASE_MS)))) {
        continue;
      }
      mailboxes++;
      fetched += await fetchMailbox(row);
    }
    return { mailboxes, fetched };
  }

  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<unknown> = Promise.resolve();
  const watches = new Map<string, { key: string; watch: Promise<MailboxWatch | null> }>();

  /** Runs a pass now (after the one in flight), then again after `pollMs`. */
  function schedule(delayMs: number): void {
    clearTimeout(timer);
    timer = setTimeout(() => {
      pass = pass
        .then(runOnce)
        .then(() => syncWatches())
        .catch((err: unknown) => log.warn({ err }, 'IMAP pass failed'))
        .finally(() => {
          if (running) schedule(deps.pollMs);
        });
    }, delayMs);
    timer.unref();
  }

  /** One IDLE connection per IMAP mailbox, so that new mail is fetched at once. */
  async function syncWatches(): Promise<void> {
    const rows = await findImapMailboxes(prisma);
    const wanted = new Map(rows.map((row) => [row.id, row]));
    for (const [id, entry] of watches) {
      const row = wanted.get(id);
      if (!row || `${row.updatedAt.getTime()}` !== entry.key) {
        watches.delete(id);
        void entry.watch.then((w) => w?.stop()).catch(() => {});
      }
    }
    for (const row of rows) {
      if (watches.has(row.id) || !running) continue;
      const account = accountOf(row, deps.mailboxes.imapPasswordOf(row));
      if (!account) continue;
      const watch = watchMailbox(account, () => schedule(0), {
        pollMs: deps.pollMs,
        onError: (err) => log.warn({ mailboxId: row.id, err }, 'IMAP watch failed'),
      }).catch(() => null);
      watches.set(row.id, { key: `${row.updatedAt.getTime()}`, watch });
    }
  }

  return {
    runOnce,
    /** Starts the passes (first one at once). */
    start(): void {
      if (running) return;
      running = true;
      schedule(0);
    },
    /** Stops the passes and the IDLE connections; waits for the pass in flight. */
    async stop(): Promise<void> {
      running = false;
      clearTimeout(timer);
      await pass;
      await Promise.all(
        [...watches.values()].map((entry) => entry.watch.then((w) => w?.stop()).catch(() => {})),
      );
      watches.clear();
    },
  };
}

export type ImapWorker = ReturnType<typeof createImapWorker>;
