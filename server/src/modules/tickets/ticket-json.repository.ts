/**
 * The staff ticket list's rows as JSON text written by PostgreSQL (issue "Reads at the speed of
 * the bare baseline"): the SQL twin of tickets.presenter.ts `toTicket` for every field that is a
 * plain function of the row, so the server neither parses those columns into values nor
 * presents and re-encodes them. What JavaScript still adds to each row (tickets.presenter.ts
 * `staffTicketJson`): `attachments` (their links are the attachments module's), `sla` (the
 * business seconds used and left are counted at the time of the answer from the policy's
 * business hours, lib/business-time.ts) and `session` (its recurrence is session-recurrence.ts's).
 *
 * Staff only (agents, admins, API keys): they see every field of a ticket. A customer's page
 * keeps going through `toCustomerTicket`, whose explicit whitelist the leakage suite proves; no
 * field of a customer's view is written here. test/ticket-json.test.ts holds these rows, spliced,
 * equal to `toTicket` of the same tickets.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { SLA_ROW_COLUMNS, type RawSlaColumns } from './ticket-sla-rows.repository.js';
import type { SessionColumns, TicketRow } from './tickets.presenter.js';

/**
 * An instant as `Date#toISOString` writes it (`2026-12-06T08:15:00.123Z`, milliseconds truncated
 * as JavaScript's Date truncates PostgreSQL's microseconds; null stays null). Years 0–9999 only:
 * the range Docket stores (lib/cursor.ts isStorableDate).
 */
const iso = (column: string) =>
  Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * A ticket number as lib/domain.ts `formatTicketReference` writes it: `TKT-` and at least five
 * digits (`lpad` alone would cut 123456 to five).
 */
export const ticketReferenceSql = (column: string) =>
  Prisma.raw(
    `'TKT-' || CASE WHEN ${column} < 100000 THEN lpad(${column}::text, 5, '0') ELSE ${column}::text END`,
  );

/** A jsonb column as the presenter's `asObject`: an object as it is, anything else `{}`. */
const object = (column: string) =>
  Prisma.raw(`CASE WHEN jsonb_typeof(${column}) = 'object' THEN ${column} ELSE '{}'::jsonb END`);

/**
 * The staff ticket of `tickets t` as JSON text, without `attachments`, `sla` and `session` (added
 * by `staffTicketJson`), with `unread` when given (people only: unreadSql of
 * ticket-list.repository.ts). Keys as docs/api.md "Ticket" names them.
 */
function staffTicketJsonSql(unread: Prisma.Sql | null): Prisma.Sql {
  return Prisma.sql`json_build_object(
    'id', t.id, 'number', t.number, 'reference', ${ticketReferenceSql('t.number')},
    'subject', t.subject, 'description', t.description, 'status', t.status,
    'priority', t.priority,
    'category', (SELECT c.name FROM categories c WHERE c.id = t."categoryId"),
    'tags', t.tags, 'channel', t.channel,
    'requester', json_build_object('id', t."requesterId", 'name', t."requesterName",
      'email', t."requesterEmail"),
    'assignee', (SELECT json_build_object('id', a.id, 'name', a.name) FROM users a
      WHERE a.id = t."assigneeId"),
    'group', (SELECT json_build_object('id', g.id, 'name', g.name) FROM groups g
      WHERE g.id = t."groupId"),
    'organizationId', t."organizationId", 'originChatId', t."originChatId",
    'linkedChatIds', ARRAY(SELECT tc."chatId" FROM ticket_chats tc WHERE tc."ticketId" = t.id
      ORDER BY tc."createdAt", tc."chatId"),
    'followUpOf', (SELECT json_build_object('id', f.id, 'reference', ${ticketReferenceSql('f.number')})
      FROM tickets f WHERE f.id = t."followUpOfId"),
    'mergedInto', (SELECT json_build_object('id', m.id, 'reference', ${ticketReferenceSql('m.number')})
      FROM tickets m WHERE m.id = t."mergedIntoId"),
    'resolutionNote', t."resolutionNote",
    'customFields', ${object('t."customFields"')}, 'metadata', ${object('t.metadata')},
    'externalRefs', ${object('t."externalRefs"')},
    'firstResponseDueAt', ${iso('t."firstResponseDueAt"')},
    'resolutionDueAt', ${iso('t."resolutionDueAt"')},
    'firstRespondedAt', ${iso('t."firstRespondedAt"')}, 'resolvedAt', ${iso('t."resolvedAt"')},
    'closedAt', ${iso('t."closedAt"')}, 'createdAt', ${iso('t."createdAt"')},
    'updatedAt', ${iso('t."updatedAt"')}, 'version', t.version
    ${unread ? Prisma.sql`, 'unread', coalesce(${unread}, false)` : Prisma.empty})::text`;
}

/**
 * One row of a staff page: `json` (the ticket without `attachments`, `sla` and `session`), the
 * columns those three are made from, and the page's sort value (`sortValue`, the `sortBy` column)
 * for its cursor.
 */
export type StaffTicketJsonRow = {
  id: string;
  json: string;
  sortValue: Date | number | string | null;
  hasFiles: boolean;
} & Pick<TicketRow, 'slaDueAt' | 'slaWarnAt' | 'slaMetric'> &
  Omit<SessionColumns, 'nextSessionOccurrence'> &
  RawSlaColumns;

/**
 * The select list of StaffTicketJsonRow for `tickets t`, `sortColumn` being the page's sort key
 * and `unread` the viewer's marker (null for API keys).
 */
export function staffTicketJsonColumns(
  sortColumn: Prisma.Sql,
  unread: Prisma.Sql | null,
): Prisma.Sql {
  return Prisma.sql`t.id, ${staffTicketJsonSql(unread)} AS json, ${sortColumn} AS "sortValue",
    EXISTS (SELECT 1 FROM attachments x WHERE x."ticketId" = t.id) AS "hasFiles",
    t."slaDueAt", t."slaWarnAt", t."slaMetric", t."sessionMode", t."sessionScheduledAt",
    t."sessionDurationMinutes", t."sessionMeetingLink", t."sessionRecurrence", ${SLA_ROW_COLUMNS}`;
}
