/**
 * The ticket list query (docs/api.md `GET /api/tickets`) as one SQL statement: every filter, the
 * full-text `q`, the caller's scope and keyset pagination, returning the ids of one page in order.
 * SQL rather than the ORM because the full-text columns are not modelled by Prisma and because
 * the row-value comparison `(sortKey, id) < (cursorValue, cursorId)` lets PostgreSQL walk an index
 * at any depth. Every value is a bound parameter (Prisma.sql); identifiers come from a fixed list.
 */
import { randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client.js';
import type { activityRow } from '../activity/index.js';
import { ISO_INSTANT, decodeCursor, isStorableDate, isUuid } from '../../lib/cursor.js';
import { poolOf, PREPARED_STATEMENT, preparedStatementName } from '../../db/prisma.js';
import type { Db } from '../../lib/db.js';
import { parseTicketReference, TICKET_PRIORITIES } from '../../lib/domain.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { OUTBOX_NOTIFY_CHANNEL } from '../events/index.js';
import { ticketInclude, type TicketRow } from './tickets.presenter.js';
import type { ListTicketsQuery } from './tickets.schemas.js';

const SORT_COLUMNS = {
  createdAt: Prisma.raw('t."createdAt"'),
  updatedAt: Prisma.raw('t."updatedAt"'),
  priority: Prisma.raw('t.priority'),
  number: Prisma.raw('t.number'),
} as const;

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

/** Rows strictly after the cursor in (sort key, id) order. @throws ValidationError on `cursor`. */
function cursorCondition(query: ListTicketsQuery): Prisma.Sql | null {
  if (!query.cursor) return null;
  const cursor = decodeCursor(query.cursor);
  const invalid = new ValidationError('The cursor does not match sortBy', [
    { path: 'cursor', message: 'invalid cursor for this sort' },
  ]);
  let value: Prisma.Sql;
  switch (query.sortBy) {
    case 'priority':
      if (!TICKET_PRIORITIES.includes(cursor.value as never)) throw invalid;
      value = Prisma.sql`${cursor.value}::"TicketPriority"`;
      break;
    case 'number':
      // A ticket number is a PostgreSQL int: 1 … 2^31-1, whole.
      if (!Number.isSafeInteger(cursor.value) || (cursor.value as number) < 0) throw invalid;
      if ((cursor.value as number) > 2_147_483_647) throw invalid;
      value = Prisma.sql`${cursor.value}::int`;
      break;
    default: {
      // The ISO 8601 string the list encoded, nothing Date.parse merely tolerates ("1.5").
      if (typeof cursor.value !== 'string' || !ISO_INSTANT.test(cursor.value)) throw invalid;
      const date = new Date(cursor.value);
      if (!isStorableDate(date)) throw invalid;
      value = Prisma.sql`${date}::timestamptz`;
    }
  }
  const op = Prisma.raw(query.sortOrder === 'desc' ? '<' : '>');
  return Prisma.sql`(${SORT_COLUMNS[query.sortBy]}, t.id) ${op} (${value}, ${cursor.id}::uuid)`;
}

/**
 * `SELECT id … ORDER BY sortKey, id LIMIT limit + 1` for the tickets the principal may see that
 * match the query. The extra row tells whether there is a next page.
 */
export function ticketPageSql(principal: Principal, query: ListTicketsQuery): Prisma.Sql {
  const where = visibleTicketsSql(principal);
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
  if (query.channel) where.push(Prisma.sql`t.channel = ${query.channel}::"TicketChannel"`);
  if (query.createdFrom) where.push(Prisma.sql`t."createdAt" >= ${new Date(query.createdFrom)}`);
  if (query.createdTo) where.push(Prisma.sql`t."createdAt" < ${new Date(query.createdTo)}`);
  if (query.updatedFrom) where.push(Prisma.sql`t."updatedAt" >= ${new Date(query.updatedFrom)}`);
  if (query.updatedTo) where.push(Prisma.sql`t."updatedAt" < ${new Date(query.updatedTo)}`);
  if (query.q) where.push(searchCondition(principal, query.q));
  const after = cursorCondition(query);
  if (after) where.push(after);

  const direction = Prisma.raw(query.sortOrder === 'desc' ? 'DESC' : 'ASC');
  const sortKey = SORT_COLUMNS[query.sortBy];
  return Prisma.sql`SELECT t.id FROM tickets t
    WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY ${sortKey} ${direction}, t.id ${direction}
    LIMIT ${query.limit + 1}`;
}

/**
 * The conditions (on `tickets t`) that limit tickets to what the principal may see: their
 * organization, not deleted, and for a customer only the tickets they requested (docs/product.md
 * "Roles"); the SQL twin of tickets.service.ts `visibleTicketsWhere`.
 */
export function visibleTicketsSql(principal: Principal): Prisma.Sql[] {
  const where = [
    Prisma.sql`t."organizationId" = ${principal.organizationId}::uuid`,
    Prisma.sql`t."deletedAt" IS NULL`,
  ];
  if (!isStaff(principal)) where.push(Prisma.sql`t."requesterId" = ${principal.id}::uuid`);
  return where;
}

// ── Loading ticket rows in one statement ────────────────────────────────────────────────────
//
// Measured at 1M tickets (bench/, issue "Benchmark at a million tickets"): the ORM's `include:
// ticketInclude` sends one query per relation (category, assignee, chat links, follow-up,
// attachments), six round trips for one ticket and as many for a page. The ticket pages and
// the ticket lookups are the hottest paths of the API, so they load TicketRow-shaped rows with
// one statement instead: the ticket's scalar columns (every field of the Prisma model, from
// Prisma.TicketScalarFieldEnum, so a new column is picked up), the names of its category,
// assignee and followed-up ticket, its linked chats as an array, and a flag saying
// whether it has any file. Only tickets with files take a second query, through the ORM with the
// presenter's own `ticketInclude.attachments`, so that the attachment shape stays defined there.
// test/ticket-rows.test.ts checks that these rows equal what `include: ticketInclude` returns.

type TicketScalarField = keyof typeof Prisma.TicketScalarFieldEnum;
const TICKET_FIELDS = Object.values(Prisma.TicketScalarFieldEnum) as TicketScalarField[];
const TICKET_COLUMNS = Prisma.raw(TICKET_FIELDS.map((field) => `t."${field}"`).join(', '));

/**
 * The SELECT list that makes a TicketRow of `tickets t` (see above). Related names come from
 * scalar subqueries rather than joins: the same index lookups, but half the planning time.
 */
const TICKET_ROW_SELECT = Prisma.sql`SELECT ${TICKET_COLUMNS},
    (SELECT c.name FROM categories c WHERE c.id = t."categoryId") AS "_categoryName",
    (SELECT a.name FROM users a WHERE a.id = t."assigneeId") AS "_assigneeName",
    (SELECT f.number FROM tickets f WHERE f.id = t."followUpOfId") AS "_followUpNumber",
    (SELECT f."requesterId" FROM tickets f WHERE f.id = t."followUpOfId") AS "_followUpRequesterId",
    ARRAY(SELECT tc."chatId" FROM ticket_chats tc WHERE tc."ticketId" = t.id
          ORDER BY tc."createdAt", tc."chatId") AS "_chatIds",
    EXISTS (SELECT 1 FROM attachments x WHERE x."ticketId" = t.id) AS "_hasFiles"`;

type RawTicketRow = Omit<
  TicketRow,
  'category' | 'assignee' | 'chatLinks' | 'followUpOf' | 'attachments'
> & {
  _categoryName: string | null;
  _assigneeName: string | null;
  _followUpNumber: number | null;
  _followUpRequesterId: string | null;
  _chatIds: string[];
  _hasFiles: boolean;
};

/**
 * Runs a SELECT and returns its rows: straight through the pg pool when `db` is the app's client
 * (db/prisma.ts `poolOf`: measured to halve the CPU of a ticket page), else — inside a
 * transaction — through Prisma's `$queryRaw`; the rows are the same either way. `prepared` names
 * the statement so that its plan is reused (db/prisma.ts PREPARED_STATEMENT): lookups by key only.
 * `statementTimeoutMs` has PostgreSQL cancel the statement after that long (SQLSTATE 57014,
 * thrown) with `SET LOCAL statement_timeout`: in a transaction of its own on a pooled connection,
 * or in the caller's transaction when `db` is a transaction client.
 */
async function selectRows<T>(
  db: Db,
  sql: Prisma.Sql,
  options: { prepared?: boolean; statementTimeoutMs?: number } = {},
): Promise<T[]> {
  const tagged = options.prepared ? Prisma.sql`${Prisma.raw(PREPARED_STATEMENT)} ${sql}` : sql;
  const timeout = options.statementTimeoutMs;
  const setTimeout =
    timeout === undefined ? '' : `SET LOCAL statement_timeout = ${Math.round(timeout)}`;
  const pool = poolOf(db);
  if (!pool) {
    // A transaction client (every client of the app is made by createPrismaClient, with a pool).
    if (setTimeout) await db.$executeRawUnsafe(setTimeout);
    return db.$queryRaw<T[]>(tagged);
  }
  const query = {
    text: tagged.text,
    values: tagged.values,
    name: options.prepared ? preparedStatementName({ sql: tagged.text }) : undefined,
  };
  if (!setTimeout) return (await pool.query(query)).rows as T[];
  const client = await pool.connect();
  try {
    await client.query(`BEGIN; ${setTimeout}`);
    const { rows } = await client.query(query);
    await client.query('COMMIT');
    return rows as T[];
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Raw rows → TicketRow, with the files of those that have any (one ORM query for all of them). */
async function hydrateTicketRows(db: Db, raw: RawTicketRow[]): Promise<TicketRow[]> {
  const withFiles = raw.filter((r) => r._hasFiles).map((r) => r.id);
  const { where, ...attachmentArgs } = ticketInclude.attachments;
  const files = withFiles.length
    ? await db.attachment.findMany({
        ...attachmentArgs,
        where: { ...where, ticketId: { in: withFiles } },
      })
    : [];
  return raw.map((r) => {
    // Field by field rather than `{...rest}`: object rest/spread of 40 fields was the costliest
    // line of a ticket page (cpu profile, bench/).
    const ticket = {} as Record<TicketScalarField, unknown>;
    for (const field of TICKET_FIELDS) ticket[field] = r[field];
    const row = ticket as unknown as TicketRow;
    row.category = r.categoryId && r._categoryName !== null ? { name: r._categoryName } : null;
    row.assignee =
      r.assigneeId && r._assigneeName !== null ? { id: r.assigneeId, name: r._assigneeName } : null;
    row.chatLinks = r._chatIds.map((chatId) => ({ chatId }));
    row.followUpOf =
      r.followUpOfId && r._followUpNumber !== null
        ? { id: r.followUpOfId, number: r._followUpNumber, requesterId: r._followUpRequesterId }
        : null;
    row.attachments = r._hasFiles ? files.filter((file) => file.ticketId === r.id) : [];
    return row;
  });
}

/**
 * The tickets matching every condition of `where` (on `tickets t`), as TicketRow (what
 * `include: ticketInclude` gives), in one statement (two when some have files). Unordered.
 * The caller scopes `where` (visibleTicketsSql) unless it loads a row it already checked.
 * Meant for lookups by key (ticketKeySql): the statement is prepared and its plan reused
 * (db/prisma.ts PREPARED_STATEMENT); a list goes through loadTicketPage.
 */
export async function loadTicketRows(db: Db, where: Prisma.Sql[]): Promise<TicketRow[]> {
  const raw = await selectRows<RawTicketRow>(
    db,
    Prisma.sql`${TICKET_ROW_SELECT} FROM tickets t WHERE ${Prisma.join(where, ' AND ')}`,
    { prepared: true },
  );
  return hydrateTicketRows(db, raw);
}

/**
 * As loadTicketRows, in the transaction `tx`, also taking the row lock of each ticket found
 * (`FOR UPDATE OF t`): the rows are current and stay so until the transaction ends, and the
 * conditions `where` are checked again on the locked rows. One statement (prepared).
 */
export async function lockTicketRows(
  tx: Prisma.TransactionClient,
  where: Prisma.Sql[],
): Promise<TicketRow[]> {
  const raw = await selectRows<RawTicketRow>(
    tx,
    Prisma.sql`${TICKET_ROW_SELECT} FROM tickets t WHERE ${Prisma.join(where, ' AND ')} FOR UPDATE OF t`,
    { prepared: true },
  );
  return hydrateTicketRows(tx, raw);
}

/**
 * One page of `GET /api/tickets` as TicketRow, in the page's order: ticketPageSql picks the
 * ids (limit + 1 of them, the extra one telling whether a next page exists) and the same
 * statement loads their rows. `statementTimeoutMs`: see selectRows (searches are bounded).
 * @throws ValidationError on `cursor`; PostgreSQL's 57014 when the timeout cancels it.
 */
export async function loadTicketPage(
  db: Db,
  principal: Principal,
  query: ListTicketsQuery,
  options: { statementTimeoutMs?: number } = {},
): Promise<TicketRow[]> {
  const direction = Prisma.raw(query.sortOrder === 'desc' ? 'DESC' : 'ASC');
  const raw = await selectRows<RawTicketRow>(
    db,
    Prisma.sql`WITH page AS MATERIALIZED (${ticketPageSql(principal, query)})
      ${TICKET_ROW_SELECT}
      FROM page JOIN tickets t ON t.id = page.id
      ORDER BY ${SORT_COLUMNS[query.sortBy]} ${direction}, t.id ${direction}`,
    options,
  );
  return hydrateTicketRows(db, raw);
}

/**
 * `:id` of the ticket routes → a condition on `tickets t`: a uuid, a number ("42") or a
 * reference ("TKT-00042"); null when it is none of them or a number no ticket can have.
 */
export function ticketKeySql(idOrReference: string): Prisma.Sql | null {
  if (isUuid(idOrReference)) return Prisma.sql`t.id = ${idOrReference.toLowerCase()}::uuid`;
  const number = /^\d{1,10}$/.test(idOrReference)
    ? Number(idOrReference)
    : parseTicketReference(idOrReference);
  if (number === null || number > 2_147_483_647) return null;
  return Prisma.sql`t.number = ${number}::int`;
}

/** The ticket `id` as TicketRow, deleted or not (no scope: the caller checked it). @throws NotFoundError */
export async function loadTicketRow(db: Db, id: string): Promise<TicketRow> {
  const key = ticketKeySql(id);
  const [row] = key ? await loadTicketRows(db, [key]) : [];
  if (!row) throw new NotFoundError('Ticket');
  return row;
}

/** A ticket's scalar columns, as Prisma returns them. */
export type TicketScalars = Omit<
  TicketRow,
  'category' | 'assignee' | 'chatLinks' | 'followUpOf' | 'attachments'
>;

/** A new ticket's columns, every one of them: its number aside, the row as it will be stored. */
export type NewTicketRow = Omit<TicketScalars, 'number'>;

/**
 * The SQL type of every column of a new ticket but its number (a column added to the model
 * without an entry here fails to compile): insertNumberedTicket writes them all, so that the
 * stored row is exactly the row given (no default applies), which the events written by the
 * same statement describe.
 */
const NEW_TICKET_COLUMN_TYPES: Record<keyof NewTicketRow, string> = {
  id: 'uuid',
  organizationId: 'uuid',
  subject: 'text',
  description: 'text',
  status: '"TicketStatus"',
  priority: '"TicketPriority"',
  categoryId: 'uuid',
  tags: 'text[]',
  channel: '"TicketChannel"',
  requesterId: 'uuid',
  requesterName: 'text',
  requesterEmail: 'text',
  assigneeId: 'uuid',
  originChatId: 'uuid',
  followUpOfId: 'uuid',
  customFields: 'jsonb',
  metadata: 'jsonb',
  externalRefs: 'jsonb',
  sessionMode: '"SessionMode"',
  sessionScheduledAt: 'timestamptz',
  sessionDurationMinutes: 'int',
  sessionMeetingLink: 'text',
  firstResponseDueAt: 'timestamptz',
  resolutionDueAt: 'timestamptz',
  firstRespondedAt: 'timestamptz',
  resolvedAt: 'timestamptz',
  closedAt: 'timestamptz',
  createdAt: 'timestamptz',
  updatedAt: 'timestamptz',
  deletedAt: 'timestamptz',
  version: 'int',
};
const NEW_TICKET_COLUMNS = Object.keys(NEW_TICKET_COLUMN_TYPES) as (keyof NewTicketRow)[];

/**
 * A JSON value with its objects' keys in the order PostgreSQL's `jsonb` keeps them (shorter keys
 * first, then bytewise; recursively), so that a value written to a jsonb column equals, key order
 * included, what reading it back gives.
 */
export function jsonbOrder<T>(value: T): T {
  if (Array.isArray(value)) return value.map(jsonbOrder) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const keys = Object.keys(value).map((key) => ({ key, bytes: Buffer.from(key) }));
  keys.sort((a, b) => a.bytes.length - b.bytes.length || Buffer.compare(a.bytes, b.bytes));
  const ordered: Record<string, unknown> = {};
  for (const { key } of keys) ordered[key] = jsonbOrder((value as Record<string, unknown>)[key]);
  return ordered as T;
}

/**
 * Creates a ticket with the next number of its organization, its activity rows and the events
 * of `events` (emit-event.ts newTicketEventsSql, given the SQL of the number and the relation it
 * comes from; null for none), in ONE statement (docs/product.md: numbers sequential per organization,
 * never reused; every change writes its activity in the same transaction: the events
 * with the change). `UPDATE organizations SET "ticketCounter" + 1` takes the organization row's
 * lock, held until the transaction ends, so concurrent creates get consecutive numbers and a
 * rolled-back one gives its number back (gap-free). Measured at a million tickets (bench/): each
 * round trip made while that lock is held is waited for by every concurrent create, so
 * everything goes in this statement, and `db` may be the app's client (the statement is then its
 * own transaction: the lock is held for the statement alone) or a transaction client.
 * `ticket` is every column but the number (the stored row is exactly that; enums as their names,
 * JSON columns as values). The statement notifies OUTBOX_NOTIFY_CHANNEL when it wrote events.
 * @returns the ticket's scalar columns as stored. @throws Prisma P2010 (UniqueConstraintViolation)
 * when `originChatId` already has a ticket; NotFoundError when the organization does not exist.
 */
export async function insertNumberedTicket(
  db: Db,
  ticket: NewTicketRow,
  activities: ReturnType<typeof activityRow>[],
  events: ((number: Prisma.Sql, from: Prisma.Sql) => Prisma.Sql | null) | null = null,
): Promise<TicketScalars> {
  const columns = Prisma.raw(NEW_TICKET_COLUMNS.map((field) => `"${field}"`).join(', '));
  const values = NEW_TICKET_COLUMNS.map((field) => {
    const type = NEW_TICKET_COLUMN_TYPES[field];
    const value = type === 'jsonb' ? jsonText(ticket[field]) : ticket[field];
    return Prisma.sql`${value}::${Prisma.raw(type)}`;
  });
  const eventsSql = events?.(Prisma.sql`n."ticketCounter"`, Prisma.sql`n`) ?? null;
  const rows = await db.$queryRaw<TicketScalars[]>`WITH n AS (
      UPDATE organizations SET "ticketCounter" = "ticketCounter" + 1, "updatedAt" = ${ticket.createdAt}::timestamptz
      WHERE id = ${ticket.organizationId}::uuid
      RETURNING "ticketCounter"
    ), t AS (
      INSERT INTO tickets (number, ${columns})
      SELECT n."ticketCounter", ${Prisma.join(values)}
      FROM n
      RETURNING ${TICKET_RETURNING}
    ), a AS (
      ${insertActivitiesSql(activities, ticket.createdAt)}
      WHERE EXISTS (SELECT 1 FROM t)
    )${
      eventsSql
        ? Prisma.sql`, e AS (${eventsSql}), notified AS (
      SELECT pg_notify(${OUTBOX_NOTIFY_CHANNEL}, '') FROM e)
    SELECT t.* FROM t WHERE (SELECT count(*) FROM notified) >= 0`
        : Prisma.sql`
    SELECT * FROM t`
    }`;
  const [row] = rows;
  if (!row) throw new NotFoundError('Organization');
  return row;
}

/** A JSON value as the text of a `::jsonb` parameter (null stays SQL NULL). */
const jsonText = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

/** `"id", "organizationId", …`: every scalar column of a ticket, for a RETURNING list. */
export const TICKET_RETURNING = Prisma.raw(TICKET_FIELDS.map((field) => `"${field}"`).join(', '));

/**
 * `INSERT INTO ticket_activities (…) SELECT v.* FROM (VALUES …) AS v` for the activity rows
 * `activities` (`activityRow`: the columns recordActivity writes), each with a new id and its
 * `createdAt` or else `defaultAt`; the caller may append a WHERE clause. For statements that
 * write a change and its activity at once (docs/product.md: in the same transaction; one round trip).
 */
export function insertActivitiesSql(
  activities: readonly ReturnType<typeof activityRow>[],
  defaultAt: Date,
): Prisma.Sql {
  const values = activities.map(
    (a) => Prisma.sql`(${randomUUID()}::uuid, ${a.organizationId}::uuid, ${a.ticketId}::uuid,
      ${a.type}::"ActivityType", ${a.actorType}::"ActorType", ${a.actorId}::uuid, ${a.actorName}::text,
      ${a.isInternal}::boolean, ${jsonText(a.before)}::jsonb, ${jsonText(a.after)}::jsonb, ${a.reason}::text,
      ${a.createdAt ?? defaultAt}::timestamptz)`,
  );
  return Prisma.sql`INSERT INTO ticket_activities (id, "organizationId", "ticketId", type, "actorType",
      "actorId", "actorName", "isInternal", before, after, reason, "createdAt")
    SELECT v.* FROM (VALUES ${Prisma.join(values)}) AS v`;
}
