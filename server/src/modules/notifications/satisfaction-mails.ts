/**
 * The "How did we do?" block of the requester's "resolved" mail (docs/product.md
 * "Satisfaction"): one link per answer of the organization's scale (good/bad, or 1–5), each the
 * ticket's signed tracking link with `?rate=good|bad|1…5`. The link only opens the tracker with
 * the answer chosen: the requester confirms it there (mail scanners open links, and a GET never
 * rates by itself).
 */
import type { Block } from './email-templates.js';
import type { MailContext, TicketData } from './mail-context.js';

/** The rating block, or none when the organization turned ratings off. */
export function satisfactionBlocks(ctx: MailContext, ticket: TicketData): Block[] {
  const settings = ctx.organization.satisfaction;
  if (!settings?.enabled) return [];
  const url = (rate: string) => `${ctx.trackingUrl(ticket)}?rate=${rate}`;
  if (settings.scale === 'five_point') {
    return [
      {
        type: 'choices',
        text: { key: 'satisfaction.ask' },
        hint: { key: 'satisfaction.hint' },
        options: [1, 2, 3, 4, 5].map((score) => ({
          label: { key: 'satisfaction.point', vars: { score } },
          url: url(String(score)),
        })),
      },
    ];
  }
  return [
    {
      type: 'choices',
      text: { key: 'satisfaction.ask' },
      options: [
        { label: { key: 'satisfaction.good' }, url: url('good') },
        { label: { key: 'satisfaction.bad' }, url: url('bad') },
      ],
    },
  ];
}
