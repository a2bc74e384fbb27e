/**
 * The ticket list as CSV (`GET /api/tickets/export.csv`; docs/product.md "Exports"): the list's
 * own filters and order, read a page of EXPORT_PAGE rows at a time by keyset (list-tickets.ts
 * ticketPages) and written row by row through csv-stringify's stream, so memory stays flat
 * whatever the number of tickets (RFC 4180: CRLF line ends, fields quoted when needed; cells
 * that a spreadsheet would read as a formula get a leading `'`, OWASP "CSV Injection").
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { PrismaClient } from '../../lib/db.js';
import { formatTicketReference } from '../../lib/domain.js';
import type { Principal } from '../../lib/principal.js';
import { listCustomFields } from '../custom-fields/index.js';
import { ticketPages } from './list-tickets.js';
import { latestScores } from './ticket-list.repository.js';
import type { TicketRow } from './tickets.presenter.js';
import type { ListTicketsQuery } from './tickets.schemas.js';

/** Rows read per statement. */
const EXPORT_PAGE = 500;

/** The fixed columns, in order; the custom fields follow as `cf.<key>`. */
const COLUMNS = [
  'reference',
  'subject',
  'status',
  'priority',
  'category',
  'group',
  'tags',
  'requester_name',
  'requester_email',
  'assignee',
  'created_at',
  'first_responded_at',
  'resolved_at',
  'closed_at',
  'first_response_seconds',
  'resolution_seconds',
  'sla',
  'csat_score',
] as const;

const iso = (d: Date | null): string => (d ? d.toISOString() : '');
const seconds = (from: Date, to: Date | null): string =>
  to ? String(Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000))) : '';

/** `breached` when any SLA target was missed, `met` when every target was met, else empty. */
function slaOutcome(row: TicketRow): string {
  if (row.slaTargets.length === 0) return '';
  if (row.slaTargets.some((target) => target.breachedAt)) return 'breached';
  return row.slaTargets.every((target) => target.state === 'fulfilled') ? 'met' : '';
}

/** A custom field's value as one cell: lists joined with `; `, the rest as text. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(String).join('; ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The CSV of the tickets `principal` may see matching `query` (its cursor and limit ignored), as
 * a stream: a header row, then one row per ticket in the list's order. Staff and API keys only
 * (the route checks the role). A search runs each page under the list's search timeout. The
 * first page is read before the stream is returned (its failure is the request's: a 503 or 400
 * problem); a failure of a later page ends the stream (a cut file, never an error page glued
 * into the CSV).
 * @throws as listTickets, for the first page
 */
export async function exportTicketsCsv(
  prisma: PrismaClient,
  principal: Principal,
  query: ListTicketsQuery,
): Promise<Readable> {
  const fields = await listCustomFields(prisma, principal.organizationId);
  const header = [...COLUMNS, ...fields.map((field) => `cf.${field.key}`)];
  // The first page is read before the answer starts, so that a refused search (503) or any
  // other failure of the query is a problem answer, not a cut file.
  const pages = ticketPages(prisma, principal, { ...query, limit: EXPORT_PAGE });
  const first = await pages.next();
  async function* allPages(): AsyncGenerator<TicketRow[]> {
    if (first.done) return;
    yield first.value;
    yield* pages;
  }
  async function* rows(): AsyncGenerator<string[]> {
    yield header;
    for await (const page of allPages()) {
      const scores = await latestScores(
        prisma,
        page.map((row) => row.id),
      );
      for (const row of page) {
        const custom = (row.customFields ?? {}) as Record<string, unknown>;
        yield [
          formatTicketReference(row.number),
          row.subject,
          row.status,
          row.priority,
          row.category?.name ?? '',
          row.group?.name ?? '',
          row.tags.join(' '),
          row.requesterName,
          row.requesterEmail,
          row.assignee?.name ?? '',
          iso(row.createdAt),
          iso(row.firstRespondedAt),
          iso(row.resolvedAt),
          iso(row.closedAt),
          seconds(row.createdAt, row.firstRespondedAt),
          seconds(row.createdAt, row.resolvedAt),
          slaOutcome(row),
          scores.get(row.id)?.toString() ?? '',
          ...fields.map((field) => cell(custom[field.key])),
        ];
      }
    }
  }
  return Readable.from(rows()).pipe(
    stringify({ record_delimiter: 'windows', escape_formulas: true }),
  );
}
