import type { TFunction } from 'i18next';
import type { WebhookEventType } from '@docket/server/contract/webhooks';

/** The translated name of an event type (keys use `_` for the type's `.`: i18next nests on dots). */
export function eventTypeLabel(type: WebhookEventType, t: TFunction): string {
  return t(`webhooks.eventTypes.${type.replace('.', '_') as 'ticket_created'}`);
}
