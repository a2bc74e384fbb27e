/**
 * The `email` event subscriber ("webhook disabled"):
 * decides, for one domain event, who gets which email, renders each one in the recipient's
 * language and time zone, and writes one `email_notifications` row per mail with the
 * subscriber's transaction `tx` — so the mails exist if and only if the event is marked handled
 * (modules/events/README.md), and the unique key (eventId, recipientEmail, kind) makes a re-run
 * write nothing twice. The mail worker (mail-worker.ts) sends them.
 *
 * Who gets what (docs/product.md "Notifications and integrations"):
 * - the requester: ticket created (reference, subject, tracking link); a public staff reply (its
 *   text, signed "Support team"); a status change (not one they caused themselves); resolved
 *   (inviting a reply); a session scheduled (time in their time zone, mode, link, `.ics`);
 * - the assignee: the ticket assigned to them by someone else (not a claim, not their own
 *   assignment); a reply from the customer;
 * - the organization's admins: a webhook endpoint disabled.
 * Customers' mails never hold an internal note, a staff reason, an agent's name or internal
 * data (docs/product.md "Roles": "never, on any channel (… email …)"): internal notes make no mail at
 * all, and staff are "Support team".
 * Every ticket mail carries the per-ticket thread root in In-Reply-To/References, so a mail
 * client shows one conversation per ticket; its own Message-ID derives from its row id.
 */
import { randomUUID } from 'node:crypto';
import { createEvent } from 'ics';
import type { Config } from '../../config.js';
import type { Prisma } from '../../lib/db.js';
import type { TrackingLinks } from '../../lib/tracking-token.js';
import type { DomainEvent, EventData, EventHandler, EventType } from '../events/index.js';
import {
  emailLocaleOf,
  plain,
  renderEmail,
  type Block,
  type EmailKind,
  type EmailLocale,
  type Text,
} from './email-templates.js';

/** The event types the subscriber listens to. */
export const EMAIL_EVENT_TYPES = [
  'ticket.created',
  'ticket.response_added',
  'ticket.status_changed',
  'ticket.assigned',
  'ticket.updated',
  'webhook_endpoint.disabled',
] as const satisfies readonly EventType[];

export interface EmailSubscriberDeps {
  config: Pick<Config, 'publicUrl' | 'mail'>;
  trackingLinks: TrackingLinks;
  /** Called after mails were written (their commit follows): wakes the mail worker. */
  onQueued?: () => void;
}

/** A person a mail goes to, with how to write to them. */
interface Recipient {
  email: string;
  name: string;
  userId: string | null;
  locale: EmailLocale;
  timeZone: string;
}

/** One mail, ready to be written. */
interface PlannedMail {
  kind: EmailKind;
  recipient: Recipient;
  ticketId: string | null;
  subject: Text;
  blocks: Block[];
  attachments?: { filename: string; contentType: string; content: string }[];
}

type TicketData = EventData<'ticket.created'>['ticket'];

/** How staff are named to customers (docs/product.md: never an agent's name). */
const staffName: Text = { key: 'staffName' };

const ticketVars = (ticket: TicketData) => ({
  reference: ticket.reference,
  subject: ticket.subject,
});

/** The per-ticket thread root: every mail about the ticket refers to it. */
export function threadIdOf(ticketId: string, host: string): string {
  return `<ticket-${ticketId}@${host}>`;
}

/** The host part of Message-IDs: PUBLIC_URL's host name. */
export function messageIdHost(publicUrl: string): string {
  return new URL(publicUrl).hostname || 'docket.localhost';
}

/** `Name <address>` → `address`. */
export function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1]?.trim() ?? from.trim();
}

/**
 * A date in the recipient's language and time zone, with the zone's name (Intl.DateTimeFormat;
 * an unknown time zone falls back to UTC).
 */
export function formatDateFor(date: Date, locale: EmailLocale, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(date);
  }
}

/**
 * Creates the subscriber's handler (the notifications plugin registers it as the queued
 * subscriber `email` of EMAIL_EVENT_TYPES).
 */
