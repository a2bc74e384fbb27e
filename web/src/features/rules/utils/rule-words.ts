/**
 * Words for rules in the current language (docs/product.md "Rules"): an event's name, and what a
 * rule did or would do to a ticket (`RuleEffect`: its changes, reply, emails, webhook, stop).
 */
import type { TFunction } from 'i18next';
import { RULE_EVENTS } from '@docket/server/contract/rules';
import { describeChanges } from '@/components/automation/utils/automation-words';

/**
 * An event's name (keys use `_` for the event's `.`: i18next nests on dots); an event this build
 * does not know (a run's `event.type` is a string on the wire) by its own name.
 */
export function eventLabel(event: string, t: TFunction): string {
  return (RULE_EVENTS as readonly string[]).includes(event)
    ? t(`rules.events.${event.replace('.', '_') as 'ticket_created'}`)
    : event;
}

/** What a rule's effect holds; every part optional, as a run may record only some. */
export type EffectLike = {
  changes?: Record<string, { before: unknown; after: unknown }>;
  reply?: { content: string; isInternal: boolean } | null;
  notified?: string[];
  webhook?: boolean;
  stop?: boolean;
};

/** The effect's field changes as lines "Priority: Medium → Urgent" (none: an empty list). */
export function effectChanges(effect: EffectLike | null | undefined, t: TFunction): string[] {
  return describeChanges(effect?.changes ?? {}, t);
}
