/**
 * The mails of a scheduled session (README.md "Rules"; docs/product.md "Sessions"):
 * `ticket.updated` with a `session` change tells the requester the time in their language and
 * time zone, the mode, the meeting link and, for a recurring session, the rule and the next
 * occurrence, with the calendar invitation attached (`session.ics`, RFC 5545: the series' RRULE,
 * its cancelled dates as EXDATE and each moved date as an override with its RECURRENCE-ID). A
 * `sessionOccurrence` change (one occurrence moved, cancelled or restored) tells them which, with
 * the next occurrence and the updated invitation.
 */
import { createEvents, type EventAttributes } from 'ics';
import type { EventData } from '../events/index.js';
import { findOccurrences, type OccurrenceRow } from '../tickets/index.js';
import { plain, type Block, type Text } from './email-templates.js';
import {
  addressOf,
  formatDateFor,
  requesterOf,
  staffName,
  ticketVars,
  toRequester,
  type MailContext,
  type PlannedMail,
  type Recipient,
  type TicketData,
} from './mail-context.js';

type Session = NonNullable<TicketData['session']>;
type Row = { label: Text; value: string };

/** What SESSION_SCHEDULED records of one occurrence changed alone (tickets/session-occurrences.ts). */
interface OccurrenceValue {
  originalStart: string;
  scheduledAt: string;
  durationMinutes: number | null;
  cancelled: boolean;
}

/** `ticket.updated`: a mail when the session or one of its occurrences changed and the ticket has a session. */
export async function sessionScheduledMails(
  ctx: MailContext,
  { ticket, changes }: EventData<'ticket.updated'>,
): Promise<PlannedMail[]> {
  const session = ticket.session;
  if (!session) return [];
  const occurrenceChange = changes['sessionOccurrence'];
  if (!changes['session'] && !occurrenceChange) return [];
  const recipient = await requesterOf(ctx, ticket);
  if (!recipient) return [];
  const start = new Date(session.scheduledAt);
  const series = session.recurrence ? await seriesOccurrences(ctx, ticket.id, start) : [];
  const next = session.recurrence ? nextOccurrence(series, new Date(ctx.event.timestamp)) : start;
  const format = (date: Date) => formatDateFor(date, recipient.locale, recipient.timeZone);
  const modeName = plain(recipient.locale, { key: `mode.${session.mode}` });
  const calendar = sessionInvitation(ctx, {
    ticket,
    session,
    series,
    modeName,
    recipient,
    sequence: Math.floor(new Date(ctx.event.timestamp).getTime() / 1000),
  });
  const calendarBlocks: Block[] = calendar
    ? [{ type: 'paragraph', text: { key: 'session_scheduled.calendar' } }]
    : [];
  const extra: Partial<PlannedMail> = calendar ? { attachments: [calendar] } : {};
  const nextRow: Row[] =
    session.recurrence && next
      ? [{ label: { key: 'label.nextSession' }, value: format(next) }]
      : [];

  if (occurrenceChange && !changes['session']) {
    const before = occurrenceChange.before as OccurrenceValue | null;
    const after = occurrenceChange.after as OccurrenceValue | null;
    if (!after) return [];
    const at = new Date(after.scheduledAt);
    const cancelled = after.cancelled && !before?.cancelled;
    const restored = !after.cancelled && before?.cancelled === true;
    const intro = cancelled
      ? 'occurrenceCancelled'
      : restored
        ? 'occurrenceRestored'
        : 'occurrenceMoved';
    const rows: Row[] = [
      { label: { key: 'label.when' }, value: format(at) },
      ...(!cancelled && before && before.scheduledAt !== after.scheduledAt
        ? [{ label: { key: 'label.originalTime' }, value: format(new Date(before.scheduledAt)) }]
        : []),
      ...sessionRows(recipient, session, after.durationMinutes, modeName),
      ...nextRow,
    ];
    return toRequester(
      ctx,
      ticket,
      'session_scheduled',
      { when: format(at) },
      () => [
        { type: 'paragraph', text: { key: `session_scheduled.${intro}` } },
        { type: 'details', rows },
        ...calendarBlocks,
      ],
      {
        ...extra,
        ...(restored
          ? {}
          : {
              subject: {
                key: `session_scheduled.${cancelled ? 'occurrenceCancelledSubject' : 'occurrenceMovedSubject'}`,
                vars: { ...ticketVars(ticket), when: format(at) },
              },
            }),
      },
    );
  }

  const rows: Row[] = [
    { label: { key: 'label.when' }, value: format(start) },
    ...sessionRows(recipient, session, session.durationMinutes, modeName),
    ...(session.recurrence
      ? [
          {
            label: { key: 'label.repeats' },
            value: plain(recipient.locale, {
              key:
                session.recurrence.interval === 1
                  ? 'session_scheduled.repeatsWeekly'
                  : 'session_scheduled.repeatsEveryWeeks',
              vars: { interval: session.recurrence.interval, count: session.recurrence.count },
            }),
          },
        ]
      : []),
    ...nextRow,
  ];
  return toRequester(
    ctx,
    ticket,
    'session_scheduled',
    { when: format(next ?? start) },
    () => [
      { type: 'paragraph', text: { key: 'session_scheduled.intro' } },
      { type: 'details', rows },
      ...calendarBlocks,
    ],
    extra,
  );
}

