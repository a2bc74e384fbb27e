/**
 * The `tickets` table, read side (docs/decisions/0005-repositories.md): the caller's scope and the
 * `:id` key as SQL conditions, ticket rows (TicketRow) loaded in one statement, row locks, and
 * the small lookups of the ticket use cases. Each function takes the client or a transaction
 * client first and returns rows, `null` (or no row) for a ticket that is not there; the rules
 * (what is a 404, who may see what) are ticket-access.ts's. Hand-written SQL on the hot paths
 * (decision 0001), Prisma client calls for the rest.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { isUuid } from '../../lib/cursor.js';
import { selectRows } from '../../db/select-rows.js';
import type { Db } from '../../lib/db.js';
import { parseTicketReference, type TicketStatus } from '../../lib/domain.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { ticketInclude, type TicketRow } from './tickets.presenter.js';
import { slaTargetsOf, SLA_ROW_COLUMNS, type RawSlaColumns } from './ticket-sla-rows.repository.js';

/**
 * The conditions (on `tickets t`) that limit tickets to what the principal may see: their
 * organization, not deleted, for a customer only the tickets they requested, and for staff
 * restricted to groups only the tickets of those groups (docs/product.md "Roles", "Groups and
 * routing"); the SQL twin of ticket-access.ts `visibleTicketsWhere`.
 */
