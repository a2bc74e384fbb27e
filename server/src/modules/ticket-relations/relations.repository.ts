/**
 * The SQL of merges and links (docs/decisions/0005-repositories.md): what moves from a merged
 * ticket to its target, the links of a ticket, and the parent chain that keeps links acyclic.
 */
import { randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../lib/db.js';
import type { TicketStatus } from '../../lib/domain.js';
import { recomputeSearchVectors, type TicketRow } from '../tickets/index.js';

/** How a link is stored: `related`, or `parent` from the parent (source) to its child. */
export type TicketLinkType = 'related' | 'parent';

/** How many rows of each kind a merge moved (the closing note of the activity, and tests). */
export interface MovedCounts {
  responses: number;
  attachments: number;
  chats: number;
  participants: number;
}

/**
 * Moves what the source ticket holds to the target, in the caller's transaction (both rows
 * locked), in order of their times, which they keep:
 * - the source's description becomes a response on the target at the source's creation time
 *   (`TKT-…: subject` then the text, as plain text), carrying the source's own files;
 * - its replies and internal notes, with their files (their `emailMessageId` with them, so that
 *   mail answering them threads to the target);
 * - its linked chats (those the target has not already);
 * - its requester and Cc as Cc of the target (not the target's own requester).
 * `privateToTarget` (the two requesters differ): what moves becomes internal, so that the target's
 * requester never reads another customer's words. The search vectors of both tickets are then
 * computed again (the responses trigger follows a reply's content, not its change of ticket, and
 * leaves new replies to their statement).
 */
export async function moveTicketContents(
  tx: Prisma.TransactionClient,
  source: TicketRow,
  target: TicketRow,
  privateToTarget: boolean,
  reference: string,
): Promise<MovedCounts> {
  const noteId = randomUUID();
  await tx.$executeRaw`INSERT INTO ticket_responses (id, "organizationId", "ticketId", content,
      format, "isInternal", "authorType", "authorId", "authorName", "authorEmail", "createdAt")
    VALUES (${noteId}::uuid, ${source.organizationId}::uuid, ${target.id}::uuid,
      ${`${reference}: ${source.subject}\n\n${source.description}`}::text,
      'text'::"ResponseFormat", ${privateToTarget}::boolean, 'SYSTEM'::"ResponseAuthorType",
      ${source.requesterId}::uuid, ${source.requesterName}::text, ${source.requesterEmail}::text,
      ${source.createdAt}::timestamptz)`;
  await tx.$executeRaw`UPDATE attachments SET "responseId" = ${noteId}::uuid
    WHERE "ticketId" = ${source.id}::uuid AND "responseId" IS NULL`;
  const responses = await tx.$executeRaw`UPDATE ticket_responses
    SET "ticketId" = ${target.id}::uuid, "isInternal" = ("isInternal" OR ${privateToTarget}::boolean)
    WHERE "ticketId" = ${source.id}::uuid`;
  const attachments = await tx.$executeRaw`UPDATE attachments SET "ticketId" = ${target.id}::uuid
    WHERE "ticketId" = ${source.id}::uuid`;
  const chats = await tx.$executeRaw`UPDATE ticket_chats SET "ticketId" = ${target.id}::uuid
    WHERE "ticketId" = ${source.id}::uuid
      AND "chatId" NOT IN (SELECT "chatId" FROM ticket_chats WHERE "ticketId" = ${target.id}::uuid)`;
  const participants =
    await tx.$executeRaw`INSERT INTO ticket_ccs (id, "organizationId", "ticketId", email, name)
    SELECT gen_random_uuid(), ${target.organizationId}::uuid, ${target.id}::uuid, p.email, p.name
    FROM (
      SELECT ${source.requesterEmail}::text AS email, ${source.requesterName}::text AS name, 0 AS ord
      UNION ALL
      SELECT c.email, c.name, 1 FROM ticket_ccs c WHERE c."ticketId" = ${source.id}::uuid
    ) p
    WHERE p.email <> ${target.requesterEmail}::text
    ORDER BY p.ord
    ON CONFLICT ("ticketId", email) DO NOTHING`;
  await recomputeSearchVectors(tx, [source.id, target.id]);
  return { responses: responses + 1, attachments, chats, participants };
}

/** A link row with the other ticket's summary, as read from ticket `ticketId`. */
export interface LinkRow {
  id: string;
  type: TicketLinkType;
  /** Whether `ticketId` is the link's source (for `parent`: the parent). */
  outgoing: boolean;
  createdAt: Date;
  otherId: string;
  otherNumber: number;
  otherSubject: string;
  otherStatus: TicketStatus;
}

/**
 * The links of ticket `ticketId` whose other ticket is not deleted and passes `visible` (the
 * reader's visibility conditions on `tickets t`), oldest first.
 */
export function findLinks(db: Db, ticketId: string, visible: Prisma.Sql[]): Promise<LinkRow[]> {
  return db.$queryRaw<
    LinkRow[]
  >`SELECT l.id, l.type, (l."sourceId" = ${ticketId}::uuid) AS outgoing,
      l."createdAt", t.id AS "otherId", t.number AS "otherNumber", t.subject AS "otherSubject",
      t.status AS "otherStatus"
    FROM ticket_links l
    JOIN tickets t ON t.id = CASE WHEN l."sourceId" = ${ticketId}::uuid THEN l."targetId" ELSE l."sourceId" END
    WHERE (l."sourceId" = ${ticketId}::uuid OR l."targetId" = ${ticketId}::uuid)
      AND ${Prisma.join(visible, ' AND ')}
    ORDER BY l."createdAt", l.id`;
}

/** Whether tickets `a` and `b` are linked already, either way, whatever the type. */
export async function linkExists(db: Db, a: string, b: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT id FROM ticket_links
    WHERE ("sourceId" = ${a}::uuid AND "targetId" = ${b}::uuid)
       OR ("sourceId" = ${b}::uuid AND "targetId" = ${a}::uuid)
    LIMIT 1`;
  return rows.length > 0;
}

/** Whether `child` has a parent already. */
export async function hasParent(db: Db, child: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT id FROM ticket_links
    WHERE "targetId" = ${child}::uuid AND type = 'parent' LIMIT 1`;
  return rows.length > 0;
}

/**
 * Whether `ticket` is `candidate` or one of its ancestors (parents of parents, at most 100 up):
 * making `candidate` a parent of `ticket`'s ancestor chain member would close a cycle.
 */
export async function isAncestorOrSelf(
  db: Db,
  ticket: string,
  candidate: string,
): Promise<boolean> {
  const rows = await db.$queryRaw<{ found: boolean }[]>`WITH RECURSIVE up(id, depth) AS (
      SELECT ${candidate}::uuid, 0
      UNION ALL
      SELECT l."sourceId", up.depth + 1 FROM ticket_links l JOIN up ON l."targetId" = up.id
      WHERE l.type = 'parent' AND up.depth < 100
    )
    SELECT EXISTS (SELECT 1 FROM up WHERE id = ${ticket}::uuid) AS found`;
  return rows[0]?.found ?? false;
}

/** Inserts a link; @returns its id and time. */
export async function insertLink(
  db: Db,
  link: {
    organizationId: string;
    type: TicketLinkType;
    sourceId: string;
    targetId: string;
    createdById: string | null;
  },
): Promise<{ id: string; createdAt: Date }> {
  return db.ticketLink.create({
    data: link,
    select: { id: true, createdAt: true },
  });
}

/** The link `linkId` if it touches ticket `ticketId`; null otherwise. */
export function findLinkOf(db: Db, ticketId: string, linkId: string) {
  return db.ticketLink.findFirst({
    where: { id: linkId, OR: [{ sourceId: ticketId }, { targetId: ticketId }] },
    select: { id: true, type: true, sourceId: true, targetId: true },
  });
}

/** Deletes link `id`. */
export async function deleteLink(db: Db, id: string): Promise<void> {
  await db.ticketLink.delete({ where: { id } });
}

/** The id and number of ticket `id` (deleted or not), or null. */
export function findTicketNumber(db: Db, id: string) {
  return db.ticket.findUnique({ where: { id }, select: { id: true, number: true } });
}
