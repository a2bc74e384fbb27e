/**
 * The mail of a scheduled session (README.md "Rules"): `ticket.updated` with a `session` change
 * tells the requester the time in their language and time zone, the mode and the meeting link,
 * with the calendar invitation attached (`session.ics`).
 */
import { createEvent } from 'ics';
import type { EventData } from '../events/index.js';
import { plain, type Block } from './email-templates.js';
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

/** `ticket.updated`: a mail only when the session changed and the ticket has one. */
export async function sessionScheduledMails(
  ctx: MailContext,
  { ticket, changes }: EventData<'ticket.updated'>,
): Promise<PlannedMail[]> {
  const session = ticket.session;
  if (!changes['session'] || !session) return [];
  const recipient = await requesterOf(ctx, ticket);
  if (!recipient) return [];
  const start = new Date(session.scheduledAt);
  const when = formatDateFor(start, recipient.locale, recipient.timeZone);
  const modeName = plain(recipient.locale, { key: `mode.${session.mode}` });
  const rows = [
    { label: { key: 'label.when' }, value: when },
    ...(session.durationMinutes
      ? [
          {
            label: { key: 'label.duration' },
            value: plain(recipient.locale, {
              key: 'durationMinutes',
              vars: { count: session.durationMinutes },
            }),
          },
        ]
      : []),
    { label: { key: 'label.mode' }, value: modeName },
    ...(session.meetingLink
      ? [{ label: { key: 'label.meetingLink' }, value: session.meetingLink }]
      : []),
  ];
  const calendar = sessionInvitation(ctx, {
    ticket,
    start,
    durationMinutes: session.durationMinutes ?? 60,
    meetingLink: session.meetingLink,
    modeName,
    recipient,
    sequence: Math.floor(new Date(ctx.event.timestamp).getTime() / 1000),
  });
  return toRequester(
    ctx,
    ticket,
    'session_scheduled',
    { when },
    () => [
      { type: 'paragraph', text: { key: 'session_scheduled.intro' } },
      { type: 'details', rows },
      ...(calendar
        ? [{ type: 'paragraph', text: { key: 'session_scheduled.calendar' } } as Block]
        : []),
    ],
    calendar ? { attachments: [calendar] } : {},
  );
}

/**
 * The session's calendar invitation (RFC 5545 via the `ics` package): one event, UTC times, a
 * stable UID per ticket (a rescheduled session updates the same calendar entry, its SEQUENCE
 * growing with the event's time). Null if `ics` refuses the values.
 */
function sessionInvitation(
  ctx: MailContext,
  input: {
    ticket: TicketData;
    start: Date;
    durationMinutes: number;
    meetingLink: string | null;
    modeName: string;
    recipient: Recipient;
    sequence: number;
  },
) {
  const { ticket, recipient } = input;
  const link = ctx.trackingUrl(ticket);
  const result = createEvent({
    start: input.start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: input.durationMinutes },
    title: plain(recipient.locale, {
      key: 'session_scheduled.eventTitle',
      vars: ticketVars(ticket),
    }),
    description: `${input.modeName}${input.meetingLink ? `\n${input.meetingLink}` : ''}\n\n${link}`,
    location: input.meetingLink ?? input.modeName,
    ...(input.meetingLink ? { url: input.meetingLink } : {}),
    uid: `session-${ticket.id}@${ctx.host}`,
    sequence: input.sequence,
    method: 'REQUEST',
    status: 'CONFIRMED',
    organizer: { name: plain(recipient.locale, staffName), email: addressOf(ctx.config.mail.from) },
    attendees: [{ name: recipient.name, email: recipient.email, rsvp: false }],
  });
  if (result.error || !result.value) return null;
  return {
    filename: 'session.ics',
    contentType: 'text/calendar; charset=utf-8; method=REQUEST',
    content: result.value,
  };
}