/** Duration, mode and link rows of a session's mail. */
function sessionRows(
  recipient: Recipient,
  session: Session,
  durationMinutes: number | null,
  modeName: string,
): Row[] {
  return [
    ...(durationMinutes
      ? [
          {
            label: { key: 'label.duration' },
            value: plain(recipient.locale, {
              key: 'durationMinutes',
              vars: { count: durationMinutes },
            }),
          },
        ]
      : []),
    { label: { key: 'label.mode' }, value: modeName },
    ...(session.meetingLink
      ? [{ label: { key: 'label.meetingLink' }, value: session.meetingLink }]
      : []),
  ];
}

/** The occurrences of the ticket's current series: those from its first start on. */
async function seriesOccurrences(
  ctx: MailContext,
  ticketId: string,
  start: Date,
): Promise<OccurrenceRow[]> {
  const rows = await findOccurrences(ctx.tx, ticketId);
  return rows.filter((row) => row.originalStart.getTime() >= start.getTime());
}

/** The start of the first occurrence neither cancelled nor over at `now`; null if none. */
function nextOccurrence(rows: readonly OccurrenceRow[], now: Date): Date | null {
  const upcoming = rows
    .filter(
      (row) =>
        !row.cancelledAt &&
        row.scheduledAt.getTime() + (row.durationMinutes ?? 60) * 60_000 > now.getTime(),
    )
    .sort((a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime());
  return upcoming[0]?.scheduledAt ?? null;
}

/**
 * The session's calendar invitation (RFC 5545 via the `ics` package): UTC times, a stable UID
 * per ticket (a rescheduled session updates the same calendar entry, its SEQUENCE growing with
 * the event's time). A recurring session carries its RRULE, its cancelled occurrences as EXDATE
 * and each moved occurrence as an override event with the same UID and its RECURRENCE-ID. Null
 * if `ics` refuses the values.
 */
function sessionInvitation(
  ctx: MailContext,
  input: {
    ticket: TicketData;
    session: Session;
    series: readonly OccurrenceRow[];
    modeName: string;
    recipient: Recipient;
    sequence: number;
  },
) {
  const { ticket, session, recipient } = input;
  const link = ctx.trackingUrl(ticket);
  const meetingLink = session.meetingLink;
  const common = {
    startInputType: 'utc',
    startOutputType: 'utc',
    title: plain(recipient.locale, {
      key: 'session_scheduled.eventTitle',
      vars: ticketVars(ticket),
    }),
    description: `${input.modeName}${meetingLink ? `\n${meetingLink}` : ''}\n\n${link}`,
    location: meetingLink ?? input.modeName,
    ...(meetingLink ? { url: meetingLink } : {}),
    uid: `session-${ticket.id}@${ctx.host}`,
    sequence: input.sequence,
    status: 'CONFIRMED',
    organizer: { name: plain(recipient.locale, staffName), email: addressOf(ctx.config.mail.from) },
    attendees: [{ name: recipient.name, email: recipient.email, rsvp: false }],
  } satisfies Partial<EventAttributes>;
  const cancelled = input.series.filter((row) => row.cancelledAt);
  const moved = input.series.filter(
    (row) => !row.cancelledAt && row.scheduledAt.getTime() !== row.originalStart.getTime(),
  );
  const events: EventAttributes[] = [
    {
      ...common,
      start: new Date(session.scheduledAt).getTime(),
      duration: { minutes: session.durationMinutes ?? 60 },
      ...(session.recurrence
        ? {
            recurrenceRule: session.recurrence.rrule,
            ...(cancelled.length
              ? { exclusionDates: cancelled.map((row) => row.originalStart.getTime()) }
              : {}),
          }
        : {}),
    },
    // An occurrence moved alone: the same UID with its original start as RECURRENCE-ID (an
    // attribute `ics` writes but does not declare in its types).
    ...moved.map(
      (row) =>
        ({
          ...common,
          start: row.scheduledAt.getTime(),
          duration: { minutes: row.durationMinutes ?? session.durationMinutes ?? 60 },
          recurrenceId: row.originalStart.getTime(),
        }) as EventAttributes,
    ),
  ];
  const result = createEvents(events, { method: 'REQUEST' });
  if (result.error || !result.value) return null;
  return {
    filename: 'session.ics',
    contentType: 'text/calendar; charset=utf-8; method=REQUEST',
    content: result.value,
  };
}
