/**
 * The SLA clocks of one ticket (docs/product.md "SLA"): how each event moves its targets. Pure:
 * the caller loads the targets, applies events here in the ticket's order, and saves what
 * changed (sla-subscriber.ts, sla.service.ts). Every time is an event's time, never "now", so
 * that the clocks are the same however late the events are handled.
 *
 * A target counts business seconds while its clock runs: `usedSeconds` up to `runningSince`, and
 * the schedule's open time since. It runs unless the ticket is in one of the policy's pause
 * statuses or RESOLVED/CLOSED, or the target is fulfilled.
 */
import type { TicketStatus } from '../../lib/domain.js';
import {
  addBusinessSeconds,
  businessSecondsBetween,
  type BusinessSchedule,
} from '../../lib/business-time.js';
import type { SlaMetric, SlaTargetState } from './sla.schemas.js';

/** The most entries a target's history keeps (the first one and the latest). */
const HISTORY_LIMIT = 100;

/** One entry of a target's history: what moved its clock, for the explanation. */
export interface SlaHistoryEntry {
  /** ISO 8601. */
  at: string;
  event: 'armed' | 'paused' | 'resumed' | 'fulfilled' | 'reopened' | 'policy' | 'breached';
  /** E.g. "status WAITING_ON_CUSTOMER", "public reply", "policy Urgent". */
  reason: string;
  /** Business seconds counted up to `at`. */
  usedSeconds: number;
  /** Whether the clock runs from `at` on. */
  running: boolean;
}

/** A target as the clock sees it (a row of ticket_sla_targets). */
export interface SlaTargetClock {
  /** Absent for a target armed here and not saved yet. */
  id?: string;
  metric: SlaMetric;
  cycle: number;
  policyId: string | null;
  state: SlaTargetState;
  targetSeconds: number;
  usedSeconds: number;
  runningSince: Date | null;
  dueAt: Date | null;
  warnAt: Date | null;
  armedAt: Date;
  warnedAt: Date | null;
  breachedAt: Date | null;
  fulfilledAt: Date | null;
  history: SlaHistoryEntry[];
  /** Set by the functions here when the target must be saved / deleted. */
  changed?: boolean;
  removed?: boolean;
}

/** The policy a ticket is under, with its schedule (null: 24/7). */
export interface AppliedPolicy {
  id: string;
  name: string;
  schedule: BusinessSchedule | null;
  minutes: Record<SlaMetric, number | null>;
  pauseStatuses: readonly TicketStatus[];
  warnAtPercent: number;
}

/** What happened to the ticket, at `at`. */
export type SlaEvent =
  | { kind: 'created'; at: Date; status: TicketStatus }
  | { kind: 'staff_reply'; at: Date }
  | { kind: 'customer_reply'; at: Date; status: TicketStatus; staffHasReplied: boolean }
  | { kind: 'status'; at: Date; from: TicketStatus; to: TicketStatus }
  /** The policy was chosen again (the ticket changed, or the policy or its schedule did). */
  | {
      kind: 'policy';
      at: Date;
      status: TicketStatus;
      staffHasReplied: boolean;
      policy: AppliedPolicy | null;
    };

const CLOSED: readonly TicketStatus[] = ['RESOLVED', 'CLOSED'];

/** Whether the clocks of a ticket in `status` run under `policy`. */
export function clocksRun(policy: AppliedPolicy | null, status: TicketStatus): boolean {
  return !CLOSED.includes(status) && !(policy?.pauseStatuses.includes(status) ?? false);
}

function note(
  target: SlaTargetClock,
  at: Date,
  event: SlaHistoryEntry['event'],
  reason: string,
): void {
  const entry: SlaHistoryEntry = {
    at: at.toISOString(),
    event,
    reason,
    usedSeconds: target.usedSeconds,
    running: target.runningSince !== null,
  };
  const history = [...target.history, entry];
  target.history =
    history.length > HISTORY_LIMIT
      ? [history[0]!, ...history.slice(-(HISTORY_LIMIT - 1))]
      : history;
  target.changed = true;
}

/** Stops a running clock at `at`, adding the open time since it started to `usedSeconds`. */
function stopClock(target: SlaTargetClock, schedule: BusinessSchedule | null, at: Date): void {
  if (!target.runningSince) return;
  target.usedSeconds += businessSecondsBetween(schedule, target.runningSince, at);
  target.runningSince = null;
  target.dueAt = null;
  target.warnAt = null;
  target.changed = true;
}

/**
 * Starts the clock at `at`: due once `targetSeconds` are used, at risk once `warnAtPercent` of
 * them are. A breached target keeps its breach time as its due time.
 */
