/**
 * Reading tickets: the list with filters, search and keyset pagination (`GET /api/tickets`), the
 * per-status counts (`GET /api/tickets/counts`) and one ticket (`GET /api/tickets/:id`), each
 * limited to what the caller may see (ticket-access.ts). The SQL is in ticket-list.repository.ts.
 */
import { ISO_INSTANT, decodeCursor, isStorableDate, keysetPage } from '../../lib/cursor.js';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketStatus } from '../../lib/domain.js';
import type { PrismaClient } from '../../lib/db.js';
import { withNextOccurrence } from './ticket-sessions.js';
import { AppError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { visibleTicketsWhere } from './ticket-access.js';
import { ticketKeySql } from './tickets.repository.js';
import {
  countTicketsByStatus,
  countUnreadForRequester,
  loadTicketForReading,
  loadTicketPage,
  type ResolvedListQuery,
  type TicketPageCursor,
} from './ticket-list.repository.js';
import { presentTicket, type TicketRow } from './tickets.presenter.js';
import { customFieldFilterMatch, customerVisibleFieldKeys } from '../custom-fields/index.js';
import type { AnyTicket, ListTicketsQuery, TicketCounts, TicketList } from './tickets.schemas.js';

/**
 * Lists the tickets the principal may see (docs/api.md `GET /api/tickets`), newest activity first by
 * default, with keyset pagination: the cursor carries the sort value and id of the last row, so
 * a page costs the same at any depth and rows inserted meanwhile are neither skipped nor repeated.
 * Two statements select the page: its ids, then their rows by a prepared lookup
 * (ticket-list.repository.ts loadTicketPage).
 * A search (`q`) runs under a statement timeout (SEARCH_TIMEOUT_MS), so a query matching most
 * tickets ends in a clean 503 `search_timeout` instead of a stuck request.
 * @throws ValidationError (cursor), AppError 503 search_timeout
 */
export async function listTickets(
  prisma: PrismaClient,
  principal: Principal,
  listQuery: ListTicketsQuery,
): Promise<TicketList> {
  const query = await resolveListQuery(prisma, principal, listQuery);
  const after = decodeTicketCursor(query);
  const rows = query.q
    ? await withSearchTimeout((statementTimeoutMs) =>
        loadTicketPage(prisma, principal, query, { statementTimeoutMs, after }),
      )
    : await loadTicketPage(prisma, principal, query, { after });
  const { rows: page, nextCursor } = keysetPage(rows, query.limit, (row) =>
    sortValue(row, query.sortBy),
  );
  const visibleFields = isStaff(principal)
    ? undefined
    : await customerVisibleFieldKeys(prisma, principal.organizationId);
  return {
    data: page.map((row) => presentTicket(row, principal, visibleFields)),
    nextCursor,
  };
}

/**
 * `query` with its `cf.<key>` filters typed against the organization's custom fields (the
 * custom-fields module's customFieldFilterMatch: a customer knows only the customer-visible
 * ones); unchanged, without a query, when there are none.
 * @throws ValidationError naming `cf.<key>`
 */
async function resolveListQuery(
  prisma: PrismaClient,
  principal: Principal,
  query: ListTicketsQuery,
): Promise<ResolvedListQuery> {
  if (!query.customFields || Object.keys(query.customFields).length === 0) return query;
  return {
    ...query,
    customFieldMatch: await customFieldFilterMatch(prisma, principal, query.customFields),
  };
}

/**
 * How many tickets the principal may see are in each status now (`GET /api/tickets/counts`,
 * the portal's quick counts): customers their own, staff and API keys their organization's,
 * never deleted ones. One grouped count over the same scope as `list`; every status is present.
 * A signed-in customer also gets `unread`: how many of their tickets have news from staff.
 */
export async function countTickets(
  prisma: PrismaClient,
  principal: Principal,
): Promise<TicketCounts> {
  const groups = await countTicketsByStatus(prisma, visibleTicketsWhere(principal));
  const byStatus = Object.fromEntries(TICKET_STATUSES.map((status) => [status, 0])) as Record<
    TicketStatus,
    number
  >;
  let total = 0;
  for (const group of groups) {
    byStatus[group.status] = group.count;
    total += group.count;
  }
  // The requester's "New reply" count (docs/product.md "Unread markers"): a handful of tickets.
  if (principal.kind === 'user' && !isStaff(principal)) {
    return { byStatus, total, unread: await countUnreadForRequester(prisma, principal.id) };
  }
  return { byStatus, total };
}

/**
 * One ticket the principal may see (docs/api.md `GET /api/tickets/:id`): with the viewer's unread
 * marker, the next occurrence of a recurring session and, for staff, the latest satisfaction
 * rating; a customer's view shows the customer-visible custom fields only. The ticket, its marker
 * and its rating come from one statement (ticket-list.repository.ts loadTicketForReading).
 * @throws NotFoundError
 */
export async function getTicket(
  prisma: PrismaClient,
  principal: Principal,
  idOrReference: string,
): Promise<AnyTicket> {
  const key = ticketKeySql(idOrReference);
  const found = key ? await loadTicketForReading(prisma, principal, key) : null;
  if (!found) throw new NotFoundError('Ticket');
  const { row, satisfaction } = found;
  await withNextOccurrence(prisma, row);
  if (!isStaff(principal)) {
    const visibleFields = await customerVisibleFieldKeys(prisma, row.organizationId);
    return presentTicket(row, principal, visibleFields);
  }
  return { ...presentTicket(row, principal), satisfaction };
}

/**
 * Every ticket `principal` may see matching `query`, in the list's order, `query.limit` rows at
 * a time (the CSV export): keyset pages from the last row of each, so a page costs the same at
 * any depth. A search runs each page under the search timeout (503 `search_timeout`).
 */
export async function* ticketPages(
  prisma: PrismaClient,
  principal: Principal,
  listQuery: ListTicketsQuery,
): AsyncGenerator<TicketRow[]> {
  const query = await resolveListQuery(prisma, principal, listQuery);
  let after: TicketPageCursor | null = null;
  for (;;) {
    const cursor: TicketPageCursor | null = after;
    const rows: TicketRow[] = query.q
      ? await withSearchTimeout((statementTimeoutMs) =>
          loadTicketPage(prisma, principal, query, { statementTimeoutMs, after: cursor }),
        )
      : await loadTicketPage(prisma, principal, query, { after: cursor });
    const page: TicketRow[] = rows.slice(0, query.limit);
    if (page.length) yield page;
    if (rows.length <= query.limit) return;
    const last: TicketRow = page[page.length - 1]!;
    after = { value: cursorValue(last, query.sortBy), id: last.id };
  }
}

/** The keyset value of `row` for `sortBy`, as loadTicketPage takes it. */
function cursorValue(row: TicketRow, sortBy: SortField): TicketPageCursor['value'] {
  switch (sortBy) {
    case 'createdAt':
      return row.createdAt;
    case 'updatedAt':
      return row.updatedAt;
    case 'number':
      return row.number;
    case 'priority':
      return row.priority;
    case 'slaDueAt':
      return row.slaDueAt;
  }
}

type SortField = ListTicketsQuery['sortBy'];

/**
 * The list's `cursor` (lib/cursor.ts), checked against `sortBy`: a priority name, a ticket number
 * (a PostgreSQL int: 0 … 2^31-1, whole) or the ISO 8601 instant the list encoded (nothing
 * Date.parse merely tolerates, such as "1.5"); null without a cursor.
 * @throws ValidationError on `cursor`
 */
function decodeTicketCursor(query: ListTicketsQuery): TicketPageCursor | null {
  if (!query.cursor) return null;
  const cursor = decodeCursor(query.cursor);
  const invalid = new ValidationError('The cursor does not match sortBy', [
    { path: 'cursor', message: 'invalid cursor for this sort' },
  ]);
  switch (query.sortBy) {
    case 'slaDueAt':
      if (cursor.value === NO_DUE_TIME) return { value: null, id: cursor.id };
      return { value: instantOf(cursor.value, invalid), id: cursor.id };
    case 'priority':
      if (!TICKET_PRIORITIES.includes(cursor.value as never)) throw invalid;
      return { value: cursor.value as string, id: cursor.id };
    case 'number':
      if (!Number.isSafeInteger(cursor.value) || (cursor.value as number) < 0) throw invalid;
      if ((cursor.value as number) > 2_147_483_647) throw invalid;
      return { value: cursor.value as number, id: cursor.id };
    default:
      return { value: instantOf(cursor.value, invalid), id: cursor.id };
  }
}

/** The cursor value of a ticket without a running SLA target in the `slaDueAt` order. */
const NO_DUE_TIME = 'none';

/** A cursor's ISO 8601 instant as a Date. @throws `invalid` for anything else. */
function instantOf(value: string | number, invalid: ValidationError): Date {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) throw invalid;
  const date = new Date(value);
  if (!isStorableDate(date)) throw invalid;
  return date;
}

