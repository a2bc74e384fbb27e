/**
 * Time-based rules (docs/product.md "Rules", "Time-based rules"): a delivery worker of the
 * outbox loops (`app.events.addDeliveryWorker`) that, every SCAN_INTERVAL_MS, evaluates each
 * active `schedule` rule:
 * - Candidates come from an index: the rule's statuses (its `ticket.status is/in` condition)
 *   and the bound of its hours condition in calendar time (`statusChangedAt`, `createdAt` or
 *   `updatedAt` at or before now − hours), oldest first, without the rule's marker for the
 *   ticket's current status. Each is then checked against all the conditions (business hours
 *   where the ticket's SLA policy has a schedule).
 * - A ticket fires under its row lock taken with SKIP LOCKED, and the rule's marker is written in
 *   the same transaction (`ON CONFLICT` on (rule, ticket) at the same status time): two workers
 *   racing make one change. The marker keeps the rule from firing again while the ticket stays
 *   in that status; once the ticket changes status the marker is stale and is swept.
 * - The rule runs at depth 1 of a chain of its own: the events of its changes trigger rules.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { PrismaClient } from '../../lib/db.js';
import { lockVisibleTicketRow } from '../tickets/index.js';
import { evaluateConditions } from './rule-conditions.js';
import { factsOf, rulePrincipal, ruleParts } from './rule-engine.js';
import { runRules } from './rule-runs.js';
import {
  deleteStaleMarkers,
  findScheduleCandidates,
  insertMarker,
  listScheduledRules,
  tryLockTicket,
  type RuleRow,
} from './rules.repository.js';

/** How often the rules are evaluated, unless a pass is asked for a given time (tests). */
const SCAN_INTERVAL_MS = 60_000;
/** Tickets read per query, and at most per rule and pass. */
const PAGE = 200;
const MAX_PER_PASS = 2_000;

const HOUR_COLUMNS = {
  'ticket.hoursInStatus': 'statusChangedAt',
  'ticket.hoursSinceCreated': 'createdAt',
  'ticket.hoursSinceUpdated': 'updatedAt',
} as const;

/**
 * The index bounds of a time-based rule: the statuses of its `all` status condition and its
 * first `greater_than` hours condition (rules.service.ts checks both exist when it is saved).
 */
export function scheduleBounds(rule: RuleRow): {
  statuses: string[];
  column: 'statusChangedAt' | 'createdAt' | 'updatedAt';
  hours: number;
} | null {
  const { all } = ruleParts(rule).conditions;
  const status = all.find(
    (c) => c.field === 'ticket.status' && (c.operator === 'is' || c.operator === 'in'),
  );
  const time = all.find((c) => c.field in HOUR_COLUMNS && c.operator === 'greater_than');
  if (!status || !time) return null;
  const statuses = (Array.isArray(status.value) ? status.value : [status.value]).map((v) =>
    String(v).toUpperCase(),
  );
  return {
    statuses,
    column: HOUR_COLUMNS[time.field as keyof typeof HOUR_COLUMNS],
    hours: Number(time.value),
  };
}

/** What one pass did. */
export interface RuleSchedulerTotals {
  attempted: number;
  succeeded: number;
  failed: number;
}

/** The worker to hand to `app.events.addDeliveryWorker` (plugins/rules.ts). */
export function createRuleScheduler(deps: { prisma: PrismaClient; log: FastifyBaseLogger }) {
  const { prisma, log } = deps;
  let lastScan = 0;

  /** Fires `rule` for ticket `ticketId` if it still matches. @returns whether it fired. */
  async function fire(rule: RuleRow, ticketId: string, now: Date): Promise<boolean> {
    return prisma.$transaction(async (tx) => {
      if (!(await tryLockTicket(tx, ticketId))) return false;
      // Already locked above: one statement reads it (and checks it is still visible).
      const ticket = await lockVisibleTicketRow(tx, rulePrincipal(rule), ticketId);
      const facts = await factsOf(tx, ticket, [], now);
      if (!evaluateConditions(ruleParts(rule).conditions, facts).matches) return false;
      const marked = await insertMarker(tx, {
        ruleId: rule.id,
        ticketId,
        statusChangedAt: ticket.statusChangedAt,
        at: now,
      });
      if (!marked) return false;
      await runRules(tx, {
        rules: [rule],
        ticket,
        events: [],
        now,
        chain: { depth: 1, rootId: randomUUID(), eventType: 'schedule', eventId: null },
      });
      return true;
    });
  }

  /** One rule's pass: sweep stale markers, then walk the candidates. */
  async function scanRule(rule: RuleRow, now: Date, totals: RuleSchedulerTotals): Promise<void> {
    const bounds = scheduleBounds(rule);
    if (!bounds) return;
    await deleteStaleMarkers(prisma, rule.id);
    const before = new Date(now.getTime() - bounds.hours * 3_600_000);
    let after: { at: Date; id: string } | null = null;
    for (let seen = 0; seen < MAX_PER_PASS; seen += PAGE) {
      const page = await findScheduleCandidates(prisma, {
        organizationId: rule.organizationId,
        ruleId: rule.id,
        statuses: bounds.statuses,
        column: bounds.column,
        before,
        after,
        limit: PAGE,
      });
      for (const candidate of page) {
        // Counted when it fired or failed: a candidate that does not match yet is no work done
        // (the outbox loops and `drain` run again while workers report attempts).
        try {
          if (await fire(rule, candidate.id, now)) {
            totals.attempted++;
            totals.succeeded++;
          }
        } catch (err) {
          totals.attempted++;
          totals.failed++;
          log.warn({ err, ruleId: rule.id, ticketId: candidate.id }, 'time-based rule failed');
        }
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!;
    }
  }

  return {
    name: 'rule-scheduler',
    /**
     * Evaluates every active time-based rule at `now` (a pass asked for a given `now` always
     * runs; otherwise at most every SCAN_INTERVAL_MS). @returns the tickets it fired for (succeeded) or failed on.
     */
    async runOnce(options: { limit?: number; now?: Date } = {}): Promise<RuleSchedulerTotals> {
      const totals: RuleSchedulerTotals = { attempted: 0, succeeded: 0, failed: 0 };
      const now = options.now ?? new Date();
      if (!options.now && now.getTime() - lastScan < SCAN_INTERVAL_MS) return totals;
      lastScan = now.getTime();
      for (const rule of await listScheduledRules(prisma)) await scanRule(rule, now, totals);
      return totals;
    },
  };
}
