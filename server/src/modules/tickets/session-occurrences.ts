/**
 * The occurrences of a ticket's session (docs/product.md "Sessions"): listing them, rescheduling
 * or cancelling one alone (RFC 5545: an occurrence keeps its RECURRENCE-ID, its original start),
 * and recording the notes and outcome of one once its time has come. The notes are internal:
 * they reach no customer, no public activity row and no event.
 */
import type { Db, PrismaClient } from '../../lib/db.js';
import { ConflictError, NotFoundError, refuseIfClosed } from '../../lib/errors.js';
import { isStaff, userIdOf, type Principal } from '../../lib/principal.js';
import { findVisibleTicket, lockVisibleTicket } from './ticket-access.js';
import { recordChanges } from './ticket-events.js';
import { updateTicketSession } from './ticket-writes.repository.js';
import type { TicketRow } from './tickets.presenter.js';
import { occurrenceStarts } from './session-recurrence.js';
import {
  findOccurrence,
  findOccurrences,
  findUserNames,
  updateOccurrence,
  updateOccurrenceNotes,
  type OccurrenceRow,
} from './session-occurrences.repository.js';
import type {
  CustomerSessionOccurrence,
  OccurrenceNotesInput,
  SessionOccurrence,
  SessionOccurrenceList,
  UpdateOccurrenceInput,
} from './session-occurrences.schemas.js';
import { isoInstantOrNull } from '../../lib/iso-instant.js';

/** An occurrence for staff: with its outcome, notes and their author's name (from `authors`). */
function toOccurrence(row: OccurrenceRow, authors: Map<string, string>): SessionOccurrence {
  const authorName = row.notesAuthorId ? authors.get(row.notesAuthorId) : undefined;
  return {
    ...toCustomerOccurrence(row),
    outcome: row.outcome,
    notes: row.notes,
    notesRecordedAt: isoInstantOrNull(row.notesRecordedAt),
    notesAuthor:
      row.notesAuthorId && authorName !== undefined
        ? { id: row.notesAuthorId, name: authorName }
        : null,
  };
}

/** An occurrence for the requester: times and cancellation, nothing the agent recorded. */
function toCustomerOccurrence(row: OccurrenceRow): CustomerSessionOccurrence {
  return {
    id: row.id,
    originalStart: row.originalStart.toISOString(),
    scheduledAt: row.scheduledAt.toISOString(),
    durationMinutes: row.durationMinutes,
    cancelledAt: isoInstantOrNull(row.cancelledAt),
  };
}

async function presentOccurrences(
  db: Db,
  principal: Principal,
  rows: OccurrenceRow[],
): Promise<(SessionOccurrence | CustomerSessionOccurrence)[]> {
  if (!isStaff(principal)) return rows.map(toCustomerOccurrence);
  const authorIds = [...new Set(rows.flatMap((r) => (r.notesAuthorId ? [r.notesAuthorId] : [])))];
  const authors = await findUserNames(db, authorIds);
  return rows.map((row) => toOccurrence(row, authors));
}

/**
 * `GET /api/tickets/:id/session/occurrences`: every occurrence of the ticket's session by
 * original start, with those of earlier sessions whose outcome was recorded (history). Staff get
 * outcome, notes and author; the requester only times and cancellations.
 * @throws NotFoundError (the ticket is not visible)
 */
export async function listOccurrences(
  prisma: PrismaClient,
  principal: Principal,
  idOrReference: string,
): Promise<SessionOccurrenceList> {
  const ticket = await findVisibleTicket(prisma, principal, idOrReference);
  const rows = await findOccurrences(prisma, ticket.id);
  return { data: await presentOccurrences(prisma, principal, rows) };
}

/** The occurrence value SESSION_SCHEDULED records for a change of one occurrence (public). */
function occurrenceValue(row: OccurrenceRow) {
  return {
    originalStart: row.originalStart.toISOString(),
    scheduledAt: row.scheduledAt.toISOString(),
    durationMinutes: row.durationMinutes,
    cancelled: row.cancelledAt !== null,
  };
}

/**
 * `PATCH /api/tickets/:id/session/occurrences/:occurrenceId`: reschedules (`scheduledAt`,
 * `durationMinutes`) or cancels (`cancelled: true`; `false` restores it) one occurrence of a
 * recurring session alone, the rest of the series standing (RFC 5545 RECURRENCE-ID). Bumps the
 * ticket's version and writes a public SESSION_SCHEDULED row with before/after `{occurrence:
 * {originalStart, scheduledAt, durationMinutes, cancelled}}`, whose `ticket.updated` event
 * (change `sessionOccurrence`) mails the requester. No change, no row. A one-off session is
 * changed with PUT or DELETE /api/tickets/:id/session.
 * @throws NotFoundError (ticket or occurrence), ConflictError `ticket_closed`,
 * `session_not_recurring` (a one-off session, or an occurrence of an earlier session)
 */
