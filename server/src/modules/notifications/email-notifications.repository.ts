/**
 * Email notifications (`email_notifications`): written by the `email` subscriber, claimed, sent
 * and recorded by the mail worker, listed and retried by admins; and the organization's name and
 * settings that the mails use (organizations have no module of their own).
 */
import { Prisma } from '../../generated/prisma/client.js';
import { executeSql, selectRows } from '../../db/select-rows.js';
import type { Db } from '../../lib/db.js';

// The statements run for every mail are prepared (db/prisma.ts): planned once per connection.

/** A notification as stored. */
export type EmailNotificationRow = Prisma.EmailNotificationGetPayload<object>;

/** A mail to write: every column the application sets (the others take their defaults). */
export interface NewEmailNotification {
  id: string;
  organizationId: string;
  eventId: string;
  ticketId: string | null;
  kind: string;
  /** Lower-cased. */
  recipientEmail: string;
  recipientName: string | null;
  recipientUserId: string | null;
  locale: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  threadId: string | null;
  replyTo: string | null;
  /** Files attached (JSON array); default none. */
  attachments?: Prisma.InputJsonArray;
  maxAttempts: number;
  /** First attempt not before (held mails); default now. */
  nextAttemptAt?: Date;
}

/**
 * Inserts the mails `rows` in one statement, skipping those whose (event, recipient, kind) —
 * or id, or Message-ID — exists already (a subscriber's re-run writes nothing twice). Raw SQL:
 * it runs for every event that mails someone, and the ORM's createMany built a statement of
 * every column on each call (bench/README.md "Routing"); prepared, its text being the same
 * whatever the number of mails (the columns are arrays).
 */
export async function insertEmailNotifications(
  db: Db,
  rows: readonly NewEmailNotification[],
): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof NewEmailNotification>(key: K) => rows.map((row) => row[key]);
  await executeSql(
    db,
    Prisma.sql`INSERT INTO email_notifications (id, "organizationId", "eventId", "ticketId", kind,
        "recipientEmail", "recipientName", "recipientUserId", locale, subject, text, html,
        "messageId", "threadId", "replyTo", attachments, "maxAttempts", "nextAttemptAt",
        "updatedAt")
      SELECT m.id, m.org, m.event, m.ticket, m.kind, m.email, m.name, m.recipient, m.locale,
             m.subject, m.text, m.html, m.message, m.thread, m.reply,
             coalesce(m.attachments, '[]'::jsonb), m.attempts, coalesce(m.due, now()), now()
      FROM unnest(${column('id')}::uuid[], ${column('organizationId')}::uuid[],
                  ${column('eventId')}::uuid[], ${column('ticketId')}::uuid[],
                  ${column('kind')}::text[], ${column('recipientEmail')}::text[],
                  ${column('recipientName')}::text[], ${column('recipientUserId')}::uuid[],
                  ${column('locale')}::text[], ${column('subject')}::text[],
                  ${column('text')}::text[], ${column('html')}::text[],
                  ${column('messageId')}::text[], ${column('threadId')}::text[],
                  ${column('replyTo')}::text[],
                  ${rows.map((row) => (row.attachments ? JSON.stringify(row.attachments) : null))}::jsonb[],
                  ${column('maxAttempts')}::int[],
                  ${rows.map((row) => row.nextAttemptAt ?? null)}::timestamptz[])
        AS m(id, org, event, ticket, kind, email, name, recipient, locale, subject, text, html,
             message, thread, reply, attachments, attempts, due)
      ON CONFLICT DO NOTHING`,
    { prepared: true },
  );
}

/** The name and settings JSON of the organization `id`; null if there is none. */
export async function findOrganizationMailSettings(
  db: Db,
  id: string,
): Promise<{ name: string; settings: Prisma.JsonValue } | null> {
  const [row] = await selectRows<{ name: string; settings: Prisma.JsonValue }>(
    db,
    Prisma.sql`SELECT name, settings FROM organizations WHERE id = ${id}::uuid`,
    { prepared: true },
  );
  return row ?? null;
}

/** A mail claimed by the worker: what sending it needs (the columns written, as stored). */
export interface ClaimedMailRow extends Pick<
  NewEmailNotification,
  | 'id'
  | 'kind'
  | 'recipientEmail'
  | 'recipientName'
  | 'subject'
  | 'text'
  | 'html'
  | 'messageId'
  | 'threadId'
  | 'replyTo'
  | 'maxAttempts'
> {
  attachments: unknown;
  /** Attempts including this one. */
  attempts: number;
  createdAt: Date;
}

/**
 * Claims up to `limit` PENDING mails due at `now`, oldest first, skipping rows locked by another
 * worker, in ONE statement that leases each to `workerId` until `lease` and counts the attempt.
 * Due: `nextAttemptAt <= now` (a retry, or a held mail's first attempt), or never tried and
 * written without a hold — `nextAttemptAt` equals `createdAt` (both defaults take one instant
 * per query), so such a row goes at once whatever the caller's `now`. A held mail (an SLA mail
 * waiting for `notifyAt`) is written with `nextAttemptAt` after its `createdAt` and waits for it.
 */
