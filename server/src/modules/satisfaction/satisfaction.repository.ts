/**
 * The satisfaction ratings' reads and writes (docs/decisions/0005-repositories.md): the ticket
 * being rated (locked while a rating is written), the organization's settings, and the
 * `satisfaction_ratings` rows. Each function takes the client or a transaction client first.
 */
import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../lib/db.js';
import type { TicketStatus } from '../../lib/domain.js';
import type { SatisfactionScale } from './satisfaction.schemas.js';

/** What rating a ticket needs of it. */
export interface RatableTicketRow {
  id: string;
  organizationId: string;
  status: TicketStatus;
  resolvedAt: Date | null;
  assigneeId: string | null;
  groupId: string | null;
  categoryId: string | null;
  requesterId: string | null;
  requesterName: string;
  requesterEmail: string;
}

const ratableSelect = {
  id: true,
  organizationId: true,
  status: true,
  resolvedAt: true,
  assigneeId: true,
  groupId: true,
  categoryId: true,
  requesterId: true,
  requesterName: true,
  requesterEmail: true,
} satisfies Prisma.TicketSelect;

/** The live (not deleted) ticket `ticketId`, or null. */
export function findRatableTicket(db: Db, ticketId: string): Promise<RatableTicketRow | null> {
  return db.ticket.findFirst({ where: { id: ticketId, deletedAt: null }, select: ratableSelect });
}

/**
 * Takes the row lock of the live ticket `ticketId` (`SELECT … FOR UPDATE`) until the
 * transaction `tx` ends, then reads it: a reopening cannot slip between the check and the write.
 * Null when there is no such live ticket.
 */
export async function lockRatableTicket(
  tx: Prisma.TransactionClient,
  ticketId: string,
): Promise<RatableTicketRow | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM tickets WHERE id = ${ticketId}::uuid AND "deletedAt" IS NULL FOR UPDATE`;
  if (!locked.length) return null;
  return findRatableTicket(tx, ticketId);
}

const ratingSelect = {
  id: true,
  scale: true,
  score: true,
  comment: true,
  reason: true,
  resolvedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.SatisfactionRatingSelect;
/** A rating as read here. */
export type RatingRow = Prisma.SatisfactionRatingGetPayload<{ select: typeof ratingSelect }>;

/** The rating of the ticket's resolution at `resolvedAt`, or null. */
export function findRating(db: Db, ticketId: string, resolvedAt: Date): Promise<RatingRow | null> {
  return db.satisfactionRating.findUnique({
    where: { ticketId_resolvedAt: { ticketId, resolvedAt } },
    select: ratingSelect,
  });
}

/** The ticket's most recent rating (of its latest rated resolution), or null. */
export function findLatestRating(db: Db, ticketId: string): Promise<RatingRow | null> {
  return db.satisfactionRating.findFirst({
    where: { ticketId },
    orderBy: [{ resolvedAt: 'desc' }],
    select: ratingSelect,
  });
}

/** A new rating; agent, group and category are the ticket's at rating time. */
export function insertRating(
  db: Db,
  data: {
    organizationId: string;
    ticketId: string;
    resolvedAt: Date;
    scale: SatisfactionScale;
    score: number;
    comment: string | null;
    reason: string | null;
    agentId: string | null;
    groupId: string | null;
    categoryId: string | null;
    now: Date;
  },
): Promise<RatingRow> {
  const { now, ...rest } = data;
  return db.satisfactionRating.create({
    data: { ...rest, createdAt: now, updatedAt: now },
    select: ratingSelect,
  });
}

/** Changes the rating `id`'s score, comment and reason. */
export function updateRating(
  db: Db,
  id: string,
  data: { score: number; comment: string | null; reason: string | null; now: Date },
): Promise<RatingRow> {
  return db.satisfactionRating.update({
    where: { id },
    data: { score: data.score, comment: data.comment, reason: data.reason, updatedAt: data.now },
    select: ratingSelect,
  });
}

/**
 * SQL for a statement over `tickets t`: the latest rating of the ticket (its latest rated
 * resolution, as latestSatisfaction reads it) as JSON `{score, scale, comment, reason,
 * createdAt}`, or NULL. Lets GET /api/tickets/:id read the rating in the ticket's own statement
 * instead of a query of its own (bench/README.md "Reads at the baseline's speed"); one lookup on
 * the (ticketId, resolvedAt) unique index. ratingOfJson presents it.
 */
export const LATEST_RATING_JSON_SQL = Prisma.sql`(SELECT json_build_object('score', r.score,
    'scale', r.scale, 'comment', r.comment, 'reason', r.reason, 'createdAt', r."createdAt")
  FROM satisfaction_ratings r WHERE r."ticketId" = t.id ORDER BY r."resolvedAt" DESC LIMIT 1)`;
