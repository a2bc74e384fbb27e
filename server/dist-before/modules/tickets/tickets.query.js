/**
 * The ticket list query (API.md `GET /api/tickets`) as one SQL statement: every filter, the
 * full-text `q`, the caller's scope and keyset pagination, returning the ids of one page in order.
 * SQL rather than the ORM because the full-text columns are not modelled by Prisma and because
 * the row-value comparison `(sortKey, id) < (cursorValue, cursorId)` lets PostgreSQL walk an index
 * at any depth. Every value is a bound parameter (Prisma.sql); identifiers come from a fixed list.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { decodeCursor } from '../../lib/cursor.js';
import { parseTicketReference, TICKET_PRIORITIES } from '../../lib/domain.js';
import { ValidationError } from '../../lib/errors.js';
import { isStaff } from '../../lib/principal.js';
const SORT_COLUMNS = {
  createdAt: Prisma.raw('t."createdAt"'),
  updatedAt: Prisma.raw('t."updatedAt"'),
  priority: Prisma.raw('t.priority'),
  number: Prisma.raw('t.number'),
};
/** `%`, `_` and `\` taken literally in a LIKE pattern. */
function likeEscape(text) {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
/**
 * The search condition for `q`: full text (websearch syntax: words, "phrases", -exclusions, or)
 * over the public vector — and, for staff, internal notes too — plus the ticket number when `q`
 * is a reference or a number, plus a substring match on the requester's email when `q` looks like
 * one (trigram index).
 */
function searchCondition(principal, q) {
  const query = Prisma.sql`websearch_to_tsquery('docket_search', ${q})`;
  const alternatives = [Prisma.sql`t."searchVector" @@ ${query}`];
  if (isStaff(principal)) alternatives.push(Prisma.sql`t."internalSearchVector" @@ ${query}`);
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
function cursorCondition(query) {
  if (!query.cursor) return null;
  const cursor = decodeCursor(query.cursor);
  const invalid = new ValidationError('The cursor does not match sortBy', [
    { path: 'cursor', message: 'invalid cursor for this sort' },
  ]);
  let value;
  switch (query.sortBy) {
    case 'priority':
      if (!TICKET_PRIORITIES.includes(cursor.value)) throw invalid;
      value = Prisma.sql`${cursor.value}::"TicketPriority"`;
      break;
    case 'number':
      if (typeof cursor.value !== 'number') throw invalid;
      value = Prisma.sql`${cursor.value}::int`;
      break;
    default: {
      const date = new Date(String(cursor.value));
      if (Number.isNaN(date.getTime())) throw invalid;
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
export function ticketPageSql(principal, query) {
  const where = [
    Prisma.sql`t."organizationId" = ${principal.organizationId}::uuid`,
    Prisma.sql`t."deletedAt" IS NULL`,
  ];
  if (!isStaff(principal)) where.push(Prisma.sql`t."requesterId" = ${principal.id}::uuid`);
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
//# sourceMappingURL=tickets.query.js.map
