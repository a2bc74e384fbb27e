/**
 * The queries of ticket activity (`ticket_activities`, the audit log): one row written in the
 * transaction of a change, and the pages of a ticket's activity.
 */
import type { ActivityType } from '../../lib/domain.js';
import type { Db, Prisma } from '../../lib/db.js';
import type { activityRow } from './activity.recorder.js';

/** An activity row as stored. */
export type ActivityRow = Prisma.TicketActivityGetPayload<object>;

/**
 * Inserts one activity row with `db` (the transaction of the change): `row` as activityRow
 * makes it; null before/after are left out (SQL NULL), a null createdAt takes the column default.
 */
export async function insertActivity(db: Db, row: ReturnType<typeof activityRow>): Promise<void> {
  const { before, after, createdAt, ...columns } = row;
  await db.ticketActivity.create({
    data: {
      ...columns,
      before: before ?? undefined,
      after: after ?? undefined,
      ...(createdAt ? { createdAt } : {}),
    },
  });
}

/**
 * One page of a ticket's activity, oldest first by (createdAt, id): `take` rows after the cursor
 * position `after` (exclusive). `publicOnly`: only rows not internal and of none of
 * `publicOnly.hiddenTypes` (what a customer may see); null: every row.
 */
export function findActivityPage(
  db: Db,
  query: {
    ticketId: string;
    organizationId: string;
    publicOnly: { hiddenTypes: readonly ActivityType[] } | null;
    after: { at: Date; id: string } | null;
    take: number;
  },
): Promise<ActivityRow[]> {
  const where: Prisma.TicketActivityWhereInput[] = [
    { ticketId: query.ticketId, organizationId: query.organizationId },
  ];
  if (query.publicOnly) {
    where.push({ isInternal: false, type: { notIn: [...query.publicOnly.hiddenTypes] } });
  }
  if (query.after) {
    const { at, id } = query.after;
    where.push({ OR: [{ createdAt: { gt: at } }, { createdAt: at, id: { gt: id } }] });
  }
  return db.ticketActivity.findMany({
    where: { AND: where },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: query.take,
  });
}

/** What the public tracker reads of an activity row (public/public.service.ts). */
const publicActivitySelect = {
  type: true,
  before: true,
  after: true,
  createdAt: true,
} satisfies Prisma.TicketActivitySelect;
/** An activity row as the public tracker reads it. */
export type PublicActivityRow = Prisma.TicketActivityGetPayload<{
  select: typeof publicActivitySelect;
}>;

/**
 * The public status changes and session changes (not internal) of ticket `ticketId`, oldest
 * first. Not awaited: the tracker runs it in one snapshot with its other reads (a batch
 * `$transaction`), so it returns the query itself.
 */
export function findPublicActivities(
  db: Db,
  ticketId: string,
): Prisma.PrismaPromise<PublicActivityRow[]> {
  return db.ticketActivity.findMany({
    where: {
      ticketId,
      isInternal: false,
      type: { in: ['STATUS_CHANGED', 'SESSION_SCHEDULED'] },
    },
    select: publicActivitySelect,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
}
