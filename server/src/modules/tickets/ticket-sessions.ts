/**
 * A ticket's session (the product's "Ticket": mode, time, meeting link, duration): scheduling,
 * rescheduling and cancelling it, with a SESSION_SCHEDULED activity row the requester sees and a
 * `ticket.updated` event. A CLOSED ticket takes no session change.
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

/**
 * Schedules (or reschedules) the ticket's session (`PUT /api/tickets/:id/session`; docs/product.md
 * "Ticket": mode, time, meeting link, duration). A video or audio session without a link keeps
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
    const next: SessionValue = {
      mode: input.mode,
      scheduledAt: new Date(input.scheduledAt).toISOString(),
      durationMinutes: input.durationMinutes ?? null,
      meetingLink,
    };
    if (sameJson(previous, next)) return current;
    return writeSession(tx, principal, current, previous, next);
  });
  return presentTicket(row, principal);
}

/**
 * Cancels the ticket's session (`DELETE /api/tickets/:id/session`): clears it, bumps the
 * version and writes SESSION_SCHEDULED with `after: {session: null}` (public: the requester
 * learns the meeting is off). Without a session, nothing changes.
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
 * Stores `next` as the ticket's session (null clears it), bumps the version and writes the
 * public SESSION_SCHEDULED row with before/after `{session}`; answers the reloaded ticket.
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
    },
    now,
  );
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
};

function sessionOf(row: TicketRow): SessionValue | null {
  if (!row.sessionMode || !row.sessionScheduledAt) return null;
  return {
    mode: row.sessionMode,
    scheduledAt: row.sessionScheduledAt.toISOString(),
    durationMinutes: row.sessionDurationMinutes,
    meetingLink: row.sessionMeetingLink,
  };
}

/**
 * A meeting link nobody can guess: `<base>/docket-<22 characters>`, 128 bits from the CSPRNG in
 * base64url (the room name is the only secret of a Jitsi-style room).
 */
export function generateMeetingLink(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/docket-${randomBytes(16).toString('base64url')}`;
}
