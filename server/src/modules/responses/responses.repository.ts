/**
 * The queries of responses (`ticket_responses`): the fused statement of a reply (docs/decisions/
 * 0001-fused-sql-on-hot-paths.md: the response, its activity rows, the ticket's change and its
 * events in ONE statement), the pages of a ticket's responses, and the small ticket reads a reply
 * makes before it is written.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { selectRows } from '../../db/select-rows.js';
import { poolOf } from '../../db/prisma.js';
import type { Db } from '../../lib/db.js';
import type { activityRow } from '../activity/index.js';
import { attachmentInclude, publicAttachmentArgs } from '../attachments/index.js';
import { OUTBOX_NOTIFY_CHANNEL } from '../events/index.js';
import { staffReplySlaColumnsSql } from '../sla/index.js';
import {
  customerActivitySql,
  insertActivitiesSql,
  replySearchVectorsSql,
  replyWordsSql,
  ticketEventsSql,
} from '../tickets/index.js';
import type { NewTicketEvent, TicketRow } from '../tickets/index.js';

/** What a response query includes: its live files, for the presenter. */
export const responseInclude = {
  attachments: attachmentInclude,
} satisfies Prisma.TicketResponseInclude;
/** A response row with its files (`responseInclude`). */
export type ResponseRow = Prisma.TicketResponseGetPayload<{ include: typeof responseInclude }>;

/** Whether `db` is a transaction client (every client of the app is made with a pg pool). */
export const isTransaction = (db: Db): db is Prisma.TransactionClient => poolOf(db) === null;

/** What the fused statement of a reply writes (insertResponseIfCurrent). */
export interface ResponseWrite {
  /** The ticket as read: the statement writes only if it is still at `ticket.version`. */
  ticket: TicketRow;
  /** The new response, every column (its files are recorded afterwards). */
  response: ResponseRow;
  /** Its activity rows (activity/index.ts `activityRow`). */
  activities: ReturnType<typeof activityRow>[];
  now: Date;
  /** The ticket goes back to OPEN (`resolvedAt` cleared). */
  reopen: boolean;
  /** The ticket's `firstRespondedAt` is set to `now`. */
  firstResponse: boolean;
  /** The ticket as the statement leaves it, for the events' payloads. */
  changed: TicketRow;
  /**
   * The domain events written (and OUTBOX_NOTIFY_CHANNEL notified) by the same statement, in
   * order; null when the caller emits them itself (a reply with files).
   */
  events: readonly NewTicketEvent[] | null;
}

/**
 * The reply in ONE statement: with `cur` the ticket still at the version read, not deleted,
 * locked, it inserts the response, its activity rows, moves the ticket's version and updatedAt
 * (and status, firstRespondedAt as `write` says), adds the reply's words to its search vectors
 * and moves the requester's last activity in the same row version (tickets
 * ticket-replies.repository.ts) — for a public staff reply also the SLA summary columns its `sla`
 * event will leave (sla/ staffReplySlaColumnsSql) — and writes the events with their NOTIFY; every
 * write is made once per row of `cur`, i.e. not at all when the ticket changed since it was read.
 * Why one statement: measured at a million tickets (bench/), each round trip of a reply cost
 * server CPU (docs/decisions/0001-fused-sql-on-hot-paths.md).
 * @returns true when written, false when the ticket changed since it was read (nothing written).
 */
