/**
 * The occurrences of tickets' sessions (table session_occurrences; docs/product.md "Sessions"):
 * one row per date of a session, identified by its original start (RFC 5545 RECURRENCE-ID).
 * Rows only: the rules are in ticket-sessions.ts and session-occurrences.ts.
 */
import type { SessionOutcome } from '../../lib/domain.js';
import type { Db } from '../../lib/db.js';

/** What the API shows of an occurrence, and what its rules read. */
const occurrenceSelect = {
  id: true,
  ticketId: true,
  originalStart: true,
  scheduledAt: true,
  durationMinutes: true,
  cancelledAt: true,
  outcome: true,
  notes: true,
  notesAuthorId: true,
  notesRecordedAt: true,
} as const;

/** An occurrence row. */
export interface OccurrenceRow {
  id: string;
  ticketId: string;
  originalStart: Date;
  scheduledAt: Date;
  durationMinutes: number | null;
  cancelledAt: Date | null;
  outcome: SessionOutcome | null;
  notes: string | null;
  notesAuthorId: string | null;
  notesRecordedAt: Date | null;
}

/** The occurrences of ticket `ticketId`, by original start. */
export function findOccurrences(db: Db, ticketId: string): Promise<OccurrenceRow[]> {
  return db.sessionOccurrence.findMany({
    where: { ticketId },
    select: occurrenceSelect,
    orderBy: { originalStart: 'asc' },
  });
}

/** The occurrence `id` of ticket `ticketId`, or null. */
export function findOccurrence(
  db: Db,
  ticketId: string,
  id: string,
): Promise<OccurrenceRow | null> {
  return db.sessionOccurrence.findFirst({ where: { id, ticketId }, select: occurrenceSelect });
}

/**
 * The start of the next occurrence of each of `ticketIds` that is neither cancelled nor over
 * (its start plus its duration, an hour when unknown, after `now`): one query for them all.
 */
export async function findNextOccurrences(
  db: Db,
  ticketIds: readonly string[],
  now: Date,
): Promise<Map<string, Date>> {
  const next = new Map<string, Date>();
  if (!ticketIds.length) return next;
  const rows = await db.sessionOccurrence.findMany({
    where: {
      ticketId: { in: [...ticketIds] },
      cancelledAt: null,
      // Over at most 480 minutes after its start (the longest session): filtered again below.
      scheduledAt: { gt: new Date(now.getTime() - 480 * 60_000) },
    },
    select: { ticketId: true, scheduledAt: true, durationMinutes: true },
    orderBy: { scheduledAt: 'asc' },
  });
  for (const row of rows) {
    const end = row.scheduledAt.getTime() + (row.durationMinutes ?? 60) * 60_000;
    if (end > now.getTime() && !next.has(row.ticketId)) next.set(row.ticketId, row.scheduledAt);
  }
  return next;
}

/** An occurrence to write: its original start, its start now and its duration. */
export interface OccurrenceDraft {
  originalStart: Date;
  scheduledAt: Date;
  durationMinutes: number | null;
}

/**
 * Makes ticket `ticketId`'s occurrences `drafts` (matched by original start): the others are
 * deleted unless their outcome was recorded (history), new ones inserted, and kept ones take the
 * new duration, keeping their own time, cancellation, notes and outcome. In the caller's
 * transaction.
 */
export async function replaceOccurrences(
  db: Db,
  ticket: { id: string; organizationId: string },
  drafts: readonly OccurrenceDraft[],
  now: Date,
): Promise<void> {
  await db.sessionOccurrence.deleteMany({
    where: {
      ticketId: ticket.id,
      outcome: null,
      originalStart: { notIn: drafts.map((d) => d.originalStart) },
    },
  });
  for (const draft of drafts) {
    await db.sessionOccurrence.upsert({
      where: {
        ticketId_originalStart: { ticketId: ticket.id, originalStart: draft.originalStart },
      },
      create: { organizationId: ticket.organizationId, ticketId: ticket.id, ...draft },
      update: { durationMinutes: draft.durationMinutes, updatedAt: now },
    });
  }
}

/**
 * Deletes the occurrences of ticket `ticketId` (the session was cancelled as a whole), but those
 * whose outcome was recorded (history).
 */
export async function deleteOccurrences(db: Db, ticketId: string): Promise<void> {
  await db.sessionOccurrence.deleteMany({ where: { ticketId, outcome: null } });
}

/** Changes occurrence `id`'s time, duration or cancellation. */
export async function updateOccurrence(
  db: Db,
  id: string,
  data: { scheduledAt: Date; durationMinutes: number | null; cancelledAt: Date | null },
  now: Date,
): Promise<OccurrenceRow> {
  return db.sessionOccurrence.update({
    where: { id },
    data: { ...data, updatedAt: now },
    select: occurrenceSelect,
  });
}

/** Records occurrence `id`'s outcome and notes, by `authorId`. */
export async function updateOccurrenceNotes(
  db: Db,
  id: string,
  data: { outcome: SessionOutcome; notes: string | null; authorId: string | null },
  now: Date,
): Promise<OccurrenceRow> {
  return db.sessionOccurrence.update({
    where: { id },
    data: {
      outcome: data.outcome,
      notes: data.notes,
      notesAuthorId: data.authorId,
      notesRecordedAt: now,
      updatedAt: now,
    },
    select: occurrenceSelect,
  });
}

/** The names of users `ids` (notes authors), by id. */
export async function findUserNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const users = await db.user.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, name: true },
  });
  return new Map(users.map((u) => [u.id, u.name]));
}
