/**
 * The SLA part of a ticket row (docs/product.md "SLA"): the policy applied with its schedule, and
 * every target, as two scalar subqueries of TICKET_ROW_SELECT (tickets.repository.ts), turned
 * into what `include: ticketInclude` gives (`slaPolicy`, `slaTargets`).
 */
import { Prisma } from '../../generated/prisma/client.js';
import type { TicketRow } from './tickets.presenter.js';

/**
 * A target's timestamp column as milliseconds since the epoch (a JSON number, null when null),
 * rounded down as JavaScript's Date does with the microseconds it cannot hold. What it buys: in
 * JSON, PostgreSQL writes a timestamp as text with six fraction digits and an offset
 * ("2026-12-05T10:00:00.123456+00:00"), a form V8 parses on its slow path; `new Date(ms)` costs
 * next to nothing, and a page sorted by SLA carries up to four such values per ticket.
 */
const epochMs = (column: string) =>
  Prisma.raw(`floor(extract(epoch FROM s."${column}") * 1000)::bigint`);

/** The two columns TICKET_ROW_SELECT adds for a ticket's SLA (JSON; the policy only when applied). */
export const SLA_ROW_COLUMNS = Prisma.sql`CASE WHEN t."slaPolicyId" IS NULL THEN NULL ELSE
      (SELECT json_build_object('id', p.id, 'name', p.name, 'businessHours',
        (SELECT json_build_object('timeZone', b."timeZone", 'intervals', b.intervals, 'holidays', b.holidays)
         FROM business_hours b WHERE b.id = p."businessHoursId"))
       FROM sla_policies p WHERE p.id = t."slaPolicyId") END AS "_slaPolicy",
    (SELECT coalesce(json_agg(json_build_object('metric', s.metric, 'cycle', s.cycle, 'state', s.state,
        'targetSeconds', s."targetSeconds", 'usedSeconds', s."usedSeconds",
        'runningSince', ${epochMs('runningSince')}, 'dueAt', ${epochMs('dueAt')},
        'warnAt', ${epochMs('warnAt')}, 'fulfilledAt', ${epochMs('fulfilledAt')},
        'breachedAt', ${epochMs('breachedAt')}) ORDER BY s.metric, s.cycle), '[]')
     FROM ticket_sla_targets s WHERE s."ticketId" = t.id) AS "_slaTargets"`;

type SlaTargetJson = Omit<
  TicketRow['slaTargets'][number],
  'runningSince' | 'dueAt' | 'warnAt' | 'fulfilledAt' | 'breachedAt'
> &
  Record<'runningSince' | 'dueAt' | 'warnAt' | 'fulfilledAt' | 'breachedAt', number | null>;

/** The columns SLA_ROW_COLUMNS adds to a raw ticket row. */
export interface RawSlaColumns {
  _slaPolicy: TicketRow['slaPolicy'];
  _slaTargets: SlaTargetJson[];
}

const date = (epochMs: number | null): Date | null => (epochMs === null ? null : new Date(epochMs));

/** A ticket row's `slaTargets` from the raw row's JSON (epoch ms → Date); `slaPolicy` is as is. */
export function slaTargetsOf(raw: RawSlaColumns): TicketRow['slaTargets'] {
  return raw._slaTargets.map((t) => ({
    metric: t.metric,
    cycle: t.cycle,
    state: t.state,
    targetSeconds: t.targetSeconds,
    usedSeconds: t.usedSeconds,
    runningSince: date(t.runningSince),
    dueAt: date(t.dueAt),
    warnAt: date(t.warnAt),
    fulfilledAt: date(t.fulfilledAt),
    breachedAt: date(t.breachedAt),
  }));
}
