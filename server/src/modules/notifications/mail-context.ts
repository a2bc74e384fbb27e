/**
 * What every mail rule of the `email` subscriber uses (notifications.subscriber.ts): the event's
 * context (organization, settings, links), who a recipient is and how to write to them
 * (language and time zone), and the blocks every mail has (greeting, signature, footers).
 * Customers' mails name staff "Support team" (docs/product.md: never an agent's name).
 */
import type { Config } from '../../config.js';
import type { Prisma } from '../../lib/db.js';
import type { DomainEvent, EventData } from '../events/index.js';
import { findActiveUserRecipient } from '../users/index.js';
import {
  emailLocaleOf,
  plain,
  type Block,
  type EmailKind,
  type EmailLocale,
  type Text,
} from './email-templates.js';

/** A person a mail goes to, with how to write to them. */
export interface Recipient {
  email: string;
  name: string;
  userId: string | null;
  locale: EmailLocale;
  timeZone: string;
}

/** One mail, ready to be written. */
export interface PlannedMail {
  kind: EmailKind;
  recipient: Recipient;
  ticketId: string | null;
  /** The ticket's number when the recipient may answer by mail (the requester): its Reply-To. */
  replyToTicketNumber?: number;
  subject: Text;
  blocks: Block[];
  attachments?: { filename: string; contentType: string; content: string }[];
  /**
   * Not sent before then (its first attempt is due at that time: `nextAttemptAt`); absent or past:
   * sent at once.
   */
  notBefore?: Date;
}

export type TicketData = EventData<'ticket.created'>['ticket'];

/** The event being handled and what its mails need. */
export interface MailContext {
  /** The subscriber's transaction: every read is made with it. */
  tx: Prisma.TransactionClient;
  event: DomainEvent;
  config: Pick<Config, 'publicUrl' | 'mail'>;
  /** The host part of Message-IDs and calendar UIDs (messageIdHost). */
  host: string;
  /** The signed link of a ticket's tracking page (lib/tracking-token.ts). */
  trackingUrl(ticket: { id: string }): string;
  /** The event's organization: its name and default language and time zone. */
  organization: {
    name: string;
    locale: string;
    timeZone: string;
    /** Satisfaction ratings (settings `csatEnabled`, `csatScale`); absent: not asked. */
    satisfaction?: { enabled: boolean; scale: 'good_bad' | 'five_point' };
  };
}

/** How staff are named to customers (docs/product.md: never an agent's name). */
export const staffName: Text = { key: 'staffName' };

export const ticketVars = (ticket: TicketData) => ({
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
 * An active user of the event's organization as a recipient (with `staffOnly`, an agent or
 * admin); null if there is none.
 */
export async function userRecipient(
  ctx: MailContext,
  id: string | null | undefined,
  staffOnly: boolean,
): Promise<Recipient | null> {
  if (!id) return null;
  const user = await findActiveUserRecipient(ctx.tx, {
    id,
    organizationId: ctx.event.organizationId,
    staffOnly,
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
export async function requesterOf(ctx: MailContext, ticket: TicketData): Promise<Recipient | null> {
  if (ticket.requester.id) return userRecipient(ctx, ticket.requester.id, false);
  if (!ticket.requester.email) return null;
  const stored = ticket.metadata['locale'];
  return {
    email: ticket.requester.email,
    name: ticket.requester.name,
    userId: null,
    locale: emailLocaleOf(typeof stored === 'string' ? stored : ctx.organization.locale),
    timeZone: ctx.organization.timeZone,
  };
}

const customerFooter = (ticket: TicketData): Block => ({
  type: 'footer',
  text: { key: 'footerCustomer', vars: { reference: ticket.reference } },
});

export const staffFooter = (ctx: MailContext): Block => ({
  type: 'footer',
  text: { key: 'footerStaff', vars: { organization: ctx.organization.name } },
});

export const greeting = (recipient: Recipient): Block => ({
  type: 'paragraph',
  text: { key: 'greeting', vars: { name: recipient.name } },
});

const signature = (locale: EmailLocale): Block => ({
  type: 'paragraph',
  text: { key: 'signature', vars: { team: plain(locale, staffName) } },
});

/** The ticket's page in the dashboard (staff mails). */
export const dashboardUrl = (ctx: MailContext, ticket: TicketData) =>
  `${ctx.config.publicUrl}/tickets/${encodeURIComponent(ticket.reference)}`;

/** A mail to the requester about `ticket`, with the tracking link and the footer. */
export async function toRequester(
  ctx: MailContext,
  ticket: TicketData,
  kind: EmailKind,
  subjectVars: Record<string, string>,
  body: (recipient: Recipient) => Block[],
  extra: Partial<PlannedMail> = {},
): Promise<PlannedMail[]> {
  const recipient = await requesterOf(ctx, ticket);
  if (!recipient) return [];
  return [
    {
      kind,
      recipient,
      ticketId: ticket.id,
      replyToTicketNumber: ticket.number,
      subject: { key: `${kind}.subject`, vars: { ...ticketVars(ticket), ...subjectVars } },
      blocks: [
        greeting(recipient),
        ...body(recipient),
        { type: 'link', label: { key: `${kind}.link` }, url: ctx.trackingUrl(ticket) },
        signature(recipient.locale),
        customerFooter(ticket),
      ],
      ...extra,
    },
  ];
}

/** Whether the requester caused the change (their own reply or close). */
export function byRequester(ticket: TicketData, actor: EventData<'ticket.created'>['actor']) {
  if (actor.type === 'user') return actor.id !== null && actor.id === ticket.requester.id;
  // A guest's reply through a tracking link is recorded as the system in the guest's name.
  return actor.type === 'system' && !ticket.requester.id && actor.name === ticket.requester.name;
}