export async function changeOccurrence(
  prisma: PrismaClient,
  principal: Principal,
  idOrReference: string,
  occurrenceId: string,
  input: UpdateOccurrenceInput,
): Promise<SessionOccurrence> {
  const occurrence = await prisma.$transaction(async (tx) => {
    const ticket = await lockVisibleTicket(tx, principal, idOrReference);
    const current = await findOccurrence(tx, ticket.id, occurrenceId);
    if (!current) throw new NotFoundError('Session occurrence');
    refuseIfClosed(ticket.status, ticket.number);
    if (!isOfCurrentSeries(ticket, current)) {
      throw new ConflictError(
        'Only an occurrence of a recurring session is changed on its own; change a one-off session with PUT or DELETE /api/tickets/:id/session',
        'session_not_recurring',
      );
    }
    const now = new Date();
    const next = {
      scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : current.scheduledAt,
      durationMinutes:
        input.durationMinutes !== undefined ? input.durationMinutes : current.durationMinutes,
      cancelledAt:
        input.cancelled === undefined
          ? current.cancelledAt
          : input.cancelled
            ? (current.cancelledAt ?? now)
            : null,
    };
    if (
      next.scheduledAt.getTime() === current.scheduledAt.getTime() &&
      next.durationMinutes === current.durationMinutes &&
      (next.cancelledAt === null) === (current.cancelledAt === null)
    ) {
      return current;
    }
    const occurrence = await updateOccurrence(tx, current.id, next, now);
    // The ticket's session columns are unchanged; writing them bumps its version.
    await updateTicketSession(
      tx,
      ticket.id,
      {
        sessionMode: ticket.sessionMode,
        sessionScheduledAt: ticket.sessionScheduledAt,
        sessionDurationMinutes: ticket.sessionDurationMinutes,
        sessionMeetingLink: ticket.sessionMeetingLink,
        sessionRecurrence: ticket.sessionRecurrence,
      },
      now,
    );
    await recordChanges(
      tx,
      principal,
      ticket.id,
      [
        {
          type: 'SESSION_SCHEDULED',
          before: { occurrence: occurrenceValue(current) },
          after: { occurrence: occurrenceValue(occurrence) },
        },
      ],
      null,
      now,
    );
    return occurrence;
  });
  const [presented] = await presentOccurrences(prisma, principal, [occurrence]);
  return presented as SessionOccurrence;
}

/** Whether `occurrence` is one of the dates of the ticket's current recurring session. */
function isOfCurrentSeries(ticket: TicketRow, occurrence: OccurrenceRow): boolean {
  if (!ticket.sessionRecurrence || !ticket.sessionScheduledAt) return false;
  const start = occurrence.originalStart.getTime();
  return occurrenceStarts(ticket.sessionRecurrence, ticket.sessionScheduledAt).some(
    (d) => d.getTime() === start,
  );
}

/**
 * `PUT /api/tickets/:id/session/occurrences/:occurrenceId/notes`: records (or edits) the outcome
 * (`held`, `no_show`, `cancelled`) and internal notes of one occurrence, once its time has come
 * (docs/product.md "Sessions"). Writes an INTERNAL SESSION_NOTES_RECORDED row, `after:
 * {occurrenceId, outcome, scheduledAt}` — never the notes' text, which stay on the occurrence —
 * and no event; the ticket's version is unchanged.
 * @throws NotFoundError (ticket or occurrence), ConflictError `ticket_closed`,
 * `session_not_started` (its scheduledAt is still ahead)
 */
export async function recordOccurrenceNotes(
  prisma: PrismaClient,
  principal: Principal,
  idOrReference: string,
  occurrenceId: string,
  input: OccurrenceNotesInput,
): Promise<SessionOccurrence> {
  const occurrence = await prisma.$transaction(async (tx) => {
    const ticket = await lockVisibleTicket(tx, principal, idOrReference);
    const current = await findOccurrence(tx, ticket.id, occurrenceId);
    if (!current) throw new NotFoundError('Session occurrence');
    refuseIfClosed(ticket.status, ticket.number);
    const now = new Date();
    if (current.scheduledAt.getTime() > now.getTime()) {
      throw new ConflictError(
        `This occurrence starts at ${current.scheduledAt.toISOString()}: notes are recorded once it has started`,
        'session_not_started',
      );
    }
    const notes = input.notes?.trim() ? input.notes : null;
    if (current.outcome === input.outcome && current.notes === notes) return current;
    const updated = await updateOccurrenceNotes(
      tx,
      current.id,
      { outcome: input.outcome, notes, authorId: userIdOf(principal) },
      now,
    );
    await recordChanges(
      tx,
      principal,
      ticket.id,
      [
        {
          type: 'SESSION_NOTES_RECORDED',
          isInternal: true,
          before: current.outcome ? { outcome: current.outcome } : null,
          after: {
            occurrenceId: current.id,
            outcome: input.outcome,
            scheduledAt: current.scheduledAt.toISOString(),
          },
        },
      ],
      null,
      now,
    );
    return updated;
  });
  const [presented] = await presentOccurrences(prisma, principal, [occurrence]);
  return presented as SessionOccurrence;
}
