/**
 * The `saved_views` table (docs/decisions/0005-repositories.md): each function takes the client
 * or a transaction client first and returns rows, `null` for a view that is not there; the rules
 * (whose views, who sees shared ones, case-insensitive names, the cap) are saved-views.service.ts's.
 * Also the views' capped ticket counts, in one statement over the ticket list's own conditions.
 */
import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../lib/db.js';
import type { Principal } from '../../lib/principal.js';
import { selectRows } from '../../db/select-rows.js';
import { ticketListConditions } from '../tickets/index.js';
import type { ListTicketsQuery } from '../tickets/tickets.schemas.js';

const viewSelect = {
  id: true,
  name: true,
  filters: true,
  visibility: true,
  groupId: true,
  group: { select: { id: true, name: true } },
  columns: true,
  userId: true,
  createdAt: true,
} satisfies Prisma.SavedViewSelect;
/** A saved view as the API shows it, before its filters are typed and its date formatted. */
export type SavedViewRow = Prisma.SavedViewGetPayload<{ select: typeof viewSelect }>;

/** Whose views: the user and their organization (every query is scoped by both). */
export interface ViewOwner {
  userId: string;
  organizationId: string;
}

/**
 * Takes the transaction-scoped advisory lock on the views of `userId`: held until the
 * transaction ends, it serializes that user's name checks and writes.
 */
export async function lockUserViews(tx: Db, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`saved-views:${userId}`}, 0))`;
}

/** The ids of the user's views named `name` in any case (`lower(name)`). */
export function findViewIdsByNameIgnoringCase(
  db: Db,
  userId: string,
  name: string,
): Promise<{ id: string }[]> {
  return db.$queryRaw<{ id: string }[]>`
    SELECT id FROM saved_views
    WHERE "userId" = ${userId}::uuid AND lower(name) = lower(${name})`;
}

/**
 * The views `viewer` sees in their organization: their own personal ones, the organization's
 * shared ones, and the group ones of the groups they are a member of (every group's when
 * `allGroups`: admins). One prepared statement, the memberships a subquery of it: the view counts
 * (`GET /api/saved-views/counts`, which the dashboard asks for with every list) read the views
 * first, and through the ORM the memberships and the views took two round trips: measured at a
 * million tickets, the server's CPU per answer of the counts fell from 2.27–3.03 to 1.13–1.38 ms
 * (bench/README.md "The baseline's SQL").
 */
export function listVisibleViews(
  db: Db,
  viewer: ViewOwner & { allGroups: boolean },
): Promise<SavedViewRow[]> {
  return selectRows<SavedViewRow>(db, visibleViewsSql(viewer), { prepared: true });
}

/** The statement of listVisibleViews (bench/baseline-server.ts sends it too). */
export function visibleViewsSql(viewer: ViewOwner & { allGroups: boolean }): Prisma.Sql {
  return Prisma.sql`SELECT v.id, v.name, v.filters, v.visibility::text AS visibility, v."groupId",
      CASE WHEN g.id IS NULL THEN NULL ELSE json_build_object('id', g.id, 'name', g.name) END
        AS "group",
      v.columns, v."userId", v."createdAt"
    FROM saved_views v LEFT JOIN groups g ON g.id = v."groupId"
    WHERE v."organizationId" = ${viewer.organizationId}::uuid
      AND ((v.visibility = 'personal' AND v."userId" = ${viewer.userId}::uuid)
        OR v.visibility = 'organization'
        OR (v.visibility = 'group' AND (${viewer.allGroups}::boolean OR v."groupId" IN (
          SELECT m."groupId" FROM group_members m WHERE m."userId" = ${viewer.userId}::uuid))))`;
}

/** The view `id` of `organizationId` whoever owns it, or null (the service decides who may see it). */
export function findOrganizationView(
  db: Db,
  organizationId: string,
  id: string,
): Promise<SavedViewRow | null> {
  return db.savedView.findFirst({ where: { id, organizationId }, select: viewSelect });
}

/** The ids of the groups `userId` is a member of. */
export async function findMemberGroupIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db.groupMember.findMany({ where: { userId }, select: { groupId: true } });
  return rows.map((row) => row.groupId);
}

/** Whether `groupId` is a group of `organizationId`. */
export async function groupExists(
  db: Db,
  organizationId: string,
  groupId: string,
): Promise<boolean> {
  return (await db.group.count({ where: { id: groupId, organizationId } })) > 0;
}

/**
 * For each list query, how many tickets `principal` would see in GET /api/tickets with it (the
 * list's own conditions, ticket-list.repository.ts ticketListConditions), counting at most
 * `cap + 1` rows per query: `SELECT count(*) FROM (SELECT 1 … LIMIT cap + 1)`, so each count stops
 * early on a big view and a result above `cap` means "more than cap". One statement for all
 * (UNION ALL), under `statementTimeoutMs`. Returns the counts in the order of `queries`.
 * @throws PostgreSQL's 57014 when the timeout cancels it.
 */
export async function countTicketsCapped(
  db: Db,
  principal: Principal,
  queries: readonly ListTicketsQuery[],
  options: { cap: number; now: Date; statementTimeoutMs: number },
): Promise<number[]> {
  if (queries.length === 0) return [];
  const rows = await selectRows<{ i: number; n: number }>(
    db,
    countTicketsCappedSql(principal, queries, options),
    { statementTimeoutMs: options.statementTimeoutMs },
  );
  const counts = new Array<number>(queries.length).fill(0);
  for (const row of rows) counts[row.i] = row.n;
  return counts;
}

/**
 * The statement of countTicketsCapped: `{i, n}` rows, `i` the index of the query in `queries`
 * (at least one). bench/baseline-server.ts sends it too.
 */
export function countTicketsCappedSql(
  principal: Principal,
  queries: readonly ListTicketsQuery[],
  options: { cap: number; now: Date },
): Prisma.Sql {
  const parts = queries.map(
    (query, index) =>
      Prisma.sql`SELECT ${index}::int AS i, count(*)::int AS n FROM (
        SELECT 1 FROM tickets t
        WHERE ${Prisma.join(ticketListConditions(principal, query, options.now), ' AND ')}
        LIMIT ${options.cap + 1}) s`,
  );
  return Prisma.join(parts, ' UNION ALL ');
}

/** How many views `owner` has. */
export function countOwnedViews(db: Db, owner: ViewOwner): Promise<number> {
  return db.savedView.count({ where: owner });
}

/** What a view holds besides its owner. */
interface ViewFields {
  name: string;
  filters: Prisma.InputJsonValue;
  visibility: 'personal' | 'organization' | 'group';
  groupId: string | null;
  columns: string[];
}

/** Inserts a view of `owner`. Throws the database's unique violation for a name taken as written. */
export function insertView(db: Db, owner: ViewOwner, view: ViewFields): Promise<SavedViewRow> {
  return db.savedView.create({
    data: { ...owner, ...view },
    select: viewSelect,
  });
}

/** Changes the given fields of the view `id` (left out: kept); returns it after. */
export function updateView(
  db: Db,
  id: string,
  changes: Partial<ViewFields>,
): Promise<SavedViewRow> {
  const data = Object.fromEntries(
    Object.entries(changes).filter(([, value]) => value !== undefined),
  ) as Partial<ViewFields>;
  return db.savedView.update({ where: { id }, data, select: viewSelect });
}

/** Deletes the view `id` of `organizationId`; returns how many rows went (0 or 1). */
export async function deleteView(db: Db, organizationId: string, id: string): Promise<number> {
  const { count } = await db.savedView.deleteMany({ where: { id, organizationId } });
  return count;
}
