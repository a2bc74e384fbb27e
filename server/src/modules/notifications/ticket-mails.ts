/**
 * The mails of a ticket's life (README.md "Rules"; docs/product.md "Notifications and
 * integrations"): to the requester when their ticket is created, when staff reply publicly and
 * when its status changes (not a change they caused); to the assignee when the customer replies
 * and when someone else assigns them the ticket (never a claim). An internal note is never
 * mailed, and a customer's mail never holds a staff reason.
 */
import type { EventData } from '../events/index.js';
import { plain, type Block } from './email-templates.js';
import {
  byRequester,
  dashboardUrl,
  greeting,
  requesterOf,
  staffFooter,
  staffName,
  ticketVars,
  toRequester,
  userRecipient,
  type MailContext,
  type PlannedMail,
} from './mail-context.js';
import { satisfactionBlocks } from './satisfaction-mails.js';

/** `ticket.created`: the reference and subject, to the requester. */
export function ticketCreatedMails(
  ctx: MailContext,
  { ticket }: EventData<'ticket.created'>,
): Promise<PlannedMail[]> {
  return toRequester(ctx, ticket, 'ticket_created', {}, () => [
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

/**
 * `ticket.response_added`: a customer's reply to the assignee (active staff), a public staff
 * reply to the requester (signed "Support team"), an internal note to no one.
 */
export async function responseAddedMails(
  ctx: MailContext,
  { ticket, isInternal, response }: EventData<'ticket.response_added'>,
): Promise<PlannedMail[]> {
  // An internal note is never mailed, to anyone: agents read it in the dashboard.
  if (isInternal || response.isInternal) return [];
  if (response.authorType === 'CUSTOMER' || response.authorType === 'EMAIL') {
    const assignee = await userRecipient(ctx, ticket.assignee?.id, true);
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
          replyBlock(response),
          {
            type: 'link',
            label: { key: 'customer_replied.link' },
            url: dashboardUrl(ctx, ticket),
          },
          staffFooter(ctx),
        ],
      },
    ];
  }
  return toRequester(ctx, ticket, 'reply_added', {}, (r) => [
    {
      type: 'paragraph',
      text: { key: 'reply_added.intro', vars: { team: plain(r.locale, staffName) } },
    },
    replyBlock(response),
  ]);
}

/** A reply quoted in a mail: rendered from Markdown, or as typed (plain text, escaped). */
function replyBlock(response: { content: string; format: 'markdown' | 'text' }): Block {
  return response.format === 'markdown'
    ? { type: 'markdown', content: response.content }
    : { type: 'quote', content: response.content };
}

/**
 * `ticket.status_changed`, unless the requester caused it: RESOLVED invites a reply; any other
 * status says before → after, never the staff's reason.
 */
export async function statusChangedMails(
  ctx: MailContext,
  { ticket, previousStatus, status, actor }: EventData<'ticket.status_changed'>,
): Promise<PlannedMail[]> {
  if (byRequester(ticket, actor)) return [];
  if (status === 'RESOLVED') {
    return toRequester(ctx, ticket, 'ticket_resolved', {}, () => [
      { type: 'paragraph', text: { key: 'ticket_resolved.intro' } },
      // The resolution note staff gave for the requester (docs/product.md "Resolution note").
      ...(ticket.resolutionNote
        ? [
            { type: 'paragraph' as const, text: { key: 'ticket_resolved.note' } },
            { type: 'quote' as const, content: ticket.resolutionNote },
          ]
        : []),
      { type: 'paragraph', text: { key: 'ticket_resolved.invite' } },
      ...satisfactionBlocks(ctx, ticket),
    ]);
  }
  // The staff's reason is internal (docs/product.md: staff reasons hidden from customers).
  const recipient = await requesterOf(ctx, ticket);
  if (!recipient) return [];
  const statusName = (s: string) => plain(recipient.locale, { key: `status.${s}` });
  const vars = { status: statusName(status), previous: statusName(previousStatus) };
  return toRequester(ctx, ticket, 'status_changed', vars, () => [
    { type: 'paragraph', text: { key: 'status_changed.intro', vars } },
  ]);
}

/** `ticket.assigned` (`assigned` only, not a claim), to the assignee unless they assigned it. */
export async function ticketAssignedMails(
  ctx: MailContext,
  { ticket, change, assignee, actor }: EventData<'ticket.assigned'>,
): Promise<PlannedMail[]> {
  // Not a claim, and not an agent assigning the ticket to themselves.
  if (change !== 'assigned' || !assignee) return [];
  if (actor.type === 'user' && actor.id === assignee.id) return [];
  const recipient = await userRecipient(ctx, assignee.id, true);
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
        { type: 'link', label: { key: 'ticket_assigned.link' }, url: dashboardUrl(ctx, ticket) },
        staffFooter(ctx),
      ],
    },
  ];
}
