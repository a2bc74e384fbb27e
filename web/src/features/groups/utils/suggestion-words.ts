/**
 * A suggested agent's reason in the current language (docs/product.md "Groups and routing"),
 * built from the answer's structured fields rather than the server's English `reason`: whether
 * they are away, the ticket's skills they have and lack, and their load against their capacity.
 * The server's `reason` is added only when the agent is not eligible for a cause these fields do
 * not show.
 */
import type { TFunction } from 'i18next';
import type { SuggestedAgent } from '@docket/server/contract/groups';

/** Whether the agent holds as many open tickets as their capacity allows (or more). */
export function atCapacity(suggestion: SuggestedAgent): boolean {
  return suggestion.capacity !== null && suggestion.openTickets >= suggestion.capacity;
}

/**
 * The reason's parts in order, e.g. ["Away", "Has skills anxiety, lang:fr", "Lacks skills
 * billing", "At capacity: 5 of 5 open tickets"]; joined by " · " to read as one sentence.
 */
export function suggestionReasonParts(suggestion: SuggestedAgent, t: TFunction): string[] {
  const parts: string[] = [];
  if (suggestion.availability === 'away') parts.push(t('groups.suggested.away'));
  if (suggestion.matchedSkills.length) {
    parts.push(t('groups.suggested.matched', { skills: suggestion.matchedSkills.join(', ') }));
  }
  if (suggestion.missingSkills.length) {
    parts.push(t('groups.suggested.missing', { skills: suggestion.missingSkills.join(', ') }));
  }
  const full = atCapacity(suggestion);
  if (suggestion.capacity === null) {
    parts.push(t('groups.suggested.load', { count: suggestion.openTickets }));
  } else {
    parts.push(
      t(full ? 'groups.suggested.atCapacity' : 'groups.suggested.loadOfCapacity', {
        count: suggestion.openTickets,
        capacity: suggestion.capacity,
      }),
    );
  }
  const explained =
    suggestion.availability === 'away' || suggestion.missingSkills.length > 0 || full;
  if (!suggestion.eligible && !explained && suggestion.reason) parts.push(suggestion.reason);
  return parts;
}

/** The reason as one line: its parts joined by " · ". */
export function suggestionReason(suggestion: SuggestedAgent, t: TFunction): string {
  return suggestionReasonParts(suggestion, t).join(' · ');
}
