/**
 * The mail worker: sends the `email_notifications` rows the `email`
 * subscriber wrote.
 *
 * `runOnce({now, limit})` claims due PENDING rows (never tried, or their retry due at `now`;
 * a held row — an SLA mail written with its first attempt at the event's `notifyAt` — once
 * `nextAttemptAt` is due), oldest first, in one statement — `UPDATE … WHERE id IN
 * (SELECT … FOR UPDATE SKIP LOCKED)` — which counts the attempt and takes a lease
 * (`lockedUntil`), so several workers or instances never take the same row. Each mail is then
 * sent outside any transaction; success marks it SENT; a failure (SMTP down, timeout, a 4xx or
 * 5xx answer) schedules the next attempt with exponential backoff and jitter (30 s doubling to
 * 1 h), or marks it FAILED with `lastError` once `maxAttempts` (MAIL_MAX_ATTEMPTS) are spent;
 * admins see and retry those (GET /api/notifications).
 *
 * Nothing committed is lost: a row stays PENDING until a send succeeded; a crash mid-send leaves
 * its lease to expire, and the row is taken again. The one case of a mail sent twice is a crash
 * between the SMTP server's "250 OK" and the SENT update: the second copy has the same
 * Message-ID, which mail systems deduplicate on (at-least-once, as every SMTP sender).
 */
import { randomUUID } from 'node:crypto';
import { backoffMs, type BackoffOptions } from '../../lib/backoff.js';
import type { PrismaClient } from '../../lib/db.js';
import {
  claimDueMails,
  deleteSentMails,
  markMailSent,
  recordMailFailure,
  type ClaimedMailRow,
} from './email-notifications.repository.js';
import type { MailTransport, OutgoingMail } from './mail-transport.js';

/** Retries of a mail: 30 s, 1 min, 2 min, … up to 1 h between attempts (10 attempts ≈ 2.5 h). */
export const MAIL_RETRY: BackoffOptions = { baseMs: 30_000, capMs: 3600_000 };
/** How long a claimed row is held: longer than one SMTP conversation may take (30 s timeouts). */
const LEASE_MS = 2 * 60_000;

export interface MailWorkerDeps {
  prisma: PrismaClient;
  transport: MailTransport;
  /** Scheduling clock; default real time. */
  now?: () => Date;
  /** Jitter source; default Math.random. */
  random?: () => number;
  log?: { warn(obj: object, msg: string): void };
}

type ClaimedRow = ClaimedMailRow;

/** Creates the worker of one process. */
export function createMailWorker(deps: MailWorkerDeps) {
  const { prisma, transport } = deps;
  const clock = deps.now ?? (() => new Date());
  const workerId = `mail-${randomUUID().slice(0, 8)}`;

  /**
   * Sends up to `limit` (default 20) mails due at `now` (default the clock).
   * @returns how many were claimed, sent, scheduled for a retry, and FAILED for good.
   */
  async function runOnce(options: { now?: Date; limit?: number } = {}) {
    const now = options.now ?? clock();
    const limit = options.limit ?? 20;
    const lease = new Date(now.getTime() + LEASE_MS);
    const rows = await claimDueMails(prisma, { now, lease, workerId, limit });
    const result = { claimed: rows.length, sent: 0, retried: 0, failed: 0 };
    for (const row of rows) {
      try {
        await transport.send(toOutgoing(row));
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
        const final = row.attempts >= row.maxAttempts;
        deps.log?.warn(
          { err: error, notificationId: row.id, attempts: row.attempts, final },
          'email notification not sent',
        );
        await recordMailFailure(
          prisma,
          row.id,
          workerId,
          message,
          final
            ? { status: 'FAILED' }
            : {
                nextAttemptAt: new Date(
                  now.getTime() + backoffMs(row.attempts, { ...MAIL_RETRY, random: deps.random }),
                ),
              },
        );
        if (final) result.failed++;
        else result.retried++;
        continue;
      }
      await markMailSent(prisma, row.id, workerId, now);
      result.sent++;
    }
    return result;
  }

  /**
   * Deletes SENT mails older than `retentionDays` (default 30), as the outbox sweeps its own
   * rows; FAILED and PENDING ones are kept. @returns how many were deleted.
   */
  async function sweep(options: { now?: Date; retentionDays?: number } = {}): Promise<number> {
    const now = options.now ?? clock();
    const before = new Date(now.getTime() - (options.retentionDays ?? 30) * 24 * 3600_000);
    return deleteSentMails(prisma, before);
  }

  return { runOnce, sweep, workerId };
}

function toOutgoing(row: ClaimedRow): OutgoingMail {
  return {
    id: row.id,
    kind: row.kind,
    to: { name: row.recipientName, address: row.recipientEmail },
    subject: row.subject,
    text: row.text,
    html: row.html,
    messageId: row.messageId,
    threadId: row.threadId,
    replyTo: row.replyTo,
    attachments: Array.isArray(row.attachments)
      ? (row.attachments as OutgoingMail['attachments'])
      : [],
    date: row.createdAt,
  };
}