function sortValue(row: TicketRow, field: SortField): string | number {
  switch (field) {
    case 'createdAt':
      return row.createdAt.toISOString();
    case 'updatedAt':
      return row.updatedAt.toISOString();
    case 'number':
      return row.number;
    case 'priority':
      return row.priority;
    case 'slaDueAt':
      return row.slaDueAt?.toISOString() ?? NO_DUE_TIME;
  }
}

/** How long a full-text search may run before it is cancelled (milliseconds). */
export const SEARCH_TIMEOUT_MS = 2000;

/**
 * Runs `work`, which has PostgreSQL cancel its statements after the milliseconds it is given
 * (SEARCH_TIMEOUT_MS; ticket-list.repository.ts loadTicketPage), mapping that cancellation (SQLSTATE
 * 57014) to a 503 problem with Retry-After.
 */
async function withSearchTimeout<T>(work: (statementTimeoutMs: number) => Promise<T>): Promise<T> {
  try {
    return await work(SEARCH_TIMEOUT_MS);
  } catch (error) {
    if (
      /57014|statement timeout/i.test(String((error as Error)?.message) + JSON.stringify(error))
    ) {
      throw new AppError(
        503,
        'search_timeout',
        'Search took too long',
        'The search matched too much to answer in time. Add words or filters to narrow it.',
        undefined,
        { 'Retry-After': '1' },
      );
    }
    throw error;
  }
}
