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
 * - the organization's admins: a webhook endpoint disabled;
 * - the assignee, else every active admin: an SLA target at risk or breached (sla-mails.ts), not
 *   before the event's `notifyAt` (the row's first attempt is due then), none when it is null.
 * Customers' mails never hold an internal note, a staff reason, an agent's name or internal
 * data (docs/product.md "Roles": "never, on any channel (… email …)"): internal notes make no mail at
 * all, and staff are "Support team".
 * Every ticket mail carries the per-ticket thread root in In-Reply-To/References, so a mail
 * client shows one conversation per ticket; its own Message-ID derives from its row id.
 * The rules live by event: ticket-mails.ts, session-mails.ts, webhook-mails.ts, sla-mails.ts
 * (their shared pieces in mail-context.ts); this file picks the rule and writes the mails.
 */
import type { Config } from '../../config.js';
import type { Prisma } from '../../lib/db.js';
import type { TrackingLinks } from '../../lib/tracking-token.js';
import type { DomainEvent, EventData, EventHandler, EventType } from '../events/index.js';
import { findPrimaryMailbox, type ReplyAddresses } from '../mailboxes/index.js';
import {
  findOrganizationMailSettings,
  insertEmailNotifications,
} from './email-notifications.repository.js';
import { renderEmail } from './email-templates.js';
import { messageIdHost, threadIdOf, type MailContext, type PlannedMail } from './mail-context.js';
import { sessionScheduledMails } from './session-mails.js';
import { slaBreachedMails, slaWarningMails } from './sla-mails.js';
import {
  responseAddedMails,
  statusChangedMails,
  ticketAssignedMails,
  ticketCreatedMails,
} from './ticket-mails.js';
import { webhookDisabledMails } from './webhook-mails.js';
import { ruleNotificationMails } from './rule-mails.js';
import { satisfactionSettingsOf } from '../satisfaction/index.js';
import { newRowId } from '../../lib/row-id.js';

/** The event types the subscriber listens to. */
export const EMAIL_EVENT_TYPES = [
  'ticket.created',
  'ticket.response_added',
  'ticket.status_changed',
  'ticket.assigned',
  'ticket.updated',
  'webhook_endpoint.disabled',
  'ticket.sla_warning',
  'ticket.sla_breached',
  'rule.email_requested',
] as const satisfies readonly EventType[];

export interface EmailSubscriberDeps {
  config: Pick<Config, 'publicUrl' | 'mail'>;
  trackingLinks: TrackingLinks;
  /** The tickets' reply addresses (mailboxes/reply-address.ts), for the Reply-To. */
  replyAddresses: ReplyAddresses;
  /** Called after mails were written (their commit follows): wakes the mail worker. */
  onQueued?: () => void;
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
    // Replies to the requester's mails thread onto the ticket through its reply address.
    const mailbox = plan.some((mail) => mail.replyToTicketNumber !== undefined)
      ? await findPrimaryMailbox(tx, event.organizationId)
      : null;
    const rows = plan.map((mail) => {
      const id = newRowId();
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
        replyTo:
          mailbox && mail.replyToTicketNumber !== undefined
            ? deps.replyAddresses.addressFor(
                mailbox.address,
                event.organizationId,
                mail.replyToTicketNumber,
              )
            : null,
        attachments: (mail.attachments ?? []) as Prisma.InputJsonArray,
        maxAttempts: config.mail.maxAttempts,
        // Held mails: the worker claims a never-tried row once `nextAttemptAt` is due when it
        // lies after the row's creation (email-notifications.repository.ts claimDueMails).
        ...(mail.notBefore ? { nextAttemptAt: mail.notBefore } : {}),
      };
    });
    await insertEmailNotifications(tx, rows);
    deps.onQueued?.();
  };

  /** Who gets what for `event` (see the file's comment): the organization, then the rule. */
  async function planMails(
    tx: Prisma.TransactionClient,
    event: DomainEvent,
  ): Promise<PlannedMail[]> {
    const organization = await findOrganizationMailSettings(tx, event.organizationId);
    if (!organization) return [];
    const settings = (organization.settings ?? {}) as { locale?: unknown; timeZone?: unknown };
    const ctx: MailContext = {
      tx,
      event,
      config,
      host,
      trackingUrl: (ticket) => trackingLinks.trackingUrl(ticket),
      organization: {
        name: organization.name,
        locale: typeof settings.locale === 'string' ? settings.locale : 'en',
        timeZone: typeof settings.timeZone === 'string' ? settings.timeZone : 'UTC',
        satisfaction: satisfactionSettingsOf(organization.settings),
      },
    };
    switch (event.type) {
      case 'ticket.created':
        return ticketCreatedMails(ctx, event.data as EventData<'ticket.created'>);
      case 'ticket.response_added':
        return responseAddedMails(ctx, event.data as EventData<'ticket.response_added'>);
      case 'ticket.status_changed':
        return statusChangedMails(ctx, event.data as EventData<'ticket.status_changed'>);
      case 'ticket.assigned':
        return ticketAssignedMails(ctx, event.data as EventData<'ticket.assigned'>);
      case 'ticket.updated':
        return sessionScheduledMails(ctx, event.data as EventData<'ticket.updated'>);
      case 'webhook_endpoint.disabled':
        return webhookDisabledMails(ctx, event.data as EventData<'webhook_endpoint.disabled'>);
      case 'rule.email_requested':
        return ruleNotificationMails(ctx, event.data as EventData<'rule.email_requested'>);
      case 'ticket.sla_warning':
        return slaWarningMails(ctx, event.data as EventData<'ticket.sla_warning'>);
      case 'ticket.sla_breached':
        return slaBreachedMails(ctx, event.data as EventData<'ticket.sla_breached'>);
      default:
        return [];
    }
  }
}
