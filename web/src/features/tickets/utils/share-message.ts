/**
 * "Share with customer" (docs/product.md "Customers": the dashboard copies a formatted message with the
 * number, status and tracking link): the message, written in the requester's language.
 */
import type { TFunction } from 'i18next';
import type { AnyTicket } from '@docket/server/contract/tickets';
import { isLanguage, type Language } from '@/i18n';

/** The supported language closest to a requester's locale ("fr", "fr-FR" → fr-CA; else en). */
export function shareLanguage(locale: string | null | undefined): Language {
  if (isLanguage(locale)) return locale;
  return locale?.toLowerCase().startsWith('fr') ? 'fr-CA' : 'en';
}

/**
 * The message to paste into an email or a chat: greeting, reference and subject, status,
 * priority, category, and the tracking link. `t` is fixed to the requester's language
 * (i18next `getFixedT`), so the labels are theirs, not the agent's.
 */
export function buildShareMessage(
  t: TFunction,
  ticket: Pick<AnyTicket, 'reference' | 'subject' | 'status' | 'priority' | 'category'> & {
    requester: { name: string };
  },
  trackingUrl: string,
): string {
  return t('ticketPage.share.message', {
    name: ticket.requester.name,
    reference: ticket.reference,
    subject: ticket.subject,
    status: t(`status.${ticket.status}`),
    priority: t(`priority.${ticket.priority}`),
    category: ticket.category ?? t('common.none'),
    url: trackingUrl,
  });
}
