/**
 * How a rendered mail leaves Docket:
 * - with SMTP_URL: nodemailer's SMTP transport (one connection per mail; STARTTLS when the server
 *   offers it, `smtps://` for implicit TLS);
 * - without (development, `pnpm start`): captured, not sent — nodemailer composes the same RFC
 *   5322 message (its stream transport) and it is written to DATA_DIR/mail/<id>.eml, with
 *   <id>.json beside it holding what the development page /dev/mail lists and shows (envelope,
 *   subject, both parts). Files are written to a temporary name then renamed, so a crash never
 *   leaves half a mail, and writing the same mail again replaces it (no duplicate). The folder
 *   keeps the newest MAIL_CAPTURE_KEEP mails (captureRetention).
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { MailConfig } from '../../config.js';

/** A mail ready to go: everything is already rendered. */
export interface OutgoingMail {
  /** The notification's id (names the captured files). */
  id: string;
  kind: string;
  to: { name: string | null; address: string };
  subject: string;
  text: string;
  html: string;
  /** `<…@host>`, stable across retries: receivers can deduplicate on it. */
  messageId: string;
  /** The ticket's thread root, for In-Reply-To and References; null outside a ticket. */
  threadId: string | null;
  /** Where replies go: the ticket's reply address (mailboxes/reply-address.ts), or null. */
  replyTo: string | null;
  attachments: { filename: string; contentType: string; content: string }[];
  /** The Date header: when the notification was written. */
  date: Date;
}

/** What the capture keeps beside each .eml, for the development page. */
export interface CapturedMail {
  id: string;
  kind: string;
  messageId: string;
  from: string;
  to: string;
  /** The Reply-To (the ticket's reply address), when the mail had one. */
  replyTo?: string | null;
  subject: string;
  date: string;
  capturedAt: string;
  text: string;
  html: string;
  attachments: string[];
}

