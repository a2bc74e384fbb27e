/**
 * The explanation of a ticket's SLA clocks (`GET /api/tickets/:id/sla`, docs/product.md "SLA"):
 * each target with the stretches of time between the events in its history — counted while the
 * clock ran (with the business seconds it counted in them), paused otherwise — and what started
 * each stretch.
 */
import type { BusinessSchedule } from '../../lib/business-time.js';
import { presentSlaTarget } from '../tickets/index.js';
import type { SlaTargetClock } from './sla-clock.js';
import type { TicketSlaExplanation } from './sla.schemas.js';

type ExplainedTarget = TicketSlaExplanation['targets'][number];

const REASONS: Record<string, string> = {
  armed: 'armed',
  paused: 'paused',
  resumed: 'resumed',
  fulfilled: 'fulfilled',
  reopened: 'reopened',
  policy: 'policy applied',
  breached: 'breached',
};

/**
 * `targets` (in metric then cycle order) explained at `now` under `schedule` (null: 24/7): the
 * target as `sla.targets` shows it, its arming time, and one interval per history entry except
 * a final "fulfilled": from the entry to the next (null `to`: still going), counted when the
 * clock ran, with the business seconds used between the two entries (up to `now` for the last).
 */
export function explainTargets(
  targets: readonly SlaTargetClock[],
  schedule: BusinessSchedule | null,
  now: Date,
): ExplainedTarget[] {
  return targets.map((target) => {
    const shown = presentSlaTarget(target, schedule, now);
    const history = target.history;
    const intervals: ExplainedTarget['intervals'] = [];
    history.forEach((entry, i) => {
      const next = history[i + 1];
      if (!next && entry.event === 'fulfilled') return;
      const usedAtEnd = next ? next.usedSeconds : shown.businessSecondsUsed;
      intervals.push({
        from: entry.at,
        to: next?.at ?? null,
        counted: entry.running,
        businessSeconds: entry.running ? Math.max(0, usedAtEnd - entry.usedSeconds) : 0,
        reason: `${REASONS[entry.event] ?? entry.event}: ${entry.reason}`,
      });
    });
    return { ...shown, armedAt: target.armedAt.toISOString(), intervals };
  });
}