export function createEmailSubscriber(deps: EmailSubscriberDeps): EventHandler {
  const { config, trackingLinks } = deps;
  const host = messageIdHost(config.publicUrl);

  return async (event, { tx }) => {
    const plan = await planMails(tx, event as DomainEvent);
    if (plan.length === 0) return;
    const rows = plan.map((mail) => {
      const id = randomUUID();
      const content = renderEmail(mail.recipient.locale, mail.subject, mail.blocks);
      return {
        id,
        organizationId: event.organizationId,
        eventId: event.id,
        ticketId: mail.ticketId,
        kind: mail.kind,
        recipientEmail: mail.recipient.email.toLowerCase(),
        recipientName: mail.recipient.name,
        recipientUserId: mail.recipient.userId,
        locale: mail.recipient.locale,
        subject: content.subject,
        text: content.text,
        html: content.html,
        messageId: `<${id}@${host}>`,
        threadId: mail.ticketId ? threadIdOf(mail.ticketId, host) : null,
        attachments: (mail.attachments ?? []) as Prisma.InputJsonArray,
        maxAttempts: config.mail.maxAttempts,
      };
    });
    await tx.emailNotification.createMany({ data: rows, skipDuplicates: true });
    deps.onQueued?.();
  };

  /** Who gets what for `event` (see the file's comment). */
  async function planMails(
    tx: Prisma.TransactionClient,
    event: DomainEvent,
  ): Promise<PlannedMail[]> {
    const organization = await tx.organization.findUnique({
      where: { id: event.organizationId },
      select: { name: true, settings: true },
    });
    if (!organization) return [];
    const settings = (organization.settings ?? {}) as { locale?: unknown; timeZone?: unknown };
    const orgLocale = typeof settings.locale === 'string' ? settings.locale : 'en';
    const orgTimeZone = typeof settings.timeZone === 'string' ? settings.timeZone : 'UTC';

    /** An active user of the organization as a recipient; null if there is none. */
    async function userRecipient(id: string | null | undefined, staffOnly: boolean) {
      if (!id) return null;
      const user = await tx.user.findFirst({
        where: {
          id,
          organizationId: event.organizationId,
          isActive: true,
          ...(staffOnly ? { role: { in: ['AGENT', 'ADMIN'] } } : {}),
        },
        select: { id: true, email: true, name: true, locale: true, timeZone: true },
      });
      return user
        ? {
            email: user.email,
            name: user.name,
            userId: user.id,
            locale: emailLocaleOf(user.locale),
            timeZone: user.timeZone,
          }
        : null;
    }

    /**
     * The requester: their account's language and time zone; a guest (no account) gets the
     * ticket's `metadata.locale` if an integrator stored one, else the organization's default.
     */
    async function requesterOf(ticket: TicketData): Promise<Recipient | null> {
      if (ticket.requester.id) return userRecipient(ticket.requester.id, false);
      if (!ticket.requester.email) return null;
      const stored = ticket.metadata['locale'];
      return {
        email: ticket.requester.email,
        name: ticket.requester.name,
        userId: null,
        locale: emailLocaleOf(typeof stored === 'string' ? stored : orgLocale),
        timeZone: orgTimeZone,
      };
    }

    const customerFooter = (ticket: TicketData): Block => ({
      type: 'footer',
      text: { key: 'footerCustomer', vars: { reference: ticket.reference } },
    });
    const staffFooter: Block = {
      type: 'footer',
      text: { key: 'footerStaff', vars: { organization: organization.name } },
    };
    const greeting = (recipient: Recipient): Block => ({
      type: 'paragraph',
      text: { key: 'greeting', vars: { name: recipient.name } },
    });
    const signature = (locale: EmailLocale): Block => ({
      type: 'paragraph',
      text: { key: 'signature', vars: { team: plain(locale, staffName) } },
    });
    const dashboardUrl = (ticket: TicketData) =>
      `${config.publicUrl}/tickets/${encodeURIComponent(ticket.reference)}`;

    /** A mail to the requester about `ticket`, with the tracking link and the footer. */
    async function toRequester(
      ticket: TicketData,
      kind: EmailKind,
      subjectVars: Record<string, string>,
      body: (recipient: Recipient) => Block[],
      extra: Partial<PlannedMail> = {},
    ): Promise<PlannedMail[]> {
      const recipient = await requesterOf(ticket);
      if (!recipient) return [];
      return [
        {
          kind,
          recipient,
          ticketId: ticket.id,
          subject: { key: `${kind}.subject`, vars: { ...ticketVars(ticket), ...subjectVars } },
          blocks: [
            greeting(recipient),
            ...body(recipient),
            { type: 'link', label: { key: `${kind}.link` }, url: trackingUrl(ticket) },
            signature(recipient.locale),
            customerFooter(ticket),
          ],
          ...extra,
        },
      ];
    }

    /** Whether the requester caused the change (their own reply or close). */
    function byRequester(ticket: TicketData, actor: EventData<'ticket.created'>['actor']) {
      if (actor.type === 'user') return actor.id !== null && actor.id === ticket.requester.id;
      // A guest's reply through a tracking link is recorded as the system in the guest's name.
      return (
        actor.type === 'system' && !ticket.requester.id && actor.name === ticket.requester.name
      );
    }

    switch (event.type) {
      case 'ticket.created': {
        const { ticket } = event.data as EventData<'ticket.created'>;
        return toRequester(ticket, 'ticket_created', {}, () => [
          { type: 'paragraph', text: { key: 'ticket_created.intro' } },
          {
            type: 'details',
            rows: [
              { label: { key: 'label.reference' }, value: ticket.reference },
              { label: { key: 'label.subject' }, value: ticket.subject },
            ],
          },
          { type: 'paragraph', text: { key: 'ticket_created.outro' } },
        ]);
      }

      case 'ticket.response_added': {
        const { ticket, isInternal, response } = event.data as EventData<'ticket.response_added'>;
        // An internal note is never mailed, to anyone: agents read it in the dashboard.
        if (isInternal || response.isInternal) return [];
        if (response.authorType === 'CUSTOMER' || response.authorType === 'EMAIL') {
          const assignee = await userRecipient(ticket.assignee?.id, true);
          if (!assignee) return [];
          const vars = { ...ticketVars(ticket), requester: ticket.requester.name };
          return [
            {
              kind: 'customer_replied',
              recipient: assignee,
              ticketId: ticket.id,
              subject: { key: 'customer_replied.subject', vars },
              blocks: [
                greeting(assignee),
                { type: 'paragraph', text: { key: 'customer_replied.intro', vars } },
                { type: 'quote', content: response.content },
                {
                  type: 'link',
                  label: { key: 'customer_replied.link' },
                  url: dashboardUrl(ticket),
                },
                staffFooter,
              ],
            },
          ];
        }
        return toRequester(ticket, 'reply_added', {}, (r) => [
          {
            type: 'paragraph',
            text: { key: 'reply_added.intro', vars: { team: plain(r.locale, staffName) } },
          },
          { type: 'quote', content: response.content },
        ]);
      }

      case 'ticket.status_changed': {
        const { ticket, previousStatus, status, actor } =
          event.data as EventData<'ticket.status_changed'>;
        if (byRequester(ticket, actor)) return [];
        if (status === 'RESOLVED') {
          return toRequester(ticket, 'ticket_resolved', {}, () => [
            { type: 'paragraph', text: { key: 'ticket_resolved.intro' } },
            { type: 'paragraph', text: { key: 'ticket_resolved.invite' } },
          ]);
        }
        // The staff's reason is internal (docs/product.md: staff reasons hidden from customers).
        const recipient = await requesterOf(ticket);
        if (!recipient) return [];
        const statusName = (s: string) => plain(recipient.locale, { key: `status.${s}` });
        const vars = { status: statusName(status), previous: statusName(previousStatus) };
        return toRequester(ticket, 'status_changed', vars, () => [
          { type: 'paragraph', text: { key: 'status_changed.intro', vars } },
        ]);
      }

      case 'ticket.assigned': {
        const { ticket, change, assignee, actor } = event.data as EventData<'ticket.assigned'>;
        // Not a claim, and not an agent assigning the ticket to themselves.
        if (change !== 'assigned' || !assignee) return [];
        if (actor.type === 'user' && actor.id === assignee.id) return [];
        const recipient = await userRecipient(assignee.id, true);
        if (!recipient) return [];
        return [
          {
            kind: 'ticket_assigned',
            recipient,
            ticketId: ticket.id,
            subject: { key: 'ticket_assigned.subject', vars: ticketVars(ticket) },
            blocks: [
              greeting(recipient),
              {
                type: 'paragraph',
                text: { key: 'ticket_assigned.intro', vars: { actor: actor.name } },
              },
              {
                type: 'details',
                rows: [
                  { label: { key: 'label.reference' }, value: ticket.reference },
                  { label: { key: 'label.subject' }, value: ticket.subject },
                  {
                    label: { key: 'label.priority' },
                    value: plain(recipient.locale, { key: `priority.${ticket.priority}` }),
                  },
                  {
                    label: { key: 'label.requester' },
                    value: `${ticket.requester.name} <${ticket.requester.email}>`,
                  },
                ],
              },
              { type: 'link', label: { key: 'ticket_assigned.link' }, url: dashboardUrl(ticket) },
              staffFooter,
            ],
          },
        ];
      }

      case 'ticket.updated': {
        const { ticket, changes } = event.data as EventData<'ticket.updated'>;
        const session = ticket.session;
        if (!changes['session'] || !session) return [];
        const recipient = await requesterOf(ticket);
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
        const calendar = sessionInvitation({
          ticket,
          start,
          durationMinutes: session.durationMinutes ?? 60,
          meetingLink: session.meetingLink,
          modeName,
          recipient,
          sequence: Math.floor(new Date(event.timestamp).getTime() / 1000),
        });
        return toRequester(
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

      case 'webhook_endpoint.disabled': {
        const { endpoint, reason, disabledAt } =
          event.data as EventData<'webhook_endpoint.disabled'>;
        const admins = await tx.user.findMany({
          where: { organizationId: event.organizationId, role: 'ADMIN', isActive: true },
          select: { id: true, email: true, name: true, locale: true, timeZone: true },
          orderBy: { email: 'asc' },
        });
        return admins.map((admin): PlannedMail => {
          const recipient: Recipient = {
            email: admin.email,
            name: admin.name,
            userId: admin.id,
            locale: emailLocaleOf(admin.locale),
            timeZone: admin.timeZone,
          };
          const vars = { organization: organization.name, url: endpoint.url };
          return {
            kind: 'webhook_disabled',
            recipient,
            ticketId: null,
            subject: { key: 'webhook_disabled.subject', vars },
            blocks: [
              greeting(recipient),
              { type: 'paragraph', text: { key: 'webhook_disabled.intro', vars } },
              {
                type: 'details',
                rows: [
                  {
                    label: { key: 'label.endpoint' },
                    value: endpoint.description
                      ? `${endpoint.url} (${endpoint.description})`
                      : endpoint.url,
                  },
                  { label: { key: 'label.reason' }, value: reason },
                  {
                    label: { key: 'label.disabledAt' },
                    value: formatDateFor(
                      new Date(disabledAt),
                      recipient.locale,
                      recipient.timeZone,
                    ),
                  },
                ],
              },
              { type: 'paragraph', text: { key: 'webhook_disabled.outro' } },
              {
                type: 'link',
                label: { key: 'webhook_disabled.link' },
                url: `${config.publicUrl}/admin/webhooks`,
              },
              staffFooter,
            ],
          };
        });
      }

      default:
        return [];
    }
  }

  /**
   * The session's calendar invitation (RFC 5545 via the `ics` package): one event, UTC times, a
   * stable UID per ticket (a rescheduled session updates the same calendar entry, its SEQUENCE
   * growing with the event's time). Null if `ics` refuses the values.
   */
  function sessionInvitation(input: {
    ticket: TicketData;
    start: Date;
    durationMinutes: number;
    meetingLink: string | null;
    modeName: string;
    recipient: Recipient;
    sequence: number;
  }) {
    const { ticket, recipient } = input;
    const link = trackingUrl(ticket);
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
      uid: `session-${ticket.id}@${host}`,
      sequence: input.sequence,
      method: 'REQUEST',
      status: 'CONFIRMED',
      organizer: { name: plain(recipient.locale, staffName), email: addressOf(config.mail.from) },
      attendees: [{ name: recipient.name, email: recipient.email, rsvp: false }],
    });
    if (result.error || !result.value) return null;
    return {
      filename: 'session.ics',
      contentType: 'text/calendar; charset=utf-8; method=REQUEST',
      content: result.value,
    };
  }

  /** The signed link of the ticket's tracking page (lib/tracking-token.ts). */
  function trackingUrl(ticket: { id: string }) {
    return trackingLinks.trackingUrl(ticket);
  }
}
