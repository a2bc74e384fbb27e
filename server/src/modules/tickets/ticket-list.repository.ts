/**
 * The ticket list (docs/api.md `GET /api/tickets`) as one SQL statement: every filter, the
 * full-text `q`, the caller's scope and keyset pagination, returning the rows of one page in
 * order; and the per-status counts. SQL rather than the ORM because the full-text columns are not
 * modelled by Prisma and because the row-value comparison `(sortKey, id) < (cursorValue, cursorId)`
 * lets PostgreSQL walk an index at any depth. Every value is a bound parameter (Prisma.sql);
 * identifiers come from a fixed list. The rules (which cursor is valid, the search timeout) are
 * list-tickets.ts's.
 */
import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../lib/db.js';
import { parseTicketReference, type TicketStatus } from '../../lib/domain.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import type { TicketRow } from './tickets.presenter.js';
import type { ListTicketsQuery } from './tickets.schemas.js';
import { LATEST_RATING_JSON_SQL, ratingOfJson } from '../satisfaction/index.js';
import type { TicketSatisfaction } from '../satisfaction/satisfaction.schemas.js';
import { selectRows } from '../../db/select-rows.js';
import {
  hydrateTicketRows,
  TICKET_ROW_COLUMNS,
  TICKET_ROW_SELECT,
  visibleTicketsSql,
  type RawTicketRow,
} from './tickets.repository.js';

const SORT_COLUMNS = {
  createdAt: Prisma.raw('t."createdAt"'),
  updatedAt: Prisma.raw('t."updatedAt"'),
  priority: Prisma.raw('t.priority'),
  number: Prisma.raw('t.number'),
  // NULLS LAST ascending and FIRST descending (PostgreSQL's defaults): tickets without a running
  // SLA target come after the others in the "SLA due" order.
  slaDueAt: Prisma.raw('t."slaDueAt"'),
} as const;

/**
 * Where a page starts: the sort value and id of the last row of the page before, already checked
 * against `sortBy` (list-tickets.ts decodeTicketCursor): a priority name, a ticket number or an
 * instant.
 */