export function claimDueMails(
  db: Db,
  input: { now: Date; lease: Date; workerId: string; limit: number },
): Promise<ClaimedMailRow[]> {
  const { now, lease, workerId, limit } = input;
  return selectRows<ClaimedMailRow>(
    db,
    Prisma.sql`
      UPDATE email_notifications AS m
      SET "lockedUntil" = ${lease}, "lockedBy" = ${workerId}, attempts = m.attempts + 1,
          "updatedAt" = ${now}
      WHERE m.id IN (
        SELECT n.id FROM email_notifications n
        WHERE n.status = 'PENDING'
          AND (n."nextAttemptAt" <= ${now} OR (n.attempts = 0 AND n."nextAttemptAt" <= n."createdAt"))
          AND (n."lockedUntil" IS NULL OR n."lockedUntil" <= ${now})
        ORDER BY n."nextAttemptAt", n."createdAt", n.id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING m.id, m.kind, m."recipientEmail", m."recipientName", m.subject, m.text, m.html,
        m."messageId", m."threadId", m."replyTo", m.attachments, m.attempts, m."maxAttempts", m."createdAt"`,
  );
}

/**
 * Records a failed send of the mail `id` held by `workerId`: `lastError`, the lease released, and
 * the `outcome`: FAILED for good, or the time of the next attempt.
 */
export async function recordMailFailure(
  db: Db,
  id: string,
  workerId: string,
  lastError: string,
  outcome: { status: 'FAILED' } | { nextAttemptAt: Date },
): Promise<void> {
  await db.emailNotification.updateMany({
    where: { id, lockedBy: workerId },
    data: { lastError, lockedUntil: null, lockedBy: null, ...outcome },
  });
}

/** Marks the mail `id` held by `workerId` SENT at `now`, its lease released. */
export async function markMailSent(db: Db, id: string, workerId: string, now: Date): Promise<void> {
  // Raw and prepared: once per mail sent (the ORM's updateMany built its query on each call).
  await executeSql(
    db,
    Prisma.sql`UPDATE email_notifications
      SET status = 'SENT', "sentAt" = ${now}::timestamptz, "lockedUntil" = NULL, "lockedBy" = NULL,
          "lastError" = NULL, "updatedAt" = ${now}::timestamptz
      WHERE id = ${id}::uuid AND "lockedBy" = ${workerId}`,
    { prepared: true },
  );
}

/** Deletes the SENT mails sent before `before`. @returns how many. */
export async function deleteSentMails(db: Db, before: Date): Promise<number> {
  const { count } = await db.emailNotification.deleteMany({
    where: { status: 'SENT', sentAt: { lt: before } },
  });
  return count;
}

/**
 * One page of the organization's notifications, newest first (createdAt, then id, descending):
 * of `status` if given, after the keyset position `after` if given, at most `take` rows.
 */
export function listOrganizationNotifications(
  db: Db,
  input: {
    organizationId: string;
    status?: EmailNotificationRow['status'] | undefined;
    after?: { at: Date; id: string } | undefined;
    take: number;
  },
): Promise<EmailNotificationRow[]> {
  const and: object[] = [{ organizationId: input.organizationId }];
  if (input.status) and.push({ status: input.status });
  if (input.after) {
    const { at, id } = input.after;
    and.push({ OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }] });
  }
  return db.emailNotification.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.take,
  });
}

/** The organization's notification `id` (a lower-case uuid); null if there is none. */
export function findOrganizationNotification(
  db: Db,
  organizationId: string,
  id: string,
): Promise<EmailNotificationRow | null> {
  return db.emailNotification.findFirst({ where: { id, organizationId } });
}

/**
 * Makes the notification `id` PENDING and due at `nextAttemptAt`; with `retryFailed`, one more
 * attempt allowed (`maxAttempts`) and any lease released. @returns the stored row.
 */
export function rescheduleNotification(
  db: Db,
  id: string,
  nextAttemptAt: Date,
  retryFailed: { maxAttempts: number } | null,
): Promise<EmailNotificationRow> {
  return db.emailNotification.update({
    where: { id },
    data: {
      status: 'PENDING',
      nextAttemptAt,
      ...(retryFailed
        ? { maxAttempts: retryFailed.maxAttempts, lockedUntil: null, lockedBy: null }
        : {}),
    },
  });
}

/**
 * The tickets of the organization's sent mails whose Message-ID is one of `messageIds` (Docket
 * makes them lower-case: `<uuid@host>`): the threading of replies to notifications.
 */
export async function findTicketIdsBySentMessageIds(
  db: Db,
  organizationId: string,
  messageIds: readonly string[],
): Promise<{ messageId: string; ticketId: string }[]> {
  if (messageIds.length === 0) return [];
  return db.$queryRaw<{ messageId: string; ticketId: string }[]>`
    SELECT "messageId", "ticketId"::text AS "ticketId"
    FROM email_notifications
    WHERE "messageId" = ANY(${[...messageIds]}::text[])
      AND "organizationId" = ${organizationId}::uuid AND "ticketId" IS NOT NULL`;
}
