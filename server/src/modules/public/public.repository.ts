/**
 * The public tracker's reads of tickets and users (docs/product.md "Customers"): the ticket as
 * the tracker shows it, the tickets carrying a number (the look-up by reference and email), the
 * owner of a ticket's uploads, and the requester's language. The public module owns no table:
 * its reads of responses and activity are those modules' (responses/index.ts, activity/index.ts).
 */
import type { Db, Prisma } from '../../lib/db.js';
import { publicAttachmentArgs } from '../attachments/index.js';

/** What the tracker reads of a ticket: only what PublicTicketSchema shows. */
const publicTicketSelect = {
  number: true,
  subject: true,
  description: true,
  status: true,
  priority: true,
  category: { select: { name: true } },
  attachments: { ...publicAttachmentArgs, where: { deletedAt: null, responseId: null } },
  sessionMode: true,
  sessionScheduledAt: true,
  sessionDurationMinutes: true,
  sessionMeetingLink: true,
  sessionRecurrence: true,
  // A recurring session's occurrences still on (the view shows the next one; at most 52 a series,
  // plus earlier sessions' recorded ones): times only, never the agent's outcome or notes.
  sessionOccurrences: {
    where: { cancelledAt: null },
    select: { scheduledAt: true, durationMinutes: true },
    orderBy: { scheduledAt: 'asc' },
    take: 120,
  },
  customFields: true,
  createdAt: true,
  updatedAt: true,
  resolvedAt: true,
  closedAt: true,
  resolutionNote: true,
  mergedInto: { select: { number: true } },
} satisfies Prisma.TicketSelect;
/** A ticket as the tracker reads it. */
export type PublicTicketRow = Prisma.TicketGetPayload<{ select: typeof publicTicketSelect }>;

/**
 * The live (not deleted) ticket `ticketId` as the tracker shows it, with its own public files
 * (not a reply's), or null. Not awaited: the tracker runs it in one snapshot with its other
 * reads (a batch `$transaction`), so it returns the query itself.
 */
export function findPublicTicket(
  db: Db,
  ticketId: string,
): Prisma.PrismaPromise<PublicTicketRow | null> {
  return db.ticket.findFirst({
    where: { id: ticketId, deletedAt: null },
    select: publicTicketSelect,
  });
}

/**
 * The live tickets numbered `number` (one per organization at most), most recently updated
 * first, at most `take`: their ids and requesters' emails.
 */
export function findTicketsByNumber(
  db: Db,
  number: number,
  take: number,
): Promise<{ id: string; requesterEmail: string }[]> {
  return db.ticket.findMany({
    where: { number, deletedAt: null },
    select: { id: true, requesterEmail: true },
    orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
    take,
  });
}

/** The organization and requester's user of the live ticket `ticketId`, or null. */
export function findLiveTicketOwner(
  db: Db,
  ticketId: string,
): Promise<{ organizationId: string; requesterId: string | null } | null> {
  return db.ticket.findFirst({
    where: { id: ticketId, deletedAt: null },
    select: { organizationId: true, requesterId: true },
  });
}

/** The language (`locale`) of the organization's user `userId`, or null for no such user. */
export function findUserLocale(
  db: Db,
  organizationId: string,
  userId: string,
): Promise<{ locale: string } | null> {
  return db.user.findFirst({
    where: { id: userId, organizationId },
    select: { locale: true },
  });
}
