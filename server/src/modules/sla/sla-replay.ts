/**
 * Rebuilds the SLA clocks of an organization's tickets from their history (docs/product.md
 * "SLA"): creation, public replies and status changes, in time order, through the same clock
 * rules as the `sla` subscriber (sla-clock.ts), each target breached at its due time when that
 * came before its fulfilment and warned at its warning time — quietly: no event, no email, no
 * escalation, since that history is over. For data written without the subscriber (the demo
 * seed); a ticket's existing targets are replaced.
 */
import type { Prisma } from '../../lib/db.js';
import {
  applySlaEvent,
  breachTarget,
  ticketSlaColumns,
  type AppliedPolicy,
  type SlaEvent,
  type SlaTargetClock,
} from './sla-clock.js';
import { appliedPolicy, choosePolicy } from './sla-policies.js';
import {
  deleteSlaTargets,
  listReplayMoments,
  listReplayTickets,
  listSlaPolicies,
  saveSlaTargets,
  type ReplayMoment,
} from './sla.repository.js';
import type { TicketStatus } from '../../lib/domain.js';

/** Marks the running targets due by `at`: warned at their warning time, breached at their due time. */
function passTime(targets: SlaTargetClock[], policy: AppliedPolicy | null, at: Date): void {
  for (const target of targets) {
    if (target.fulfilledAt || !target.runningSince || target.state !== 'active') continue;
    if (target.warnAt && target.warnAt <= at && !target.warnedAt) {
      target.warnedAt = target.warnAt;
      target.changed = true;
    }
    if (target.dueAt && target.dueAt <= at) breachTarget(target, policy?.schedule ?? null);
  }
}

/**
 * Replays the SLA history of every ticket of `organizationId` up to `now` in `tx` (see the file's
 * comment). Each ticket is under the policy that matches it now. @returns the tickets given clocks.
 */
export async function replaySlaHistory(
  tx: Prisma.TransactionClient,
  organizationId: string,
  now: Date,
): Promise<number> {
  const policies = await listSlaPolicies(tx, organizationId);
  if (!policies.length) return 0;
  const moments = new Map<string, ReplayMoment[]>();
  for (const moment of await listReplayMoments(tx, organizationId)) {
    moments.set(moment.ticketId, [...(moments.get(moment.ticketId) ?? []), moment]);
  }
  let replayed = 0;
  for (const ticket of await listReplayTickets(tx, organizationId)) {
    const row = choosePolicy(policies, ticket);
    if (!row) continue;
    const policy = appliedPolicy(row);
    const targets: SlaTargetClock[] = [];
    applySlaEvent(targets, policy, { kind: 'created', at: ticket.createdAt, status: 'NEW' });
    let status: TicketStatus = 'NEW';
    let staffHasReplied = false;
    for (const moment of moments.get(ticket.id) ?? []) {
      passTime(targets, policy, moment.at);
      let event: SlaEvent | null = null;
      if (moment.kind === 'STATUS' && moment.to) {
        event = {
          kind: 'status',
          at: moment.at,
          from: (moment.from ?? status) as TicketStatus,
          to: moment.to as TicketStatus,
        };
        status = moment.to as TicketStatus;
      } else if (moment.kind === 'AGENT') {
        event = { kind: 'staff_reply', at: moment.at };
        staffHasReplied = true;
      } else if (moment.kind === 'CUSTOMER' || moment.kind === 'EMAIL') {
        event = { kind: 'customer_reply', at: moment.at, status, staffHasReplied };
      }
      if (event) applySlaEvent(targets, policy, event);
    }
    passTime(targets, policy, now);
    await deleteSlaTargets(tx, ticket.id);
    await saveSlaTargets(tx, ticket, targets, ticketSlaColumns(targets, policy), now);
    replayed++;
  }
  return replayed;
}
