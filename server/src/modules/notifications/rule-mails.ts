/**
 * The mails of a rule's `notify_email` action (docs/product.md "Rules"): one per address, in the
 * organization's language, the rule's rendered subject and text quoted as plain text (escaped in
 * the HTML part), with a link to the ticket in the dashboard. The rule's name and conditions are
 * not in it: the address may be anyone's.
 */
import type { EventData } from '../events/index.js';
import { emailLocaleOf } from './email-templates.js';
import { staffFooter, type MailContext, type PlannedMail } from './mail-context.js';

/** `rule.email_requested`: one mail per address of the action. */
export function ruleNotificationMails(
  ctx: MailContext,
  { ticketId, to, subject, text }: EventData<'rule.email_requested'>,
): PlannedMail[] {
  const locale = emailLocaleOf(ctx.organization.locale);
  return [...new Set(to.map((address) => address.toLowerCase()))].map((email): PlannedMail => ({
    kind: 'rule_notification',
    recipient: { email, name: email, userId: null, locale, timeZone: ctx.organization.timeZone },
    ticketId,
    subject: { key: 'rule_notification.subject', vars: { subject } },
    blocks: [
      {
        type: 'paragraph',
        text: { key: 'rule_notification.intro', vars: { organization: ctx.organization.name } },
      },
      { type: 'quote', content: text },
      {
        type: 'link',
        label: { key: 'rule_notification.link' },
        url: `${ctx.config.publicUrl}/tickets/${ticketId}`,
      },
      staffFooter(ctx),
    ],
  }));
}
