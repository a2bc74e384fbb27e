/**
 * One event's rules on one ticket (docs/product.md "Rules", "Order, stop and depth"): in
 * `position` order, each matching rule runs — its changes seen by the rules after it — unless an
 * earlier one said `stop`. Each rule runs inside a savepoint: a rule whose change is refused
 * (a CLOSED ticket, a forbidden transition, an unknown category) is undone alone and recorded
 * as `failed`. Every run is a `rule_runs` row (why it matched, what it changed).
 *
 * Depth: a change made by a person, an API key or Docket starts a chain at depth 0; the rules
 * it triggers run at depth 1, and the events their changes write carry that depth (the outbox's
 * `chainDepth`, rules.repository.ts `setChain`), so the rules those trigger run at 2, and so on.
 * A rule that would run beyond MAX_RULE_DEPTH does not: the chain stops, one `depth_limit` run
 * and one organization-activity warning (`rule_chain.stopped`) are written, and nothing more is
 * changed or sent for the chain.
 */
import type { BusinessSchedule } from '../../lib/business-time.js';
import type { Prisma } from '../../lib/db.js';
import { AppError } from '../../lib/errors.js';
import type { DomainEvent } from '../events/index.js';
import { recordOrganizationActivity } from '../organization-activity/index.js';
import type { TicketRow } from '../tickets/index.js';
import { evaluateConditions } from './rule-conditions.js';
import {
  applyRule,
  factsOf,
  MAX_RULE_DEPTH,
  readsHoursInStatus,
  ruleParts,
} from './rule-engine.js';
import { rollbackTo, savepoint } from '../../db/savepoints.js';
import { chainStopped, insertRuleRun, setChain, type RuleRow } from './rules.repository.js';

/** Where a run stands in its chain. */
export interface RunChain {
  /** The depth the rules run at (1 for a change not made by a rule). */
  depth: number;
  /** The chain's first event (a time-based run: a fresh id). */
  rootId: string;
  /** The event the rules run on: its type and id (`schedule` and null for time-based). */
  eventType: string;
  eventId: string | null;
}

/**
 * Runs `rules` (already in order) on `ticket`, read under its row lock in `tx`, after `events`
 * at `now`. @returns the ticket after them and how many rules applied.
 * @throws only unexpected errors (the subscriber's row is then retried).
 */
export async function runRules(
  tx: Prisma.TransactionClient,
  input: {
    rules: readonly RuleRow[];
    ticket: TicketRow;
    /** The events of the change the rules run after ([]: time-based). */
    events: readonly DomainEvent[];
    chain: RunChain;
    now: Date;
  },
): Promise<{ ticket: TicketRow; applied: number }> {
  const { chain, now, events } = input;
  let ticket = input.ticket;
  let applied = 0;
  const base = {
    organizationId: ticket.organizationId,
    ticketId: ticket.id,
    eventType: chain.eventType,
    eventId: chain.eventId,
    chainRootId: chain.rootId,
    depth: chain.depth,
    createdAt: now,
  };
  const schedules = new Map<string, BusinessSchedule | null>();
  const withSchedule = readsHoursInStatus(input.rules);
  for (const [index, rule] of input.rules.entries()) {
    const facts = await factsOf(tx, ticket, events, now, schedules, withSchedule);
    const { matches, reason } = evaluateConditions(ruleParts(rule).conditions, facts);
    if (!matches) continue;
    if (chain.depth > MAX_RULE_DEPTH) {
      await stopChain(tx, rule, base, reason);
      break;
    }
    await setChain(tx, chain.depth, chain.rootId);
    const name = `rule_${index}`;
    await savepoint(tx, name);
    try {
      const result = await applyRule(tx, rule, ticket, now);
      ticket = result.ticket;
      applied++;
      await insertRuleRun(tx, {
        ...base,
        ruleId: rule.id,
        ruleName: rule.name,
        outcome: 'applied',
        reason,
        changes: result.effect as unknown as Prisma.InputJsonObject,
      });
      if (result.effect.stop) break;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await rollbackTo(tx, name);
      await insertRuleRun(tx, {
        ...base,
        ruleId: rule.id,
        ruleName: rule.name,
        outcome: 'failed',
        reason,
        error: error.message.slice(0, 500),
      });
    }
  }
  return { ticket, applied };
}

/** The chain went too deep: one `depth_limit` run and one warning per chain, nothing else. */
async function stopChain(
  tx: Prisma.TransactionClient,
  rule: RuleRow,
  base: {
    organizationId: string;
    ticketId: string;
    eventType: string;
    eventId: string | null;
    chainRootId: string;
    depth: number;
    createdAt: Date;
  },
  reason: string,
): Promise<void> {
  if (await chainStopped(tx, base.chainRootId)) return;
  await insertRuleRun(tx, {
    ...base,
    ruleId: rule.id,
    ruleName: rule.name,
    outcome: 'depth_limit',
    reason,
    error: `Rules triggered rules ${MAX_RULE_DEPTH} times in a row; "${rule.name}" did not run`,
  });
  await recordOrganizationActivity(tx, {
    organizationId: base.organizationId,
    actorId: null,
    type: 'rule_chain.stopped',
    data: {
      ticketId: base.ticketId,
      rule: { id: rule.id, name: rule.name },
      depth: base.depth,
      limit: MAX_RULE_DEPTH,
      chainRootId: base.chainRootId,
    },
    at: base.createdAt,
  });
}