function startClock(target: SlaTargetClock, policy: AppliedPolicy | null, at: Date): void {
  const schedule = policy?.schedule ?? null;
  target.runningSince = at;
  const left = target.targetSeconds - target.usedSeconds;
  target.dueAt = target.breachedAt ?? addBusinessSeconds(schedule, at, Math.max(0, left));
  const warnSeconds = Math.ceil((target.targetSeconds * (policy?.warnAtPercent ?? 80)) / 100);
  target.warnAt = target.breachedAt
    ? null
    : addBusinessSeconds(schedule, at, Math.max(0, warnSeconds - target.usedSeconds));
  target.changed = true;
}

function isOpen(target: SlaTargetClock): boolean {
  return !target.fulfilledAt && !target.removed;
}

function arm(
  targets: SlaTargetClock[],
  policy: AppliedPolicy,
  metric: SlaMetric,
  at: Date,
  running: boolean,
  reason: string,
): void {
  const minutes = policy.minutes[metric];
  if (minutes === null) return;
  const cycle = Math.max(0, ...targets.filter((t) => t.metric === metric).map((t) => t.cycle)) + 1;
  const target: SlaTargetClock = {
    metric,
    cycle,
    policyId: policy.id,
    state: running ? 'active' : 'paused',
    targetSeconds: minutes * 60,
    usedSeconds: 0,
    runningSince: null,
    dueAt: null,
    warnAt: null,
    armedAt: at,
    warnedAt: null,
    breachedAt: null,
    fulfilledAt: null,
    history: [],
    changed: true,
  };
  if (running) startClock(target, policy, at);
  note(target, at, 'armed', reason);
  targets.push(target);
}

function fulfil(target: SlaTargetClock, policy: AppliedPolicy | null, at: Date, reason: string) {
  const dueAt = target.dueAt;
  stopClock(target, policy?.schedule ?? null, at);
  target.dueAt = dueAt; // the due time it had, for the record
  target.fulfilledAt = at;
  target.state = target.breachedAt ? 'breached' : 'fulfilled';
  note(target, at, 'fulfilled', reason);
}

/** Starts or stops each open target's clock to match whether clocks run in `status`. */
function syncClocks(
  targets: SlaTargetClock[],
  policy: AppliedPolicy | null,
  status: TicketStatus,
  at: Date,
  reason: string,
): void {
  const run = clocksRun(policy, status);
  for (const target of targets.filter(isOpen)) {
    if (run && !target.runningSince) {
      startClock(target, policy, at);
      target.state = target.breachedAt ? 'breached' : 'active';
      note(target, at, 'resumed', reason);
    } else if (!run && target.runningSince) {
      stopClock(target, policy?.schedule ?? null, at);
      if (!target.breachedAt) target.state = 'paused';
      note(target, at, 'paused', reason);
    }
  }
}

/** The latest target of `metric` (highest cycle), if any. */
function latest(targets: SlaTargetClock[], metric: SlaMetric): SlaTargetClock | undefined {
  return targets
    .filter((t) => t.metric === metric && !t.removed)
    .reduce<SlaTargetClock | undefined>((a, t) => (!a || t.cycle > a.cycle ? t : a), undefined);
}

/**
 * Applies `event` to the ticket's `targets` under `policy` (the policy the ticket is under before
 * the event; for a `policy` event, the one it was under). Mutates `targets` (pushes armed ones,
 * marks changed and removed ones) and returns the policy the ticket is under afterwards.
 * Rules (docs/product.md "SLA"):
 * - created: arms first response and resolution (cycle 1), paused if created in a pause status;
 * - staff_reply (a public reply of a person on the staff): fulfils every open response target;
 * - customer_reply (portal, tracking link, email): arms the next response when the staff has
 *   replied before and no response target is open;
 * - status: RESOLVED/CLOSED fulfil every open target; leaving them re-opens the resolution
 *   target with the time it had used; pause statuses stop the clocks, other statuses run them;
 * - policy: each open target keeps the time it used and takes the new policy's target and
 *   schedule; one the new policy lacks is dropped unless breached; a first response or resolution
 *   the new policy has and the ticket lacks is armed now. Breached targets stay breached.
 */