export interface TicketPageCursor {
  /** null: the last row had no value (`slaDueAt` of a ticket without a running target). */
  value: string | number | Date | null;
  id: string;
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The search condition for `q`: full text (websearch syntax: words, "phrases", -exclusions, or)
 * over the public vector — for staff, the public and internal text as one vector — plus the ticket number when `q`
 * is a reference or a number, plus a substring match on the requester's email when `q` looks like
 * one (trigram index).
 */
function searchCondition(principal: Principal, q: string): Prisma.Sql {
  const query = Prisma.sql`websearch_to_tsquery('docket_search', ${q})`;
  // One vector per audience, so the whole query (with its -exclusions) holds over what the
  // searcher may see: staff search public text and internal notes together, customers the public.
  const vector = isStaff(principal)
    ? Prisma.raw('t."staffSearchVector"')
    : Prisma.raw('t."searchVector"');
  const alternatives: Prisma.Sql[] = [Prisma.sql`${vector} @@ ${query}`];
  const trimmed = q.trim();
  const number = /^\d{1,10}$/.test(trimmed) ? Number(trimmed) : parseTicketReference(trimmed);
  if (number !== null) alternatives.push(Prisma.sql`t.number = ${number}`);
  if (trimmed.includes('@') && trimmed.length >= 3) {
    alternatives.push(
      Prisma.sql`t."requesterEmail" ILIKE ${`%${likeEscape(trimmed.toLowerCase())}%`}`,
    );
  }
  return Prisma.sql`(${Prisma.join(alternatives, ' OR ')})`;
}

/**
 * Rows strictly after `after` in (slaDueAt, id) order, where null due times come last ascending
 * and first descending.
 */
function slaCursorCondition(query: ListTicketsQuery, after: TicketPageCursor): Prisma.Sql {
  const id = Prisma.sql`${after.id}::uuid`;
  if (query.sortOrder === 'asc') {
    return after.value === null
      ? Prisma.sql`(t."slaDueAt" IS NULL AND t.id > ${id})`
      : Prisma.sql`((t."slaDueAt", t.id) > (${after.value}::timestamptz, ${id}) OR t."slaDueAt" IS NULL)`;
  }
  return after.value === null
    ? Prisma.sql`(t."slaDueAt" IS NOT NULL OR t.id < ${id})`
    : Prisma.sql`(t."slaDueAt", t.id) < (${after.value}::timestamptz, ${id})`;
}

/**
 * `sla=at_risk,breached` at `now`: a running target past its warning time but not due, or past
 * due (the summary columns the SLA module keeps: docs/product.md "SLA").
 */
function slaFilterCondition(filters: readonly string[], now: Date): Prisma.Sql {
  const alternatives = filters.map((filter) =>
    filter === 'breached'
      ? Prisma.sql`t."slaDueAt" <= ${now}::timestamptz`
      : Prisma.sql`(t."slaDueAt" > ${now}::timestamptz AND t."slaWarnAt" <= ${now}::timestamptz)`,
  );
  return Prisma.sql`(${Prisma.join(alternatives, ' OR ')})`;
}

/** Rows strictly after `after` in (sort key, id) order. */
function cursorCondition(query: ListTicketsQuery, after: TicketPageCursor): Prisma.Sql {
  if (query.sortBy === 'slaDueAt') return slaCursorCondition(query, after);
  let value: Prisma.Sql;
  switch (query.sortBy) {
    case 'priority':
      value = Prisma.sql`${after.value}::"TicketPriority"`;
      break;
    case 'number':
      value = Prisma.sql`${after.value}::int`;
      break;
    default:
      value = Prisma.sql`${after.value}::timestamptz`;
  }
  const op = Prisma.raw(query.sortOrder === 'desc' ? '<' : '>');
  return Prisma.sql`(${SORT_COLUMNS[query.sortBy]}, t.id) ${op} (${value}, ${after.id}::uuid)`;
}

/**
 * The list's query once its `cf.<key>` filters are typed against the field definitions
 * (list-tickets.ts): `customFieldMatch` is the JSON object a matching ticket's `customFields`
 * contains (custom-fields module customFieldFilterMatch).
 */
export type ResolvedListQuery = ListTicketsQuery & { customFieldMatch?: Record<string, unknown> };

/**
 * The conditions (on `tickets t`, to AND together) of the tickets the principal may see that
 * match the list's filters and `q` at `now`: visibleTicketsSql plus one condition per filter.
 * Shared by the page (ticketPageSql) and by anything that must count exactly what the list shows
 * (the saved views' counts). The `cf.<key>` filters are one jsonb containment
 * (`t."customFields" @> match`); a query holding `customFields` not yet resolved into
 * `customFieldMatch` is a programming error (thrown), never a filter silently dropped.
 */
export function ticketListConditions(
  principal: Principal,
  query: Omit<ResolvedListQuery, 'limit' | 'cursor' | 'sortBy' | 'sortOrder'>,
  now: Date = new Date(),
): Prisma.Sql[] {
  const where = visibleTicketsSql(principal);
  if (query.customFields && Object.keys(query.customFields).length && !query.customFieldMatch) {
    throw new Error('cf.<key> filters must be resolved (customFieldFilterMatch) before the query');
  }
  if (query.customFieldMatch && Object.keys(query.customFieldMatch).length) {
    where.push(Prisma.sql`t."customFields" @> ${JSON.stringify(query.customFieldMatch)}::jsonb`);
  }
  if (query.status) where.push(Prisma.sql`t.status = ANY(${query.status}::"TicketStatus"[])`);
  if (query.priority)
    where.push(Prisma.sql`t.priority = ANY(${query.priority}::"TicketPriority"[])`);
  if (query.assigneeId === 'me') where.push(Prisma.sql`t."assigneeId" = ${principal.id}::uuid`);
  else if (query.assigneeId === 'none') where.push(Prisma.sql`t."assigneeId" IS NULL`);
  else if (query.assigneeId) where.push(Prisma.sql`t."assigneeId" = ${query.assigneeId}::uuid`);
  if (query.requesterId) where.push(Prisma.sql`t."requesterId" = ${query.requesterId}::uuid`);
  if (query.requesterEmail) where.push(Prisma.sql`t."requesterEmail" = ${query.requesterEmail}`);
  if (query.category) {
    where.push(Prisma.sql`t."categoryId" IN (SELECT c.id FROM categories c
      WHERE c."organizationId" = ${principal.organizationId}::uuid AND lower(c.name) = lower(${query.category}))`);
  }
  if (query.tags?.length) where.push(Prisma.sql`t.tags @> ${query.tags}::text[]`);
  if (query.groupId === 'none') where.push(Prisma.sql`t."groupId" IS NULL`);
  else if (query.groupId) where.push(Prisma.sql`t."groupId" = ${query.groupId}::uuid`);
  if (query.channel) where.push(Prisma.sql`t.channel = ${query.channel}::"TicketChannel"`);
  if (query.sla) where.push(slaFilterCondition(query.sla, now));
  if (query.createdFrom) where.push(Prisma.sql`t."createdAt" >= ${new Date(query.createdFrom)}`);
  if (query.createdTo) where.push(Prisma.sql`t."createdAt" < ${new Date(query.createdTo)}`);
  if (query.updatedFrom) where.push(Prisma.sql`t."updatedAt" >= ${new Date(query.updatedFrom)}`);
  if (query.updatedTo) where.push(Prisma.sql`t."updatedAt" < ${new Date(query.updatedTo)}`);
  if (query.q) where.push(searchCondition(principal, query.q));
  return where;
}

/**
 * `SELECT t.id … ORDER BY sortKey, id LIMIT limit + 1`: the ids of the tickets the principal may
 * see that match the query, after `after` (the decoded `query.cursor`) when given. The extra row
 * tells whether there is a next page.
 */
export function ticketPageSql(
  principal: Principal,
  query: ResolvedListQuery,
  after: TicketPageCursor | null = null,
  now: Date = new Date(),
): Prisma.Sql {
  const where = ticketListConditions(principal, query, now);
  if (after) where.push(cursorCondition(query, after));

  const direction = Prisma.raw(query.sortOrder === 'desc' ? 'DESC' : 'ASC');
  const sortKey = SORT_COLUMNS[query.sortBy];
  return Prisma.sql`SELECT t.id FROM tickets t
    WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY ${sortKey} ${direction}, t.id ${direction}
    LIMIT ${query.limit + 1}`;
}

/**
 * One page of `GET /api/tickets` as TicketRow, in the page's order (ticketPageSql), with the
 * viewer's unread marker for people. `after`: the decoded cursor. `statementTimeoutMs`: see
 * db/select-rows.ts selectRows (searches are bounded).
 *
 * Two statements: the page's ids (ticketPageSql, planned for its values: the best plan of a list
 * depends on them), then their rows (ticketPageRowsSql, prepared: a lookup by key whose plan never
 * changes). What it buys (bench/README.md "Reads at the baseline's speed, 2026-12-05 (night)"):
 * planning the one statement with the rows' eleven subqueries in its select list was 0.9 of its
 * 2.3 ms; on one connection at a million tickets a first page took 3.2 → 2.3 ms, the SLA order
 * 2.2 → 1.8, a common-word search 2.3 → 1.9 (wall time, both sides). The rows are read a moment
 * after the ids, by id within the organization: a ticket changed in between shows as it is then.
 * @throws PostgreSQL's 57014 when the timeout cancels it.
 */
export async function loadTicketPage(
  db: Db,
  principal: Principal,
  query: ResolvedListQuery,
  options: { statementTimeoutMs?: number; after?: TicketPageCursor | null } = {},
): Promise<TicketRow[]> {
  const { after = null, ...selectOptions } = options;
  const page = await selectRows<{ id: string }>(
    db,
    ticketPageSql(principal, query, after),
    selectOptions,
  );
  if (page.length === 0) return [];
  const raw = await selectRows<RawTicketRow & { _unread: boolean | null }>(
    db,
    ticketPageRowsSql(
      principal,
      page.map((row) => row.id),
    ),
    { prepared: true },
  );
  const rows = await hydrateTicketRows(db, raw);
  // People only (API keys read nothing): each side's own marker (unreadSql).
  if (principal.kind === 'user') rows.forEach((row, i) => (row.unread = raw[i]!._unread === true));
  return rows;
}

/**
 * The TicketRow columns and unread marker of the tickets `ids` of the principal's organization,
 * in the order of `ids`: one primary-key lookup each, the same plan whatever the ids (prepared).
 * The second statement of a page (loadTicketPage); bench/baseline-server.ts runs it too, as it
 * runs ticketPageSql: the baseline's SQL is Docket's own.
 */
export function ticketPageRowsSql(principal: Principal, ids: string[]): Prisma.Sql {
  return Prisma.sql`SELECT ${TICKET_ROW_COLUMNS}, ${unreadSql(principal)} AS "_unread"
    FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS page(id, position)
    JOIN tickets t ON t.id = page.id
    WHERE t."organizationId" = ${principal.organizationId}::uuid
    ORDER BY page.position`;
}

/**
 * Whether a ticket of `tickets t` is unread for the viewer (docs/product.md "Unread markers"):
 * for staff, assigned to them and the customer acted after they last opened it (or they never
 * did); for the requester (a customer), staff replied publicly or changed the status after they
 * last opened it (the portal's "New reply"). One lookup on ticket_reads' primary key per row of
 * the page; NULL for API keys.
 */
function unreadSql(principal: Principal): Prisma.Sql {
  if (principal.kind !== 'user') return Prisma.sql`NULL::boolean`;
  const viewer = Prisma.sql`${principal.id}::uuid`;
  if (!isStaff(principal)) {
    return Prisma.sql`(t."staffActivityAt" IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM ticket_reads r WHERE r."userId" = ${viewer}
      AND r."ticketId" = t.id AND r."seenAt" >= t."staffActivityAt"))`;
  }
  return Prisma.sql`(t."assigneeId" = ${viewer} AND t."customerActivityAt" IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM ticket_reads r WHERE r."userId" = ${viewer}
      AND r."ticketId" = t.id AND r."seenAt" >= t."customerActivityAt"))`;
}

/**
 * One ticket the principal may see, as GET /api/tickets/:id shows it: the TicketRow matching
 * `key` (tickets.repository.ts ticketKeySql) within the principal's scope, with the viewer's
 * unread marker (unreadSql; false for API keys) and, for staff, the ticket's latest satisfaction
 * rating (satisfaction module LATEST_RATING_JSON_SQL; null for customers, who are not shown it) —
 * all in one prepared statement, where there used to be three round trips, one of them through
 * the ORM (bench/README.md "Reads at the baseline's speed"). null when not found or not visible.
 */
export async function loadTicketForReading(
  db: Db,
  principal: Principal,
  key: Prisma.Sql,
): Promise<{ row: TicketRow; satisfaction: TicketSatisfaction | null } | null> {
  const [raw] = await selectRows<
    RawTicketRow & { _unread: boolean | null; _rating: Parameters<typeof ratingOfJson>[0] }
  >(db, ticketForReadingSql(principal, key), { prepared: true });
  if (!raw) return null;
  const [row] = await hydrateTicketRows(db, [raw]);
  row!.unread = raw._unread === true;
  return { row: row!, satisfaction: ratingOfJson(raw._rating) };
}

/**
 * The statement of loadTicketForReading: TICKET_ROW_COLUMNS, `_unread` (unreadSql) and `_rating`
 * (the latest satisfaction rating as JSON for staff, NULL for customers) of the ticket matching
 * `key` (tickets.repository.ts ticketKeySql) within the principal's scope. bench/baseline-server.ts
 * runs it too: the baseline's SQL is Docket's own.
 */
export function ticketForReadingSql(principal: Principal, key: Prisma.Sql): Prisma.Sql {
  const rating = isStaff(principal) ? LATEST_RATING_JSON_SQL : Prisma.sql`NULL::json`;
  return Prisma.sql`${TICKET_ROW_SELECT}, ${unreadSql(principal)} AS "_unread", ${rating} AS "_rating"
      FROM tickets t WHERE ${Prisma.join([...visibleTicketsSql(principal), key], ' AND ')}`;
}

/** How many tickets matching `where` (the caller's scope) are in each status; absent statuses have none. */
export async function countTicketsByStatus(
  db: Db,
  where: Prisma.TicketWhereInput,
): Promise<{ status: TicketStatus; count: number }[]> {
  const groups = await db.ticket.groupBy({
    by: ['status'],
    where,
    _count: { _all: true },
  });
  return groups.map((group) => ({ status: group.status, count: group._count._all }));
}

/**
 * How many live tickets requested by `userId` are unread for them (unreadSql's requester rule:
 * staff acted since they last opened it). One query over their tickets (tickets' requester index).
 */
export async function countUnreadForRequester(db: Db, userId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count
    FROM tickets t
    WHERE t."requesterId" = ${userId}::uuid AND t."deletedAt" IS NULL
      AND t."staffActivityAt" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM ticket_reads r WHERE r."userId" = ${userId}::uuid
        AND r."ticketId" = t.id AND r."seenAt" >= t."staffActivityAt")`;
  return row?.count ?? 0;
}

/**
 * The latest satisfaction score of each of `ticketIds` (the CSV export's `csat_score`): ticket id
 * → score, for those rated. One query on satisfaction_ratings' (ticketId, resolvedAt) index.
 */
export async function latestScores(db: Db, ticketIds: string[]): Promise<Map<string, number>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ ticketId: string; score: number }[]>`
    SELECT DISTINCT ON ("ticketId") "ticketId", score FROM satisfaction_ratings
    WHERE "ticketId" = ANY(${ticketIds}::uuid[])
    ORDER BY "ticketId", "resolvedAt" DESC`;
  return new Map(rows.map((row) => [row.ticketId, row.score]));
}
