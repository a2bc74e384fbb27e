/**
 * The mail of a disabled webhook endpoint (README.md "Rules"): `webhook_endpoint.disabled` tells
 * every active admin of the organization which endpoint, why and when (in their language and
 * time zone), with a link to the webhooks' admin page.
 */
import type { EventData } from '../events/index.js';
import { listActiveAdminRecipients } from '../users/index.js';
import { emailLocaleOf } from './email-templates.js';
import {
  formatDateFor,
  greeting,
  staffFooter,
  type MailContext,
  type PlannedMail,
  type Recipient,
} from './mail-context.js';

/** `webhook_endpoint.disabled`: one mail per active admin, by email. */
export async function webhookDisabledMails(
  ctx: MailContext,
  { endpoint, reason, disabledAt }: EventData<'webhook_endpoint.disabled'>,
): Promise<PlannedMail[]> {
  const admins = await listActiveAdminRecipients(ctx.tx, ctx.event.organizationId);
  return admins.map((admin): PlannedMail => {
    const recipient: Recipient = {
      email: admin.email,
      name: admin.name,
      userId: admin.id,
      locale: emailLocaleOf(admin.locale),
      timeZone: admin.timeZone,
    };
    const vars = { organization: ctx.organization.name, url: endpoint.url };
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
              value: formatDateFor(new Date(disabledAt), recipient.locale, recipient.timeZone),
            },
          ],
        },
        { type: 'paragraph', text: { key: 'webhook_disabled.outro' } },
        {
          type: 'link',
          label: { key: 'webhook_disabled.link' },
          url: `${ctx.config.publicUrl}/admin/webhooks`,
        },
        staffFooter(ctx),
      ],
    };
  });
}
