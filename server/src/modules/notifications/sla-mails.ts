/**
 * The mails of an SLA target at risk or breached (README.md "Rules"; docs/product.md "SLA"):
 * `ticket.sla_warning` and `ticket.sla_breached` tell the ticket's assignee (an active agent or
 * admin), or every active admin of the organization when it has none, which target, of which
 * policy, is due or was breached when — in each recipient's language and time zone — and, on a
 * breach, what the policy's escalation changed. Staff only: never the requester.
 * `notifyAt` (the SLA timer worker, modules/sla/sla-timers.ts) decides when they may go: null
 * means the policy does not notify (no mail); a later time holds the mails until then (the
 * policy's "hold notifications until the schedule opens").
 */
import type { EventData } from '../events/index.js';
import { listActiveAdminRecipients } from '../users/index.js';
import { emailLocaleOf, plain, type Block, type EmailLocale } from './email-templates.js';
import {
  dashboardUrl,
  formatDateFor,
  greeting,
  staffFooter,
  ticketVars,
  userRecipient,
  type MailContext,
  type PlannedMail,
  type Recipient,
  type TicketData,
} from './mail-context.js';

type SlaWarningData = EventData<'ticket.sla_warning'>;
type SlaBreachedData = EventData<'ticket.sla_breached'>;

/**
 * `ticket.sla_warning`: one `sla_warning` mail per recipient (the assignee, else the admins),
 * not sent before `notifyAt`; none when `notifyAt` is null.
 */
export function slaWarningMails(ctx: MailContext, data: SlaWarningData): Promise<PlannedMail[]> {
  return slaMails(ctx, 'sla_warning', data, null);
}

/**
 * `ticket.sla_breached`: one `sla_breached` mail per recipient (the assignee, else the admins)
 * with what the escalation changed, not sent before `notifyAt`; none when `notifyAt` is null.
 */
export function slaBreachedMails(ctx: MailContext, data: SlaBreachedData): Promise<PlannedMail[]> {
  return slaMails(ctx, 'sla_breached', data, data.escalation);
}

async function slaMails(
  ctx: MailContext,
  kind: 'sla_warning' | 'sla_breached',
  { ticket, target, notifyAt }: SlaWarningData,
  escalation: SlaBreachedData['escalation'] | null,
): Promise<PlannedMail[]> {
  if (notifyAt === null) return [];
  const notBefore = new Date(notifyAt);
  const assignee = await userRecipient(ctx, ticket.assignee?.id, true);
  const recipients = assignee ? [assignee] : await adminRecipients(ctx);
  const at = new Date(kind === 'sla_breached' ? (target.breachedAt ?? target.dueAt) : target.dueAt);
  return recipients.map((recipient): PlannedMail => {
    const { locale, timeZone } = recipient;
    const metric = plain(locale, { key: `sla_metric.${target.metric}` });
    const vars = {
      ...ticketVars(ticket),
      metric,
      time: formatTimeFor(at, locale, timeZone),
      when: formatDateFor(at, locale, timeZone),
    };
    const blocks: Block[] = [
      greeting(recipient),
      { type: 'paragraph', text: { key: `${kind}.intro`, vars } },
      details(ticket, recipient, kind, target.policyName, vars.when),
    ];
    if (!assignee) blocks.push({ type: 'paragraph', text: { key: `${kind}.unassigned` } });
    if (escalation) blocks.push(...escalationBlocks(locale, escalation));
    blocks.push(
      { type: 'link', label: { key: `${kind}.link` }, url: dashboardUrl(ctx, ticket) },
      staffFooter(ctx),
    );
    return {
      kind,
      recipient,
      ticketId: ticket.id,
      subject: { key: `${kind}.subject`, vars },
      blocks,
      notBefore,
    };
  });
}

/** Every active admin of the event's organization, in their language and time zone. */
async function adminRecipients(ctx: MailContext): Promise<Recipient[]> {
  const admins = await listActiveAdminRecipients(ctx.tx, ctx.event.organizationId);
  return admins.map((admin) => ({
    email: admin.email,
    name: admin.name,
    userId: admin.id,
    locale: emailLocaleOf(admin.locale),
    timeZone: admin.timeZone || ctx.organization.timeZone,
  }));
}

/** The ticket and the target: reference, subject, policy, due (or breached) time, and more. */
function details(
  ticket: TicketData,
  recipient: Recipient,
  kind: 'sla_warning' | 'sla_breached',
  policyName: string | null,
  when: string,
): Block {
  const { locale } = recipient;
  const rows = [
    { label: { key: 'label.reference' }, value: ticket.reference },
    { label: { key: 'label.subject' }, value: ticket.subject },
    ...(policyName ? [{ label: { key: 'label.slaPolicy' }, value: policyName }] : []),
    { label: { key: kind === 'sla_breached' ? 'label.breachedAt' : 'label.dueAt' }, value: when },
    {
      label: { key: 'label.priority' },
      value: plain(locale, { key: `priority.${ticket.priority}` }),
    },
    {
      label: { key: 'label.requester' },
      value: `${ticket.requester.name} <${ticket.requester.email}>`,
    },
  ];
  if (ticket.assignee) rows.push({ label: { key: 'label.assignee' }, value: ticket.assignee.name });
  return { type: 'details', rows };
}

/** What the policy's escalation changed on breach: the priority (before → after), the tag. */
function escalationBlocks(locale: EmailLocale, escalation: SlaBreachedData['escalation']): Block[] {
  const rows: { label: { key: string }; value: string }[] = [];
  if (escalation.priority) {
    const name = (priority: string) => plain(locale, { key: `priority.${priority}` });
    rows.push({
      label: { key: 'label.priorityRaised' },
      value: `${name(escalation.priority.before)} → ${name(escalation.priority.after)}`,
    });
  }
  if (escalation.addedTag) {
    rows.push({ label: { key: 'label.tagAdded' }, value: escalation.addedTag });
  }
  if (rows.length === 0) {
    return [{ type: 'paragraph', text: { key: 'sla_breached.notEscalated' } }];
  }
  return [
    { type: 'paragraph', text: { key: 'sla_breached.escalated' } },
    { type: 'details', rows },
  ];
}

/**
 * The time of day of `date` in the recipient's `timeZone`, labelled with the zone's short name
 * (24-hour: `14:30 EST`, fr-CA `14 h 30 HNE`; docs/product.md "Times"), Intl.DateTimeFormat; an
 * unknown time zone falls back to UTC (labelled UTC).
 */
function formatTimeFor(date: Date, locale: EmailLocale, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(date);
  }
}
