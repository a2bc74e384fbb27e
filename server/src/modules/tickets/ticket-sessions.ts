/**
 * A ticket's session (docs/product.md "Sessions": mode, time, meeting link, duration, and a
 * weekly recurrence): scheduling, rescheduling and cancelling it, with a SESSION_SCHEDULED
 * activity row the requester sees and a `ticket.updated` event. The session's occurrences (one
 * for a one-off, one per date of its RFC 5545 rule) are rewritten in the same transaction. A
 * CLOSED ticket takes no session change.
 */
import { randomBytes } from 'node:crypto';
import type { SessionMode } from '../../lib/domain.js';
import type { Db, PrismaClient } from '../../lib/db.js';
import { refuseIfClosed } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { lockVisibleTicket, reloadTicket } from './ticket-access.js';
import { recordChanges } from './ticket-events.js';
import type { TicketsDeps } from './tickets.deps.js';
import { presentTicket, type TicketRow } from './tickets.presenter.js';
import type { AnyTicket, ScheduleSessionInput } from './tickets.schemas.js';
import { sameJson } from './update-ticket.js';
import { updateTicketSession } from './ticket-writes.repository.js';
import { occurrenceStarts, presentRecurrence, weeklyRule } from './session-recurrence.js';
import {
  deleteOccurrences,
  findNextOccurrences,
  replaceOccurrences,
} from './session-occurrences.repository.js';

/**
 * Schedules (or reschedules) the ticket's session (`PUT /api/tickets/:id/session`; docs/product.md
 * "Sessions": mode, time, meeting link, duration, and optionally `recurrence: {interval (weeks,
 * 1–12), count (2–52)}`, stored as an RFC 5545 RRULE whose occurrences are written in the same
 * transaction; the answer carries the next occurrence). A video or audio session without a link keeps
 * the link it already had, else gets a new one: `<MEETING_BASE_URL>/docket-<128 random bits,
 * base64url>`, unguessable. Chat and in-person sessions have no link unless one is given.
 * Writes SESSION_SCHEDULED (public: the requester sees time, mode and link) with
 * before/after `{session}`; the same session again changes nothing.
 * @throws NotFoundError, ConflictError `ticket_closed`
 */
export async function scheduleSession(
  deps: Pick<TicketsDeps, 'prisma' | 'config'>,
  principal: Principal,
  idOrReference: string,
  input: ScheduleSessionInput,
): Promise<AnyTicket> {
  const { prisma, config } = deps;
  const row = await prisma.$transaction(async (tx) => {
    const current = await lockVisibleTicket(tx, principal, idOrReference);
    refuseIfClosed(current.status, current.number);
    const previous = sessionOf(current);
    const remote = input.mode === 'video' || input.mode === 'audio';
    const meetingLink =
      input.meetingLink ??
      (remote
        ? previous?.meetingLink && (previous.mode === 'video' || previous.mode === 'audio')
          ? previous.meetingLink
          : generateMeetingLink(config.meetingBaseUrl)
        : null);
    const rule = input.recurrence ? weeklyRule(input.recurrence) : null;
    const next: SessionValue = {
      mode: input.mode,
      scheduledAt: new Date(input.scheduledAt).toISOString(),
      durationMinutes: input.durationMinutes ?? null,
      meetingLink,
      recurrence: presentRecurrence(rule),
    };
    if (sameJson(previous, next)) return withNextOccurrence(tx, current);
    return withNextOccurrence(tx, await writeSession(tx, principal, current, previous, next));
  });
  return presentTicket(row, principal);
}

/**
 * `row` with `nextSessionOccurrence` loaded when its session repeats (the presenter's
 * `session.nextOccurrence`): one query, for single-ticket answers only (lists leave it out).
 */
export async function withNextOccurrence(db: Db, row: TicketRow): Promise<TicketRow> {
  if (!row.sessionRecurrence || !row.sessionScheduledAt) return row;
  const next = await findNextOccurrences(db, [row.id], new Date());
  row.nextSessionOccurrence = next.get(row.id) ?? null;
  return row;
}

/**
 * Cancels the ticket's session, every occurrence of a recurring one
 * (`DELETE /api/tickets/:id/session`): clears it, bumps the version and writes SESSION_SCHEDULED
 * with `after: {session: null}` (public: the requester learns the meeting is off). Occurrences
 * whose outcome was recorded stay, as history. Without a session, nothing changes.
 * @throws NotFoundError, ConflictError `ticket_closed`
 */
export async function cancelSession(
  prisma: PrismaClient,
  principal: Principal,
  idOrReference: string,
): Promise<AnyTicket> {
  const row = await prisma.$transaction(async (tx) => {
    const current = await lockVisibleTicket(tx, principal, idOrReference);
    const previous = sessionOf(current);
    if (!previous) return current;
    refuseIfClosed(current.status, current.number);
    return writeSession(tx, principal, current, previous, null);
  });
  return presentTicket(row, principal);
}

/**
 * Stores `next` as the ticket's session (null clears it), bumps the version, rewrites its
 * occurrences (those of the new rule from its start; replaceOccurrences keeps the notes, outcome,
 * own time and cancellation of an occurrence that keeps its original start, and the ones with a
 * recorded outcome stay as history) and writes the public SESSION_SCHEDULED row with before/after
 * `{session}`; answers the reloaded ticket.
 */
async function writeSession(
  tx: Db,
  principal: Principal,
  current: TicketRow,
  previous: SessionValue | null,
  next: SessionValue | null,
): Promise<TicketRow> {
  const now = new Date();
  await updateTicketSession(
    tx,
    current.id,
    {
      sessionMode: next?.mode ?? null,
      sessionScheduledAt: next ? new Date(next.scheduledAt) : null,
      sessionDurationMinutes: next?.durationMinutes ?? null,
      sessionMeetingLink: next?.meetingLink ?? null,
      sessionRecurrence: next?.recurrence?.rrule ?? null,
    },
    now,
  );
  if (next) {
    const starts = occurrenceStarts(next.recurrence?.rrule ?? null, new Date(next.scheduledAt));
    await replaceOccurrences(
      tx,
      current,
      starts.map((start) => ({
        originalStart: start,
        scheduledAt: start,
        durationMinutes: next.durationMinutes,
      })),
      now,
    );
  } else {
    await deleteOccurrences(tx, current.id);
  }
  await recordChanges(
    tx,
    principal,
    current.id,
    [{ type: 'SESSION_SCHEDULED', before: { session: previous }, after: { session: next } }],
    null,
    now,
  );
  return reloadTicket(tx, current.id);
}

/** The API's session value, as stored in activity before/after. */
type SessionValue = {
  mode: SessionMode;
  scheduledAt: string;
  durationMinutes: number | null;
  meetingLink: string | null;
  recurrence: ReturnType<typeof presentRecurrence>;
};

function sessionOf(row: TicketRow): SessionValue | null {
  if (!row.sessionMode || !row.sessionScheduledAt) return null;
  return {
    mode: row.sessionMode,
    scheduledAt: row.sessionScheduledAt.toISOString(),
    durationMinutes: row.sessionDurationMinutes,
    meetingLink: row.sessionMeetingLink,
    recurrence: presentRecurrence(row.sessionRecurrence),
  };
}

/**
 * A meeting link nobody can guess: `<base>/docket-<22 characters>`, 128 bits from the CSPRNG in
 * base64url (the room name is the only secret of a Jitsi-style room).
 */
export function generateMeetingLink(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/docket-${randomBytes(16).toString('base64url')}`;
}
