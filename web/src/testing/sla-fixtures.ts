/**
 * SLA values for the dashboard's tests (server contract `TicketSla`, docs/product.md "SLA"): a
 * fixed "now" and targets and summaries around it, each field overridable.
 */
import type { TicketSla, TicketSlaTarget } from '@docket/server/contract/sla';

/** The tests' "now": Thursday 2026-12-03 14:00 UTC. */
export const SLA_NOW = Date.parse('2026-12-03T14:00:00.000Z');

/** The ISO instant `minutes` after SLA_NOW (before it when negative). */
export const slaAt = (minutes: number) => new Date(SLA_NOW + minutes * 60_000).toISOString();

/** A running first-response target of 4 h, due in 80 minutes, at risk since 48 minutes ago. */
export function makeSlaTarget(overrides: Partial<TicketSlaTarget> = {}): TicketSlaTarget {
  return {
    metric: 'first_response',
    cycle: 1,
    state: 'active',
    targetMinutes: 240,
    dueAt: slaAt(80),
    warnAt: slaAt(32),
    fulfilledAt: null,
    breachedAt: null,
    businessSecondsUsed: 160 * 60,
    businessSecondsLeft: 80 * 60,
    ...overrides,
  };
}

/** A ticket's `sla` under the "Standard" policy with that one target. */
export function makeTicketSla(overrides: Partial<TicketSla> = {}): TicketSla {
  return {
    policyId: '00000000-0000-4000-8000-00000000f001',
    policyName: 'Standard',
    nextDueAt: slaAt(80),
    nextMetric: 'first_response',
    state: 'on_track',
    targets: [makeSlaTarget()],
    ...overrides,
  };
}
