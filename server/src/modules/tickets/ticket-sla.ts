/**
 * A ticket's `sla` as staff see it (docs/product.md "SLA", docs/api.md "Ticket"): the policy
 * applied, the nearest running target and the latest target of each metric, with the business
 * seconds used and left as of now. The clocks themselves are moved by the SLA module
 * (modules/sla/sla-clock.ts) off the request path; this only reads them. Customers never get it.
 */
import {
  businessSecondsBetween,
  scheduleOf,
  type BusinessSchedule,
} from '../../lib/business-time.js';
import { isoInstantOrNull } from '../../lib/iso-instant.js';
import type { TicketSla, TicketSlaTarget } from '../sla/sla.schemas.js';
import type { TicketRow } from './tickets.presenter.js';

/** The target columns a ticket row carries (`include: ticketInclude`). */
export const SLA_TARGET_SELECT = {
  metric: true,
  cycle: true,
  state: true,
  targetSeconds: true,
  usedSeconds: true,
  runningSince: true,
  dueAt: true,
  warnAt: true,
  fulfilledAt: true,
  breachedAt: true,
} as const;

type TargetRow = TicketRow['slaTargets'][number];

/**
 * One target as of `now`: business seconds used (`usedSeconds` plus the open time since the
 * clock started when it runs) and left (negative once overdue) under `schedule` (null: 24/7).
 */
export function presentSlaTarget(
  target: TargetRow,
  schedule: BusinessSchedule | null,
  now: Date,
): TicketSlaTarget {
  const used =
    target.usedSeconds +
    (target.runningSince ? businessSecondsBetween(schedule, target.runningSince, now) : 0);
  return {
    metric: target.metric,
    cycle: target.cycle,
    state: target.state,
    targetMinutes: Math.round(target.targetSeconds / 60),
    dueAt: isoInstantOrNull(target.dueAt),
    warnAt: isoInstantOrNull(target.warnAt),
    fulfilledAt: isoInstantOrNull(target.fulfilledAt),
    breachedAt: isoInstantOrNull(target.breachedAt),
    businessSecondsUsed: used,
    businessSecondsLeft: target.targetSeconds - used,
  };
}

/**
 * `sla` of a ticket row at `now` (default: the current time); null when no policy applies and no
 * target was ever armed. `state` is the nearest running target's (from the ticket's summary
 * columns: breached once past due, at_risk once past its warning time), else `paused` while a
 * target is open but stopped, else `met`.
 */
export function presentTicketSla(row: TicketRow, now: Date = new Date()): TicketSla | null {
  if (!row.slaPolicy && row.slaTargets.length === 0) return null;
  const schedule = row.slaPolicy?.businessHours ? scheduleOf(row.slaPolicy.businessHours) : null;
  const latest = new Map<string, TargetRow>();
  for (const target of row.slaTargets) {
    const seen = latest.get(target.metric);
    if (!seen || target.cycle > seen.cycle) latest.set(target.metric, target);
  }
  const targets = [...latest.values()].map((t) => presentSlaTarget(t, schedule, now));
  let state: TicketSla['state'] = 'met';
  if (row.slaDueAt) {
    if (now >= row.slaDueAt) state = 'breached';
    else if (row.slaWarnAt && now >= row.slaWarnAt) state = 'at_risk';
    else state = 'on_track';
  } else if (row.slaTargets.some((t) => !t.fulfilledAt)) {
    state = 'paused';
  }
  return {
    policyId: row.slaPolicy?.id ?? null,
    policyName: row.slaPolicy?.name ?? null,
    nextDueAt: isoInstantOrNull(row.slaDueAt),
    nextMetric: row.slaMetric,
    state,
    targets,
  };
}
