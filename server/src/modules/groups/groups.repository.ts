/**
 * The `groups` and `group_members` tables (docs/decisions/0005-repositories.md), and what routing
 * reads and locks of them and of tickets: each function takes the client or a transaction client
 * first and returns rows, `null` for what is not there; the rules (who may, what routing picks)
 * are groups.service.ts's and routing.ts's.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { PREPARED_STATEMENT } from '../../db/prisma.js';
import type { Db } from '../../lib/db.js';
import type { TicketPriority } from '../../lib/domain.js';
import { selectFirstRow, selectRows } from '../../db/select-rows.js';
import { isUuid } from '../../lib/cursor.js';
import type { InFlightLoads } from './assignments-in-flight.js';
import type { GroupRouting } from './groups.schemas.js';

/** A group's row with its members' names and state. */
export interface GroupRow {
  id: string;
  organizationId: string;
  name: string;
  description: string | null;
  routing: GroupRouting;
  weightByPriority: boolean;
  returnOnAway: boolean;
  skillRules: Prisma.JsonValue;
  createdAt: Date;
  updatedAt: Date;
}

/** A member with their user's name and state and their open tickets (any group). */
export interface MemberRow {
  groupId: string;
  userId: string;
  name: string;
  capacity: number | null;
  skills: string[];
  /** When this group's routing last gave them a ticket: round robin's turn. */
  lastRoutedAt: Date | null;
  /** When a ticket was last assigned to them, by anyone: the load-based modes' tie-break. */
  lastAssignedAt: Date | null;
  availability: 'available' | 'away';
  isActive: boolean;
  role: string;
  /** Open tickets (not RESOLVED or CLOSED, not deleted) assigned to them. */
  openTickets: number;
  /** The same, each weighing by its priority (LOW 1 … CRITICAL 5). */
  weightedLoad: number;
}

/** A GroupRow's columns of the groups row named `alias`. */
const groupColumns = (alias: string): Prisma.Sql =>
  Prisma.raw(
    [
      'id',
      '"organizationId"',
      'name',
      'description',
      'routing::text AS routing',
      '"weightByPriority"',
      '"returnOnAway"',
      '"skillRules"',
      '"createdAt"',
      '"updatedAt"',
    ]
      .map((column) => `${alias}.${column}`)
      .join(', '),
  );

/** Routing's statements are prepared (db/prisma.ts): their plans are reused, not made on each call. */
const PREPARED = Prisma.raw(PREPARED_STATEMENT);

/** The statuses of a ticket that is no longer open (it holds no capacity). */
const DONE_STATUSES = Prisma.sql`('RESOLVED', 'CLOSED')`;