export function visibleTicketsSql(principal: Principal): Prisma.Sql[] {
  const where = [
    Prisma.sql`t."organizationId" = ${principal.organizationId}::uuid`,
    Prisma.sql`t."deletedAt" IS NULL`,
  ];
  if (!isStaff(principal)) where.push(Prisma.sql`t."requesterId" = ${principal.id}::uuid`);
  else if (principal.groupIds) {
    where.push(Prisma.sql`t."groupId" = ANY(${[...principal.groupIds]}::uuid[])`);
  }
  return where;
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
/** Every scalar field of the Prisma model `Ticket`, in the model's order. */
export const TICKET_FIELDS = Object.values(Prisma.TicketScalarFieldEnum) as TicketScalarField[];
const TICKET_COLUMNS = Prisma.raw(TICKET_FIELDS.map((field) => `t."${field}"`).join(', '));

/**
 * The select list that makes a TicketRow of `tickets t` (see above). Related names come from
 * scalar subqueries rather than joins: the same index lookups, but half the planning time.
 */
export const TICKET_ROW_COLUMNS = Prisma.sql`${TICKET_COLUMNS},
    (SELECT c.name FROM categories c WHERE c.id = t."categoryId") AS "_categoryName",
    (SELECT a.name FROM users a WHERE a.id = t."assigneeId") AS "_assigneeName",
    (SELECT g.name FROM groups g WHERE g.id = t."groupId") AS "_groupName",
    (SELECT f.number FROM tickets f WHERE f.id = t."followUpOfId") AS "_followUpNumber",
    (SELECT f."requesterId" FROM tickets f WHERE f.id = t."followUpOfId") AS "_followUpRequesterId",
    (SELECT m.number FROM tickets m WHERE m.id = t."mergedIntoId") AS "_mergedIntoNumber",
    ARRAY(SELECT tc."chatId" FROM ticket_chats tc WHERE tc."ticketId" = t.id
          ORDER BY tc."createdAt", tc."chatId") AS "_chatIds",
    EXISTS (SELECT 1 FROM attachments x WHERE x."ticketId" = t.id) AS "_hasFiles",
    ${SLA_ROW_COLUMNS}`;

/** `SELECT` TICKET_ROW_COLUMNS, to which a statement adds `FROM tickets t …`. */
export const TICKET_ROW_SELECT = Prisma.sql`SELECT ${TICKET_ROW_COLUMNS}`;

/** A row of TICKET_ROW_SELECT, before hydrateTicketRows. */
export type RawTicketRow = Omit<
  TicketRow,
  | 'category'
  | 'assignee'
  | 'group'
  | 'chatLinks'
  | 'followUpOf'
  | 'mergedInto'
  | 'attachments'
  | 'slaPolicy'
  | 'slaTargets'
> & {
  _categoryName: string | null;
  _assigneeName: string | null;
  _groupName: string | null;
  _followUpNumber: number | null;
  _followUpRequesterId: string | null;
  _mergedIntoNumber: number | null;
  _chatIds: string[];
  _hasFiles: boolean;
} & RawSlaColumns;

/** Raw rows → TicketRow, with the files of those that have any (one ORM query for all of them). */
export async function hydrateTicketRows(db: Db, raw: RawTicketRow[]): Promise<TicketRow[]> {
  const withFiles = raw.filter((r) => r._hasFiles).map((r) => r.id);
  const { where, ...attachmentArgs } = ticketInclude.attachments;
  const files = withFiles.length
    ? await db.attachment.findMany({
        ...attachmentArgs,
        where: { ...where, ticketId: { in: withFiles } },
      })
    : [];
  return raw.map((r) => hydrateTicketRow(r, r._hasFiles ? files : []));
}

/**
 * One raw row → TicketRow, as one object literal naming every field. What it buys (allocation
 * profile of the list's first page, bench/README.md "Reads at the baseline's speed, 2026-12-05
 * (night)"): the copy field by field over TICKET_FIELDS built each row's object by keyed stores,
 * 4.7 KB of heap per row (a fifth of a page's garbage); a literal of fixed shape is one
 * allocation. The type holds it complete: a new column of the model is a compile error here until
 * it is added. `files`: the attachments of the page's tickets that have any (hydrateTicketRows).
 */
function hydrateTicketRow(r: RawTicketRow, files: TicketRow['attachments']): TicketRow {
  return {
    id: r.id,
    organizationId: r.organizationId,
    number: r.number,
    subject: r.subject,
    description: r.description,
    status: r.status,
    priority: r.priority,
    categoryId: r.categoryId,
    tags: r.tags,
    channel: r.channel,
    requesterId: r.requesterId,
    requesterName: r.requesterName,
    requesterEmail: r.requesterEmail,
    assigneeId: r.assigneeId,
    groupId: r.groupId,
    originChatId: r.originChatId,
    followUpOfId: r.followUpOfId,
    mergedIntoId: r.mergedIntoId,
    resolutionNote: r.resolutionNote,
    staffActivityAt: r.staffActivityAt,
    customFields: r.customFields,
    metadata: r.metadata,
    externalRefs: r.externalRefs,
    sessionMode: r.sessionMode,
    sessionScheduledAt: r.sessionScheduledAt,
    sessionDurationMinutes: r.sessionDurationMinutes,
    sessionMeetingLink: r.sessionMeetingLink,
    sessionRecurrence: r.sessionRecurrence,
    firstResponseDueAt: r.firstResponseDueAt,
    resolutionDueAt: r.resolutionDueAt,
    slaPolicyId: r.slaPolicyId,
    slaDueAt: r.slaDueAt,
    slaMetric: r.slaMetric,
    slaWarnAt: r.slaWarnAt,
    firstRespondedAt: r.firstRespondedAt,
    customerActivityAt: r.customerActivityAt,
    statusChangedAt: r.statusChangedAt,
    resolvedAt: r.resolvedAt,
    closedAt: r.closedAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    deletedAt: r.deletedAt,
    version: r.version,
    category: r.categoryId && r._categoryName !== null ? { name: r._categoryName } : null,
    assignee:
      r.assigneeId && r._assigneeName !== null ? { id: r.assigneeId, name: r._assigneeName } : null,
    group: r.groupId && r._groupName !== null ? { id: r.groupId, name: r._groupName } : null,
    chatLinks: r._chatIds.map((chatId) => ({ chatId })),
    followUpOf:
      r.followUpOfId && r._followUpNumber !== null
        ? { id: r.followUpOfId, number: r._followUpNumber, requesterId: r._followUpRequesterId }
        : null,
    mergedInto:
      r.mergedIntoId && r._mergedIntoNumber !== null
        ? { id: r.mergedIntoId, number: r._mergedIntoNumber }
        : null,
    attachments: files.filter((file) => file.ticketId === r.id),
    slaPolicy: r._slaPolicy,
    slaTargets: slaTargetsOf(r),
  };
}

/**
 * The tickets matching every condition of `where` (on `tickets t`), as TicketRow (what
 * `include: ticketInclude` gives), in one statement (two when some have files). Unordered.
 * The caller scopes `where` (visibleTicketsSql) unless it loads a row it already checked.
 * Meant for lookups by key (ticketKeySql): the statement is prepared and its plan reused
 * (db/prisma.ts PREPARED_STATEMENT); a list goes through ticket-list.repository.ts loadTicketPage.
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

/** The ticket `id` (uuid) as TicketRow, deleted or not, unscoped (the caller checked it); null if none. */
export async function findTicketRow(db: Db, id: string): Promise<TicketRow | null> {
  const key = ticketKeySql(id);
  const [row] = key ? await loadTicketRows(db, [key]) : [];
  return row ?? null;
}

/** Takes the row lock of ticket `id` (`SELECT … FOR UPDATE`) until the transaction `tx` ends. */
export async function lockTicketRow(tx: Prisma.TransactionClient, id: string): Promise<void> {
  await selectRows(tx, Prisma.sql`SELECT id FROM tickets WHERE id = ${id}::uuid FOR UPDATE`);
}

/** The ticket `id` with `include: ticketInclude` (the ORM's queries), deleted or not; null if none. */
export function findTicketWithRelations(db: Db, id: string): Promise<TicketRow | null> {
  return db.ticket.findUnique({ where: { id }, include: ticketInclude });
}

/** The ticket `id` with `include: ticketInclude` (the ORM's queries) unless deleted; null otherwise. */
export function findUndeletedTicketWithRelations(db: Db, id: string): Promise<TicketRow | null> {
  return db.ticket.findFirst({ where: { id, deletedAt: null }, include: ticketInclude });
}

/** The id of the ticket matching `key` (ticket-access.ts ticketKey) in `organizationId`, deleted or not. */
export function findTicketIdInOrganization(
  db: Db,
  organizationId: string,
  key: Prisma.TicketWhereInput,
): Promise<{ id: string } | null> {
  return db.ticket.findFirst({ where: { organizationId, ...key }, select: { id: true } });
}

/** A ticket matching `where` (scoped by the caller), with what a follow-up needs of it; null if none. */
export function findTicketSummary(
  db: Db,
  where: Prisma.TicketWhereInput,
): Promise<{
  id: string;
  number: number;
  status: TicketStatus;
  requesterId: string | null;
} | null> {
  return db.ticket.findFirst({
    where,
    select: { id: true, number: true, status: true, requesterId: true },
  });
}