export async function insertResponseIfCurrent(db: Db, write: ResponseWrite): Promise<boolean> {
  const { ticket, response, activities, now, reopen, firstResponse } = write;
  // A public reply of the team: new to the requester until they open the ticket (portal "New reply").
  const staffPublic =
    !response.isInternal && (response.authorType === 'AGENT' || response.authorType === 'SYSTEM');
  // A person on the staff replying in public: the SLA's `staff_reply` (sla-subscriber.ts).
  const slaStaffReply = !response.isInternal && response.authorType === 'AGENT' && !reopen;
  const eventsSql = write.events
    ? ticketEventsSql(write.changed, write.events, Prisma.sql`cur`)
    : null;
  const [outcome] = await selectRows<{ changed: number }>(
    db,
    Prisma.sql`WITH cur AS (
      SELECT id FROM tickets
      WHERE id = ${ticket.id}::uuid AND version = ${ticket.version}::int AND "deletedAt" IS NULL
      FOR UPDATE
    ), r AS (
      INSERT INTO ticket_responses (id, "organizationId", "ticketId", content, format,
        "isInternal", "authorType", "authorId", "apiKeyId", "authorName", "authorEmail",
        "emailMessageId", "inboundEmailId", "createdAt")
      SELECT ${response.id}::uuid, ${response.organizationId}::uuid, cur.id, ${response.content}::text,
        ${response.format}::"ResponseFormat",
        ${response.isInternal}::boolean, ${response.authorType}::"ResponseAuthorType",
        ${response.authorId}::uuid, ${response.apiKeyId}::uuid, ${response.authorName}::text,
        ${response.authorEmail}::text, ${response.emailMessageId}::text,
        ${response.inboundEmailId}::uuid, ${now}::timestamptz
      FROM cur
      RETURNING ${replyWordsSql(Prisma.sql`content`)} AS words
    ), a AS (
      ${insertActivitiesSql(activities, now)}
      WHERE EXISTS (SELECT 1 FROM cur)
    ), u AS (
      UPDATE tickets t SET "updatedAt" = ${now}::timestamptz, version = t.version + 1
        ${reopen ? Prisma.sql`, status = 'OPEN', "resolvedAt" = NULL` : Prisma.empty}
        ${firstResponse ? Prisma.sql`, "firstRespondedAt" = ${now}::timestamptz` : Prisma.empty}
        ${staffPublic ? Prisma.sql`, "staffActivityAt" = ${now}::timestamptz` : Prisma.empty}
        ${replySearchVectorsSql(response.isInternal, Prisma.sql`r.words`)}
        ${customerActivitySql(response, now)}
        ${slaStaffReply ? staffReplySlaColumnsSql() : Prisma.empty}
      FROM cur, r WHERE t.id = cur.id
    )${
      eventsSql
        ? Prisma.sql`, e AS (${eventsSql}), notified AS (
      SELECT pg_notify(${OUTBOX_NOTIFY_CHANNEL}, '') FROM e LIMIT 1)`
        : Prisma.empty
    }
    SELECT (SELECT count(*) FROM cur)::int AS changed${
      eventsSql ? Prisma.sql`, (SELECT count(*) FROM notified)::int AS notified` : Prisma.empty
    }`,
    { prepared: true },
  );
  return outcome?.changed === 1;
}

/**
 * One page of a ticket's responses, oldest first by (createdAt, id): `take` rows after the
 * cursor position `after` (exclusive), internal notes only when `includeInternal`.
 */
export function findResponsesPage(
  db: Db,
  query: {
    ticketId: string;
    organizationId: string;
    includeInternal: boolean;
    after: { at: Date; id: string } | null;
    take: number;
  },
): Promise<ResponseRow[]> {
  const where: Prisma.TicketResponseWhereInput[] = [
    { ticketId: query.ticketId, organizationId: query.organizationId },
  ];
  if (!query.includeInternal) where.push({ isInternal: false });
  if (query.after) {
    const { at, id } = query.after;
    where.push({ OR: [{ createdAt: { gt: at } }, { createdAt: at, id: { gt: id } }] });
  }
  return db.ticketResponse.findMany({
    where: { AND: where },
    include: responseInclude,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: query.take,
  });
}

/** The status of the live (not deleted) ticket `ticketId`, or null. */
export function findLiveTicketStatus(db: Db, ticketId: string): Promise<{ status: string } | null> {
  return db.ticket.findFirst({
    where: { id: ticketId, deletedAt: null },
    select: { status: true },
  });
}

/**
 * The conditions (on `tickets t`, for tickets/index.ts loadTicketRows and lockTicketRows) of the
 * live ticket `ticketId`, whoever asks: a requester's reply through a tracking link.
 */
export function liveTicketSql(ticketId: string): Prisma.Sql[] {
  return [Prisma.sql`t.id = ${ticketId}::uuid`, Prisma.sql`t."deletedAt" IS NULL`];
}

/** What the public tracker reads of a response (public/public.service.ts). */
const publicResponseSelect = {
  authorType: true,
  authorName: true,
  content: true,
  format: true,
  createdAt: true,
  attachments: publicAttachmentArgs,
} satisfies Prisma.TicketResponseSelect;
/** A response as the public tracker reads it. */
export type PublicResponseRow = Prisma.TicketResponseGetPayload<{
  select: typeof publicResponseSelect;
}>;

/**
 * The public replies (no internal notes) of ticket `ticketId`, oldest first, with their live
 * files. Not awaited: the tracker runs it in one snapshot with its other reads (a batch
 * `$transaction`), so it returns the query itself.
 */
export function findPublicResponses(
  db: Db,
  ticketId: string,
): Prisma.PrismaPromise<PublicResponseRow[]> {
  return db.ticketResponse.findMany({
    where: { ticketId, isInternal: false },
    select: publicResponseSelect,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
}

/**
 * The signature (Markdown, users.signature) of the active staff member `userId` of
 * `organizationId`, or null when they have none (or are not active staff of it).
 */
export async function findStaffSignature(
  db: Db,
  organizationId: string,
  userId: string,
): Promise<string | null> {
  const user = await db.user.findFirst({
    where: { id: userId, organizationId, role: { in: ['AGENT', 'ADMIN'] }, isActive: true },
    select: { signature: true },
  });
  return user?.signature ?? null;
}