export function applySlaEvent(
  targets: SlaTargetClock[],
  policy: AppliedPolicy | null,
  event: SlaEvent,
): AppliedPolicy | null {
  const { at } = event;
  switch (event.kind) {
    case 'created': {
      if (!policy) return null;
      const running = clocksRun(policy, event.status);
      arm(targets, policy, 'first_response', at, running, 'ticket created');
      arm(targets, policy, 'resolution', at, running, 'ticket created');
      return policy;
    }
    case 'staff_reply':
      for (const target of targets.filter(isOpen)) {
        if (target.metric !== 'resolution') fulfil(target, policy, at, 'public reply');
      }
      return policy;
    case 'customer_reply': {
      if (!policy || !event.staffHasReplied) return policy;
      if (targets.some((t) => isOpen(t) && t.metric !== 'resolution')) return policy;
      const running = clocksRun(policy, event.status);
      arm(targets, policy, 'next_response', at, running, 'customer reply');
      return policy;
    }
    case 'status': {
      const reason = `status ${event.to}`;
      if (CLOSED.includes(event.to)) {
        for (const target of targets.filter(isOpen)) fulfil(target, policy, at, reason);
        return policy;
      }
      if (CLOSED.includes(event.from)) {
        const resolution = latest(targets, 'resolution');
        if (resolution?.fulfilledAt) {
          resolution.fulfilledAt = null;
          resolution.state = resolution.breachedAt ? 'breached' : 'paused';
          note(resolution, at, 'reopened', reason);
        }
      }
      syncClocks(targets, policy, event.to, at, reason);
      return policy;
    }
    case 'policy':
      return changePolicy(targets, policy, event);
  }
}

function changePolicy(
  targets: SlaTargetClock[],
  previous: AppliedPolicy | null,
  event: Extract<SlaEvent, { kind: 'policy' }>,
): AppliedPolicy | null {
  const { at, policy } = event;
  const reason = policy ? `policy ${policy.name}` : 'no policy applies';
  for (const target of targets.filter(isOpen)) {
    const wasRunning = target.runningSince !== null;
    stopClock(target, previous?.schedule ?? null, at);
    const minutes = policy?.minutes[target.metric] ?? null;
    if (minutes === null && !target.breachedAt) {
      target.removed = true;
      continue;
    }
    target.policyId = policy?.id ?? null;
    if (minutes !== null) target.targetSeconds = minutes * 60;
    if (wasRunning) startClock(target, policy, at);
    note(target, at, 'policy', reason);
  }
  if (policy && !CLOSED.includes(event.status)) {
    const running = clocksRun(policy, event.status);
    if (!event.staffHasReplied && !latest(targets, 'first_response')) {
      arm(targets, policy, 'first_response', at, running, reason);
    }
    if (!latest(targets, 'resolution')) arm(targets, policy, 'resolution', at, running, reason);
  }
  syncClocks(targets, policy, event.status, at, reason);
  return policy;
}

/**
 * The breach of a running target at its due time (the timer worker): state `breached`,
 * `breachedAt` = due time; its clock keeps running (the overdue time keeps growing).
 */
export function breachTarget(target: SlaTargetClock, schedule: BusinessSchedule | null): void {
  const at = target.dueAt ?? new Date();
  target.breachedAt = at;
  target.state = 'breached';
  target.warnAt = null;
  target.usedSeconds = target.runningSince
    ? target.usedSeconds + businessSecondsBetween(schedule, target.runningSince, at)
    : target.usedSeconds;
  target.runningSince = target.runningSince ? at : null;
  note(target, at, 'breached', 'due time passed');
}

/** The columns of `tickets` that summarise its targets (the list's sort, filters and badge). */
export interface TicketSlaColumns {
  slaPolicyId: string | null;
  slaDueAt: Date | null;
  slaMetric: SlaMetric | null;
  slaWarnAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

/**
 * The ticket's summary columns from its targets (in cycle order): the nearest running open
 * target; `firstResponseDueAt` and `resolutionDueAt` are the due times of the latest first
 * response and resolution targets while they run or once fulfilled (null while paused).
 */
export function ticketSlaColumns(
  targets: readonly SlaTargetClock[],
  policy: AppliedPolicy | null,
): TicketSlaColumns {
  const running = targets
    .filter((t) => isOpen(t) && t.runningSince && t.dueAt)
    .sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime());
  const nearest = running[0];
  const dueOf = (metric: SlaMetric) => {
    const target = targets.filter((t) => t.metric === metric && !t.removed).at(-1);
    return target?.runningSince || target?.fulfilledAt ? target.dueAt : null;
  };
  return {
    slaPolicyId: policy?.id ?? null,
    slaDueAt: nearest?.dueAt ?? null,
    slaMetric: nearest?.metric ?? null,
    slaWarnAt: nearest ? (nearest.warnAt ?? nearest.dueAt) : null,
    firstResponseDueAt: dueOf('first_response'),
    resolutionDueAt: dueOf('resolution'),
  };
}
