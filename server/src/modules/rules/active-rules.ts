/**
 * The organization's active triggers as the `rules` subscriber reads them for every ticket event:
 * kept in memory for ACTIVE_RULES_TTL_MS per organization (one indexed read per organization and
 * period instead of one per event), and forgotten at once in this process when a rule of the
 * organization is created, changed or deleted (rules.service.ts). Another instance sees a change
 * within the period (docs/product.md "Rules").
 */
import type { Db } from '../../lib/db.js';
import { listActiveRules, type RuleRow } from './rules.repository.js';
import { RULE_EVENTS, type RuleEvent } from './rules.schemas.js';

/** How long an organization's active rules are kept, ms. */
export const ACTIVE_RULES_TTL_MS = 5_000;

/** The rule events a ticket event may reach (every one but `schedule`). */
const EVENT_RULES: readonly RuleEvent[] = RULE_EVENTS.filter((event) => event !== 'schedule');

const cache = new Map<string, { rules: RuleRow[]; until: number }>();

/** The organization's active triggers, in the order they run (cached, see above). */
export async function activeTriggers(db: Db, organizationId: string): Promise<RuleRow[]> {
  const now = Date.now();
  const hit = cache.get(organizationId);
  if (hit && hit.until > now) return hit.rules;
  const rules = await listActiveRules(db, organizationId, EVENT_RULES);
  if (cache.size > 10_000) cache.clear();
  cache.set(organizationId, { rules, until: now + ACTIVE_RULES_TTL_MS });
  return rules;
}

/** Forgets the organization's cached rules (after a change of one of them). */
export function forgetActiveTriggers(organizationId: string): void {
  cache.delete(organizationId);
}
