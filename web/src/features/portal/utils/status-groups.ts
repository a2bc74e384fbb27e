/**
 * The portal's four quick counts and list filters ("open, in progress, resolved,
 * closed"), each a set of the API's statuses, so the counts and the filtered list agree:
 * - open: NEW and OPEN — with the team, nobody working on it yet;
 * - in progress: IN_PROGRESS, WAITING_ON_CUSTOMER (our reply is waiting on theirs) and ON_HOLD;
 * - resolved: RESOLVED (a reply reopens it);
 * - closed: CLOSED (final).
 */
import type { TicketStatus } from '@docket/server/contract/domain';
import type { TicketCounts } from '@docket/server/contract/tickets';

export const STATUS_GROUPS = ['open', 'inProgress', 'resolved', 'closed'] as const;
export type StatusGroup = (typeof STATUS_GROUPS)[number];

export const STATUSES_OF_GROUP: Readonly<Record<StatusGroup, readonly TicketStatus[]>> = {
  open: ['NEW', 'OPEN'],
  inProgress: ['IN_PROGRESS', 'WAITING_ON_CUSTOMER', 'ON_HOLD'],
  resolved: ['RESOLVED'],
  closed: ['CLOSED'],
};

/** The URL's `?status=` value as a group; anything else (absent, unknown) is "all". */
export function statusGroupFrom(value: string | null | undefined): StatusGroup | null {
  return STATUS_GROUPS.find((group) => group === value) ?? null;
}

/** `GET /api/tickets/counts` summed per group; every status belongs to exactly one group. */
export function countsByGroup(counts: TicketCounts): Record<StatusGroup, number> {
  const sum = (group: StatusGroup) =>
    STATUSES_OF_GROUP[group].reduce((total, status) => total + counts.byStatus[status], 0);
  return {
    open: sum('open'),
    inProgress: sum('inProgress'),
    resolved: sum('resolved'),
    closed: sum('closed'),
  };
}