export interface MailTransport {
  /** `smtp` (SMTP_URL) or `capture` (DATA_DIR/mail). */
  readonly mode: 'smtp' | 'capture';
  /**
   * Sends (or captures) one mail.
   * @throws the SMTP error (connection refused, timeout, a 4xx/5xx answer, …): the caller retries.
   */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Time limits of one SMTP conversation, ms: a hung server must not hold a worker for minutes. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** nodemailer's message object for `mail` (threading headers, both parts, attachments). */
function toMessage(from: string, mail: OutgoingMail) {
  return {
    from,
    to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    date: mail.date,
    ...(mail.threadId ? { inReplyTo: mail.threadId, references: [mail.threadId] } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    headers: {
      // RFC 3834: an automatic message; well-behaved auto-responders do not answer it.
      'Auto-Submitted': 'auto-generated',
      // Exchange and Outlook send no out-of-office or other automatic answer to it.
      'X-Auto-Response-Suppress': 'All',
      'X-Docket-Notification': mail.kind,
    },
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
  };
}

/** The transport for `config`: SMTP when SMTP_URL is set, else the local capture. */
export function createMailTransport(
  config: Pick<MailConfig, 'smtpUrl' | 'from' | 'captureDir' | 'captureKeep'>,
): MailTransport {
  if (config.smtpUrl) {
    const transporter = nodemailer.createTransport({ url: config.smtpUrl, ...SMTP_TIMEOUTS });
    return {
      mode: 'smtp',
      async send(mail) {
        await transporter.sendMail(toMessage(config.from, mail));
      },
      close: () => transporter.close(),
    };
  }
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const dir = config.captureDir;
  const retention = captureRetention(dir, config.captureKeep);
  // The directory is made once per transport, not once per mail (a system call each time), and
  // again when a write finds it gone (someone emptied DATA_DIR); a failed attempt is forgotten
  // so that the next mail tries again.
  let made: Promise<unknown> | null = null;
  const makeDir = () =>
    (made ??= mkdir(dir, { recursive: true }).catch((error: unknown) => {
      made = null;
      throw error;
    }));
  const write = async (file: string, content: Buffer | string) => {
    await makeDir();
    try {
      await writeAtomically(path.join(dir, file), content);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      made = null;
      await makeDir();
      await writeAtomically(path.join(dir, file), content);
    }
  };
  return {
    mode: 'capture',
    async send(mail) {
      const info = await composer.sendMail(toMessage(config.from, mail));
      const captured: CapturedMail = {
        id: mail.id,
        kind: mail.kind,
        messageId: mail.messageId,
        from: config.from,
        to: mail.to.name ? `${mail.to.name} <${mail.to.address}>` : mail.to.address,
        replyTo: mail.replyTo,
        subject: mail.subject,
        date: mail.date.toISOString(),
        capturedAt: new Date().toISOString(),
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments.map((a) => a.filename),
      };
      await write(`${mail.id}.eml`, info.message as Buffer);
      await write(`${mail.id}.json`, JSON.stringify(captured, null, 2));
      await retention.written(mail.id);
    },
    close: () => composer.close(),
  };
}

/** The id part of a captured mail's file names (a notification's uuid). */
const CAPTURE_ID = /^[0-9a-f-]{36}$/;

/**
 * The capture's bound (MAIL_CAPTURE_KEEP): DATA_DIR/mail keeps the newest `keep` mails, so that
 * an instance left without SMTP_URL does not fill its disk (the benchmark's folder once held
 * 417,908 files, 1.7 GB, and /dev/mail reads every listed mail). The ids of the mails present,
 * oldest first, are kept in memory: read from the folder once, by modification time, at the first
 * capture, then followed as mails are written; once they number `keep` plus a slack (a tenth of
 * `keep`, 1 to 100), the oldest beyond `keep` are deleted, both files. So no listing of the
 * folder per mail. Mails another process writes to the same folder are counted at the next start.
 * `written` never throws: a failure to list or delete leaves the mail captured, and the list is
 * read again at the next capture.
 */
function captureRetention(dir: string, keep: number) {
  const slack = Math.min(100, Math.max(1, Math.floor(keep / 10)));
  let known: Promise<Map<string, true>> | null = null;
  return {
    /** Mail `id` was just captured: remembers it, deletes the oldest when past the bound. */
    async written(id: string): Promise<void> {
      try {
        known ??= capturedIdsByAge(dir).then((ids) => new Map(ids.map((old) => [old, true])));
        const ids = await known;
        ids.delete(id);
        ids.set(id, true);
        if (ids.size < keep + slack) return;
        const oldest = [...ids.keys()].slice(0, ids.size - keep);
        for (const old of oldest) ids.delete(old);
        await Promise.all(
          oldest.flatMap((old) =>
            ['eml', 'json'].map((ext) => rm(path.join(dir, `${old}.${ext}`), { force: true })),
          ),
        );
      } catch {
        known = null;
      }
    },
  };
}

/** The ids of the mails captured in `dir`, oldest first (modification time, then id). */
async function capturedIdsByAge(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = new Map<string, string>();
  for (const name of names) {
    const dot = name.lastIndexOf('.');
    const id = name.slice(0, dot);
    if ((name.endsWith('.json') || name.endsWith('.eml')) && CAPTURE_ID.test(id)) {
      files.set(id, name);
    }
  }
  const aged: { id: string; mtimeMs: number }[] = [];
  const entries = [...files];
  // A folder of any size: its files examined a few hundred at a time.
  for (let i = 0; i < entries.length; i += 256) {
    const batch = entries.slice(i, i + 256);
    const times = await Promise.all(
      batch.map(([, name]) =>
        stat(path.join(dir, name)).then(
          (s) => s.mtimeMs,
          () => null,
        ),
      ),
    );
    batch.forEach(([id], j) => {
      const mtimeMs = times[j];
      if (mtimeMs !== null && mtimeMs !== undefined) aged.push({ id, mtimeMs });
    });
  }
  return aged
    .sort((a, b) => a.mtimeMs - b.mtimeMs || a.id.localeCompare(b.id))
    .map((mail) => mail.id);
}

async function writeAtomically(file: string, content: Buffer | string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}

/** The captured mails of `dir`, newest first (a missing folder: none). */
export async function listCapturedMails(dir: string): Promise<CapturedMail[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const mails = await Promise.all(
    names
      .filter((name) => name.endsWith('.json') && CAPTURE_ID.test(name.slice(0, -5)))
      .map((name) => readCapturedMail(dir, name.slice(0, -5))),
  );
  return mails
    .filter((m): m is CapturedMail => m !== null)
    .sort((a, b) => b.capturedAt.localeCompare(a.capturedAt) || b.id.localeCompare(a.id));
}

/** One captured mail by id; null when there is none (or the id is not one). */
export async function readCapturedMail(dir: string, id: string): Promise<CapturedMail | null> {
  if (!CAPTURE_ID.test(id)) return null;
  try {
    return JSON.parse(await readFile(path.join(dir, `${id}.json`), 'utf8')) as CapturedMail;
  } catch {
    return null;
  }
}
