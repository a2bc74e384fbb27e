/**
 * The SLA timer worker (docs/product.md "SLA"): gives each running target its warning when it
 * becomes at risk and its breach when it falls due — `ticket.sla_warning` and
 * `ticket.sla_breached`, exactly once per target, even with several workers (instances) and
 * across restarts — and applies the policy's escalation on breach. Run by the outbox workers as
 * a delivery worker (plugins/sla.ts), each pass in short transactions, one per ticket:
 * 1. find tickets with a due timer (unlocked);
 * 2. per ticket: take its row lock with SKIP LOCKED (a ticket another worker or writer holds is
 *    left for the next pass), check the targets again under the lock, mark them (warnedAt, or
 *    state `breached`), escalate, emit the events — all in that transaction: the mark and its
 *    event commit together or not at all, and a marked target is never due again.
 */
import type { FastifyBaseLogger } from 'fastify';
import { nextOpening } from '../../lib/business-time.js';
import type { Prisma, PrismaClient } from '../../lib/db.js';
import {
  emitTicketEvent,
  escalateTicket,
  priorityAbove,
  reloadTicket,
  type TicketRow,
} from '../tickets/index.js';
import { breachTarget, ticketSlaColumns, type SlaTargetClock } from './sla-clock.js';
import { appliedPolicy, escalationOf } from './sla-policies.js';
import { findTicketsWithDueTimers, lockTicketClocks, saveSlaTargets } from './sla.repository.js';
import type { SlaMetric } from './sla.schemas.js';

const SYSTEM = { kind: 'system', name: 'Docket' } as const;

/** How activity rows name a metric. */
const SLA_METRIC_NAMES: Record<SlaMetric, string> = {
  first_response: 'first response',
  next_response: 'next response',
  resolution: 'resolution',
};

/** Totals of one pass. */
export interface SlaTimerTotals {
  attempted: number;
  succeeded: number;
  failed: number;
}

/**
 * The worker: `runOnce({limit, now})` handles up to `limit` tickets with a due timer at `now`
 * (default 50, the current time). `succeeded` counts tickets whose targets it marked; `failed`
 * those whose transaction threw (logged; taken again next pass).
 */
export function createSlaTimerWorker(deps: { prisma: PrismaClient; log: FastifyBaseLogger }) {
  return {
    name: 'sla-timers',
    async runOnce(options: { limit?: number; now?: Date } = {}): Promise<SlaTimerTotals> {
      const now = options.now ?? new Date();
      const ticketIds = await findTicketsWithDueTimers(deps.prisma, now, options.limit ?? 50);
      const totals: SlaTimerTotals = { attempted: 0, succeeded: 0, failed: 0 };
      for (const ticketId of ticketIds) {
        totals.attempted++;
        try {
          if (await deps.prisma.$transaction((tx) => fireTimers(tx, ticketId, now))) {
            totals.succeeded++;
          }
        } catch (err) {
          totals.failed++;
          deps.log.warn({ err, ticketId }, 'SLA timers of a ticket failed; retried next pass');
        }
      }
      return totals;
    },
  };
}

/**
 * The due timers of ticket `ticketId` at `now`, in `tx`. @returns whether it marked any target
 * (false when the ticket is locked elsewhere, gone, deleted, or nothing is due any more).
 */
export async function fireTimers(
  tx: Prisma.TransactionClient,
  ticketId: string,
  now: Date,
): Promise<boolean> {
  const clocks = await lockTicketClocks(tx, ticketId, true);
  if (!clocks) return false;
  const { ticket, targets, policy: policyRow } = clocks;
  const policy = policyRow ? appliedPolicy(policyRow) : null;
  const schedule = policy?.schedule ?? null;
  const warned: SlaTargetClock[] = [];
  const breached: SlaTargetClock[] = [];
  for (const target of targets) {
    if (target.state !== 'active' || !target.runningSince) continue;
    if (target.dueAt && target.dueAt <= now) {
      breachTarget(target, schedule);
      breached.push(target);
    } else if (target.warnAt && target.warnAt <= now && !target.warnedAt) {
      target.warnedAt = now;
      target.changed = true;
      warned.push(target);
    }
  }
  if (!warned.length && !breached.length) return false;
  await saveSlaTargets(tx, ticket, targets, ticketSlaColumns(targets, policy), now);

  const escalation = policyRow ? escalationOf(policyRow) : null;
  let priorityChange: { before: typeof ticket.priority; after: typeof ticket.priority } | null =
    null;
  let addedTag: string | null = null;
  // The ticket as the events carry it: escalateTicket reads it under the lock after its change.
  let escalated: TicketRow | null = null;
  if (breached.length && escalation) {
    const raise = escalation.raisePriority;
    const priority = raise === 'one_step' ? priorityAbove(ticket.priority) : raise;
    const metrics = breached.map((t) => SLA_METRIC_NAMES[t.metric]).join(', ');
    escalated = await escalateTicket(
      tx,
      ticketId,
      { priority, addTag: escalation.addTag },
      `SLA breached: ${metrics}`,
      now,
    );
    if (escalated && escalated.priority !== ticket.priority) {
      priorityChange = { before: ticket.priority, after: escalated.priority };
    }
    if (escalated && escalation.addTag && !ticket.tags.includes(escalation.addTag)) {
      addedTag = escalated.tags.includes(escalation.addTag) ? escalation.addTag : null;
    }
  }
  const notifyAt =
    escalation && !escalation.notify
      ? null
      : (policyRow?.holdNotificationsUntilOpen ? nextOpening(schedule, now) : now).toISOString();
  const row = escalated ?? (await reloadTicket(tx, ticketId));
  const targetOf = (t: SlaTargetClock) => ({
    metric: t.metric,
    cycle: t.cycle,
    policyId: t.policyId,
    policyName: policyRow?.name ?? null,
    dueAt: (t.breachedAt ?? t.dueAt ?? now).toISOString(),
    warnAt: t.warnAt?.toISOString() ?? null,
    breachedAt: t.breachedAt?.toISOString() ?? null,
  });
  for (const target of warned) {
    await emitTicketEvent(
      tx,
      'ticket.sla_warning',
      row,
      SYSTEM,
      {
        target: targetOf(target),
        notifyAt,
      },
      now,
    );
  }
  for (const target of breached) {
    await emitTicketEvent(
      tx,
      'ticket.sla_breached',
      row,
      SYSTEM,
      {
        target: targetOf(target),
        escalation: { priority: priorityChange, addedTag },
        notifyAt,
      },
      now,
    );
  }
  return true;
}