/** The groups of `organizationId` by name (or just `ids`), unlocked. */
export function listGroupRows(db: Db, organizationId: string, ids?: string[]): Promise<GroupRow[]> {
  return db.group.findMany({
    where: { organizationId, ...(ids ? { id: { in: ids } } : {}) },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
}

/** The group `id` of `organizationId`, or null. */
export function findGroupRow(db: Db, organizationId: string, id: string): Promise<GroupRow | null> {
  return db.group.findFirst({ where: { id, organizationId } });
}

/**
 * The group `id` with its row lock (`FOR UPDATE`, until the transaction ends): routing of one
 * group, and changes of its members, happen one after the other. Null if it is gone.
 */
export async function lockGroupRow(
  tx: Prisma.TransactionClient,
  id: string,
): Promise<GroupRow | null> {
  const [row] = await tx.$queryRaw<GroupRow[]>`
      SELECT ${groupColumns('groups')} FROM groups WHERE id = ${id}::uuid FOR UPDATE`;
  return row ?? null;
}

/**
 * The group `id`'s routing settings, unlocked (routing.ts drainGroup, createNewTicketRouter); null if
 * it is gone. Straight through the pool outside a transaction (db/select-rows.ts: a create
 * routes with the app's client, and Prisma's raw-query pipeline cost more than the query).
 */
export function findRoutingGroup(db: Db, id: string): Promise<GroupRow | null> {
  return selectFirstRow<GroupRow>(
    db,
    Prisma.sql`
      SELECT ${groupColumns('groups')} FROM groups WHERE id = ${id}::uuid`,
  );
}

/**
 * The members of `groupIds` with their state and load, by name. The load is the users' counters
 * kept by the trigger `tickets_agent_load` (migration …_agent_load): no ticket is counted here.
 */
export function listMemberRows(db: Db, groupIds: string[]): Promise<MemberRow[]> {
  if (groupIds.length === 0) return Promise.resolve([]);
  return db.$queryRaw<MemberRow[]>`${PREPARED}
      SELECT m."groupId", m."userId", u.name, m.capacity, m.skills, m."lastRoutedAt",
             u."lastAssignedAt", u.availability::text AS availability, u."isActive",
             u.role::text AS role, u."openTicketCount" AS "openTickets",
             u."openTicketWeight" AS "weightedLoad"
      FROM group_members m
      JOIN users u ON u.id = m."userId"
      WHERE m."groupId" = ANY(${groupIds}::uuid[])
      ORDER BY u.name, m."userId"`;
}

/** The load a load-based group compares (copied onto each member row: migration …_member_load). */
const LOAD_BY_COUNT = Prisma.raw('m."openTicketCount"');
const LOAD_BY_WEIGHT = Prisma.raw('m."openTicketWeight"');

/** No ticket being placed by a create of this process (assignments-in-flight.ts). */
const NONE_IN_FLIGHT: InFlightLoads = { counts: {}, weights: {} };

/**
 * `load` (over the member row `m`) plus what `inFlight` (a user id → load object) holds for the
 * member: the tickets creates of this process are giving them now (assignments-in-flight.ts).
 * The object is a jsonb parameter, read once per statement.
 */
const withInFlight = (load: Prisma.Sql, inFlight: Record<string, number>) =>
  Prisma.sql`(${load} + COALESCE((${JSON.stringify(inFlight)}::jsonb ->> m."userId"::text)::int, 0))`;

/**
 * The statement choosing the member a load-based group gives a ticket (findLeastLoadedMember's
 * rule, below): the group `groupId` of `organizationId` (SQL, so that a caller may join them),
 * ordered by `load` (an expression over the member row `m`). OFFSET 0 keeps the sorted members a
 * subquery of their own, and the load is one of its columns (`routingLoad`): the outer ORDER BY,
 * by that column, then sorts nothing (an expression there, even the same one, made PostgreSQL
 * look up all 200 members' users and sort them again), and LIMIT 1 ends the users' lookups at
 * the first who qualifies.
 */
function leastLoadedMemberSql(
  groupId: Prisma.Sql,
  organizationId: Prisma.Sql,
  load: Prisma.Sql,
  required: readonly string[],
  excluded: readonly string[],
  limit = 1,
): Prisma.Sql {
  return Prisma.sql`
      SELECT m."groupId", m."userId", u.name, m.capacity, m.skills, m."lastRoutedAt",
             m."lastAssignedAt", u.availability::text AS availability, u."isActive",
             u.role::text AS role, m."openTicketCount" AS "openTickets",
             m."openTicketWeight" AS "weightedLoad"
      FROM (
        SELECT m.*, ${load} AS "routingLoad" FROM group_members m
        WHERE m."groupId" = ${groupId}
          AND (m.capacity IS NULL OR m."openTicketCount" < m.capacity)
          AND m.skills @> ${[...required]}::text[]
          AND NOT (m."userId" = ANY(${[...excluded]}::uuid[]))
        ORDER BY "routingLoad", m."lastAssignedAt" NULLS FIRST, m."userId"
        OFFSET 0
      ) m
      CROSS JOIN LATERAL (
        SELECT u.name, u.availability, u."isActive", u.role FROM users u
        WHERE u.id = m."userId" AND u."organizationId" = ${organizationId}
          AND u."isActive" AND u.availability = 'available' AND u.role IN ('AGENT', 'ADMIN')
      ) u
      ORDER BY m."routingLoad", m."lastAssignedAt" NULLS FIRST, m."userId"
      LIMIT ${Prisma.raw(String(limit))}`;
}

/**
 * The member a load-based group (`load_balanced`, `skills`) gives a ticket requiring `required`
 * skills, chosen by PostgreSQL: among the members of `group` who are active agents or admins,
 * available, under their capacity (open tickets < capacity, when they have one), whose skills
 * cover `required` and who are not in `excluded` — the one with the fewest open tickets (their
 * weight with `weightByPriority`), then the one assigned a ticket longest ago (`lastAssignedAt`,
 * never first), then by id: routing.ts pickMember's order, the load counting `inFlight` (a
 * create's choice: the tickets other creates of this process are placing, assignments-in-flight.ts;
 * none by default). Null when nobody is eligible.
 * Reads the group's member rows only (its primary key), which carry their user's load and
 * `lastAssignedAt` (copied by the load trigger, migration …_member_load), sorts those that
 * qualify, and looks up their users in that order (a subquery per row, until the first who is
 * active, available staff: usually one), through the pool outside a transaction
 * (findRoutingGroup). Measured at a million tickets (bench/README.md "Routing"): an index of the
 * organization's staff ordered by load, walked instead, gained a dead entry at every assignment
 * and cost 0.86 ms of PostgreSQL per decision under load.
 */
export async function findLeastLoadedMember(
  db: Db,
  group: Pick<GroupRow, 'id' | 'organizationId' | 'weightByPriority'>,
  required: readonly string[],
  excluded: readonly string[] = [],
  inFlight: InFlightLoads = NONE_IN_FLIGHT,
): Promise<MemberRow | null> {
  return selectFirstRow<MemberRow>(
    db,
    leastLoadedMemberSql(
      Prisma.sql`${group.id}::uuid`,
      Prisma.sql`${group.organizationId}::uuid`,
      group.weightByPriority
        ? withInFlight(LOAD_BY_WEIGHT, inFlight.weights)
        : withInFlight(LOAD_BY_COUNT, inFlight.counts),
      required,
      excluded,
    ),
  );
}

/** The columns of a member row as findRoutingGroupWithMembers names them (`member.` prefixed). */
const MEMBER_FIELDS = [
  'groupId',
  'userId',
  'name',
  'capacity',
  'skills',
  'lastRoutedAt',
  'lastAssignedAt',
  'availability',
  'isActive',
  'role',
  'openTickets',
  'weightedLoad',
] as const satisfies readonly (keyof MemberRow)[];

/**
 * How many members findRoutingGroupWithMembers gives a create to choose from: more than the
 * creates of one instance that usually choose at the same moment (routing.ts
 * createNewTicketRouter counts those in flight when the answer comes back).
 */
export const ROUTING_CANDIDATES = 8;

/**
 * The group `id`'s routing settings (findRoutingGroup) and, when it routes `load_balanced`, the
 * first ROUTING_CANDIDATES members findLeastLoadedMember would give a ticket there, in its order
 * (no skill required, nobody excluded, the loads counting `inFlight`) — in ONE statement, for a
 * create placing its own ticket (routing.ts createNewTicketRouter). Null if the group is gone;
 * `members` empty when nobody is eligible or the group routes otherwise. One pool turn fewer per
 * routed create: under load the outbox workers' transactions hold most of the pool's connections,
 * and each of a create's statements waits for one (bench/README.md "Routing", "Where a create's
 * time goes": with a pool of 30 instead of 10, routed creates were as fast as creates assigned by
 * hand).
 */
export async function findRoutingGroupWithMembers(
  db: Db,
  id: string,
  inFlight: InFlightLoads = NONE_IN_FLIGHT,
): Promise<{ group: GroupRow; members: MemberRow[] } | null> {
  if (!isUuid(id)) return null;
  const memberColumns = Prisma.raw(
    MEMBER_FIELDS.map((field) => `c."${field}" AS "member.${field}"`).join(', '),
  );
  const rows = await selectRows<GroupRow & Record<`member.${keyof MemberRow}`, unknown>>(
    db,
    Prisma.sql`
      SELECT ${groupColumns('g')}, ${memberColumns}
      FROM groups g
      LEFT JOIN LATERAL (${leastLoadedMemberSql(
        Prisma.sql`g.id`,
        Prisma.sql`g."organizationId"`,
        Prisma.sql`CASE WHEN g."weightByPriority" THEN ${withInFlight(LOAD_BY_WEIGHT, inFlight.weights)}
                        ELSE ${withInFlight(LOAD_BY_COUNT, inFlight.counts)} END`,
        [],
        [],
        ROUTING_CANDIDATES,
      )}) c ON g.routing = 'load_balanced'
      WHERE g.id = ${id}::uuid`,
    { prepared: true },
  );
  if (rows.length === 0) return null;
  const group = { ...rows[0]! } as GroupRow & Record<string, unknown>;
  for (const field of MEMBER_FIELDS) delete group[`member.${field}`];
  const members: MemberRow[] = [];
  for (const row of rows) {
    if (!row['member.userId']) continue;
    const member: Record<string, unknown> = {};
    for (const field of MEMBER_FIELDS) member[field] = row[`member.${field}`];
    members.push(member as unknown as MemberRow);
  }
  return { group, members };
}

/** How many open, unassigned tickets wait in each of `groupIds`. */
export async function countQueued(db: Db, groupIds: string[]): Promise<Map<string, number>> {
  if (groupIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ groupId: string; queued: number }[]>`
      SELECT t."groupId", count(*)::int AS queued FROM tickets t
      WHERE t."groupId" = ANY(${groupIds}::uuid[]) AND t."assigneeId" IS NULL
        AND t.status NOT IN ${DONE_STATUSES} AND t."deletedAt" IS NULL
      GROUP BY t."groupId"`;
  return new Map(rows.map((r) => [r.groupId, r.queued]));
}

/** A group's columns a create or update writes. */
export interface GroupColumns {
  name?: string;
  description?: string | null;
  routing?: GroupRouting;
  weightByPriority?: boolean;
  returnOnAway?: boolean;
  skillRules?: Prisma.InputJsonValue;
}

/** A member's columns. */
export interface MemberColumns {
  userId: string;
  capacity: number | null;
  skills: string[];
}

/** Inserts a group. Throws the database's unique violation when the name is taken. */
export function insertGroup(
  db: Db,
  organizationId: string,
  columns: GroupColumns & { name: string },
): Promise<GroupRow> {
  return db.group.create({ data: { organizationId, ...columns } });
}

/** Updates the group `id`. Throws the database's unique violation when the name is taken. */
export function updateGroup(db: Db, id: string, columns: GroupColumns): Promise<GroupRow> {
  return db.group.update({ where: { id }, data: columns });
}

/**
 * Replaces the members of the group `groupId` by `members`, keeping `lastRoutedAt` of those who
 * stay (round robin goes on where it was).
 */
export async function replaceMembers(
  tx: Prisma.TransactionClient,
  groupId: string,
  members: MemberColumns[],
): Promise<void> {
  await tx.groupMember.deleteMany({
    where: { groupId, userId: { notIn: members.map((m) => m.userId) } },
  });
  for (const member of members) {
    await tx.groupMember.upsert({
      where: { groupId_userId: { groupId, userId: member.userId } },
      create: { groupId, ...member },
      update: { capacity: member.capacity, skills: member.skills },
    });
  }
}

/** Deletes the group `id` (its tickets keep no group: the foreign key sets null). */
export async function deleteGroup(db: Db, id: string): Promise<void> {
  await db.group.delete({ where: { id } });
}

/** The ids of `ids` that are active agents or admins of `organizationId`. */
export async function findStaffIds(
  db: Db,
  organizationId: string,
  ids: string[],
): Promise<Set<string>> {
  const rows = await db.user.findMany({
    where: { organizationId, id: { in: ids }, isActive: true, role: { in: ['AGENT', 'ADMIN'] } },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}

/** The ids of `ids` that are categories of `organizationId`. */
export async function findCategoryIds(
  db: Db,
  organizationId: string,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.category.findMany({
    where: { organizationId, id: { in: ids } },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}

/** The ids of the groups `userId` is a member of (`routedOnly`: those that do not route by hand). */
export async function findGroupIdsOfUser(
  db: Db,
  userId: string,
  routedOnly = false,
): Promise<string[]> {
  const rows = await db.groupMember.findMany({
    where: { userId, ...(routedOnly ? { group: { routing: { not: 'manual' } } } : {}) },
    select: { groupId: true },
  });
  return rows.map((r) => r.groupId);
}

/** Sets the availability of the user `id`; returns the organization's id, or null if none. */
export async function setUserAvailability(
  db: Db,
  id: string,
  availability: 'available' | 'away',
): Promise<void> {
  await db.user.update({ where: { id }, data: { availability } });
}

/** The availability of the user `id` ('available' when there is none). */
export async function findUserAvailability(db: Db, id: string): Promise<'available' | 'away'> {
  const user = await db.user.findUnique({ where: { id }, select: { availability: true } });
  return user?.availability ?? 'available';
}

/** A ticket waiting in a group's queue, as routing needs it. */
export interface QueuedTicketRow {
  id: string;
  priority: TicketPriority;
  categoryId: string | null;
  tags: string[];
}

/**
 * Up to `limit` tickets waiting in the queue of the group `groupId` (open, unassigned, not
 * deleted), CRITICAL first, then oldest first, each with its row lock taken (`FOR UPDATE SKIP
 * LOCKED`: a ticket someone is claiming or changing at this moment is left to them).
 */
export function lockQueuedTickets(
  tx: Prisma.TransactionClient,
  groupId: string,
  limit: number,
): Promise<QueuedTicketRow[]> {
  return tx.$queryRaw<QueuedTicketRow[]>`${PREPARED}
      SELECT t.id, t.priority::text AS priority, t."categoryId", t.tags FROM tickets t
      WHERE t."groupId" = ${groupId}::uuid AND t."assigneeId" IS NULL
        AND t.status NOT IN ${DONE_STATUSES} AND t."deletedAt" IS NULL
      ORDER BY (t.priority = 'CRITICAL') DESC, t."createdAt", t.id
      LIMIT ${limit}
      FOR UPDATE OF t SKIP LOCKED`;
}

/** Records that routing gave a ticket of `groupId` to `userId` at `at` (round robin's turn). */
export async function markRouted(
  tx: Prisma.TransactionClient,
  groupId: string,
  userId: string,
  at: Date,
): Promise<void> {
  await tx.groupMember.update({
    where: { groupId_userId: { groupId, userId } },
    data: { lastRoutedAt: at },
  });
}

/**
 * The open tickets of the group `groupId` assigned to `userId` (ids), locked, oldest first: what
 * goes back to the queue when they go away.
 */
export async function lockOpenTicketsOf(
  tx: Prisma.TransactionClient,
  groupId: string,
  userId: string,
): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT t.id FROM tickets t
      WHERE t."groupId" = ${groupId}::uuid AND t."assigneeId" = ${userId}::uuid
        AND t.status NOT IN ${DONE_STATUSES} AND t."deletedAt" IS NULL
      ORDER BY t."createdAt", t.id
      FOR UPDATE OF t`;
  return rows.map((r) => r.id);
}

/** A member's load and state read again under their user row's lock (until the transaction ends). */
export async function lockMemberLoad(
  tx: Prisma.TransactionClient,
  userId: string,
): Promise<Pick<MemberRow, 'openTickets' | 'weightedLoad' | 'availability' | 'isActive'> | null> {
  const [row] = await tx.$queryRaw<
    Pick<MemberRow, 'openTickets' | 'weightedLoad' | 'availability' | 'isActive'>[]
  >`${PREPARED}
      SELECT "openTicketCount" AS "openTickets", "openTicketWeight" AS "weightedLoad",
             availability::text AS availability, "isActive"
      FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
  return row ?? null;
}
