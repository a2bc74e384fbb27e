/**
 * The `tickets` table, write side (docs/decisions/0005-repositories.md): the numbered insert of a
 * new ticket with its activity and events in one statement, and the updates of the ticket use
 * cases (PATCH with its activity rows in one statement, claim, delete and restore, session).
 * Each function takes the client or a transaction client first; the rules are the use cases'.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { executeSql, selectRows } from '../../db/select-rows.js';
import type { activityRow } from '../activity/index.js';
import type { Db } from '../../lib/db.js';
import type { SessionMode, TicketPriority, TicketStatus } from '../../lib/domain.js';
import { OUTBOX_NOTIFY_CHANNEL } from '../events/index.js';
import { ticketEventsSql, type NewTicketEvent } from './ticket-outbox.repository.js';
import type { TicketRow } from './tickets.presenter.js';
import { TICKET_FIELDS } from './tickets.repository.js';
import { newRowId } from '../../lib/row-id.js';

/** An activity row as `activityRow` (activity module) makes it. */
export type ActivityRow = ReturnType<typeof activityRow>;

/** A ticket's scalar columns, as Prisma returns them. */
export type TicketScalars = Omit<
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
  | 'unread'
  | 'nextSessionOccurrence'
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
  groupId: 'uuid',
  originChatId: 'uuid',
  followUpOfId: 'uuid',
  mergedIntoId: 'uuid',
  resolutionNote: 'text',
  staffActivityAt: 'timestamptz',
  customFields: 'jsonb',
  metadata: 'jsonb',
  externalRefs: 'jsonb',
  sessionMode: '"SessionMode"',
  sessionScheduledAt: 'timestamptz',
  sessionDurationMinutes: 'int',
  sessionMeetingLink: 'text',
  sessionRecurrence: 'text',
  firstResponseDueAt: 'timestamptz',
  resolutionDueAt: 'timestamptz',
  slaPolicyId: 'uuid',
  slaDueAt: 'timestamptz',
  slaMetric: '"SlaMetric"',
  slaWarnAt: 'timestamptz',
  firstRespondedAt: 'timestamptz',
  customerActivityAt: 'timestamptz',
  statusChangedAt: 'timestamptz',
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
 * of `events` (ticket-outbox.repository.ts newTicketEventsSql, given the SQL of the number and the
 * relation it comes from; null for none), in ONE statement (docs/product.md: numbers sequential
 * per organization, never reused; every change writes its activity in the same transaction: the
 * events with the change). `UPDATE organizations SET "ticketCounter" + 1` takes the organization
 * row's lock, held until the transaction ends, so concurrent creates get consecutive numbers and a
 * rolled-back one gives its number back (gap-free). Measured at a million tickets (bench/): each
 * round trip made while that lock is held is waited for by every concurrent create, so
 * everything goes in this statement, and `db` may be the app's client (the statement is then its
 * own transaction: the lock is held for the statement alone) or a transaction client.
 * `ticket` is every column but the number (the stored row is exactly that; enums as their names,
 * JSON columns as values). The statement notifies OUTBOX_NOTIFY_CHANNEL when it wrote events.
 * @returns the ticket's scalar columns as stored; null when the organization does not exist.
 * @throws a unique violation (lib/db-errors.ts isUniqueViolation: pg's 23505 through the pool or
 *   a transaction's connection) when `originChatId` already has a ticket.
 */
export async function insertNumberedTicket(
  db: Db,
  ticket: NewTicketRow,
  activities: ActivityRow[],
  events: ((number: Prisma.Sql, from: Prisma.Sql) => Prisma.Sql | null) | null = null,
): Promise<TicketScalars | null> {
  const columns = Prisma.raw(NEW_TICKET_COLUMNS.map((field) => `"${field}"`).join(', '));
  const values = NEW_TICKET_COLUMNS.map((field) => {
    const type = NEW_TICKET_COLUMN_TYPES[field];
    const value = type === 'jsonb' ? jsonText(ticket[field]) : ticket[field];
    return Prisma.sql`${value}::${Prisma.raw(type)}`;
  });
  const eventsSql = events?.(Prisma.sql`n."ticketCounter"`, Prisma.sql`n`) ?? null;
  const rows = await selectRows<TicketScalars>(
    db,
    Prisma.sql`WITH n AS (
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
    }`,
    { prepared: true },
  );
  return rows[0] ?? null;
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
  activities: readonly ActivityRow[],
  defaultAt: Date,
): Prisma.Sql {
  const values = activities.map(
    (a) => Prisma.sql`(${newRowId()}::uuid, ${a.organizationId}::uuid, ${a.ticketId}::uuid,
      ${a.type}::"ActivityType", ${a.actorType}::"ActorType", ${a.actorId}::uuid, ${a.actorName}::text,
      ${a.isInternal}::boolean, ${jsonText(a.before)}::jsonb, ${jsonText(a.after)}::jsonb, ${a.reason}::text,
      ${a.createdAt ?? defaultAt}::timestamptz)`,
  );
  return Prisma.sql`INSERT INTO ticket_activities (id, "organizationId", "ticketId", type, "actorType",
      "actorId", "actorName", "isInternal", before, after, reason, "createdAt")
    SELECT v.* FROM (VALUES ${Prisma.join(values)}) AS v`;
}

/** The columns a PATCH may change (update-ticket.ts), each as it is to be stored. */
export interface TicketColumnChanges {
  status?: TicketStatus;
  resolvedAt?: Date | null;
  closedAt?: Date | null;
  priority?: TicketPriority;
  firstResponseDueAt?: Date | null;
  resolutionDueAt?: Date | null;
  assigneeId?: string | null;
  groupId?: string | null;
  subject?: string;
  categoryId?: string | null;
  tags?: string[];
  customFields?: Prisma.InputJsonValue;
  metadata?: Prisma.InputJsonValue;
  externalRefs?: Prisma.InputJsonValue;
  resolutionNote?: string | null;
  staffActivityAt?: Date | null;
  mergedIntoId?: string | null;
}

/** The SQL type of each column of TicketColumnChanges. */
const CHANGE_COLUMN_TYPES: Record<keyof TicketColumnChanges, string> = {
  status: '"TicketStatus"',
  resolvedAt: 'timestamptz',
  closedAt: 'timestamptz',
  priority: '"TicketPriority"',
  firstResponseDueAt: 'timestamptz',
  resolutionDueAt: 'timestamptz',
  assigneeId: 'uuid',
  groupId: 'uuid',
  subject: 'text',
  categoryId: 'uuid',
  tags: 'text[]',
  customFields: 'jsonb',
  metadata: 'jsonb',
  externalRefs: 'jsonb',
  resolutionNote: 'text',
  staffActivityAt: 'timestamptz',
  mergedIntoId: 'uuid',
};

/**
 * Applies `changes` to ticket `id`, bumps its version, sets `updatedAt` to `now` and writes the
 * activity rows `activities` (`activityRow`), in ONE statement (a data-modifying CTE): a PATCH's
 * change and its history commit together at the cost of one round trip. Call it holding the
 * ticket's row lock. @returns whether the ticket was there to update.
 */
export async function updateTicketWithActivities(
  tx: Prisma.TransactionClient,
  id: string,
  changes: TicketColumnChanges,
  activities: readonly ActivityRow[],
  now: Date,
): Promise<boolean> {
  const [outcome] = await selectRows<{ updated: number }>(
    tx,
    Prisma.sql`WITH u AS (
      UPDATE tickets t SET ${changeSetSql(changes, now)}
      WHERE t.id = ${id}::uuid
      RETURNING id
    )${
      activities.length
        ? Prisma.sql`, a AS (
      ${insertActivitiesSql(activities, now)}
      WHERE EXISTS (SELECT 1 FROM u)
    )`
        : Prisma.empty
    }
    SELECT count(*)::int AS updated FROM u`,
  );
  return (outcome?.updated ?? 0) > 0;
}

/** The SET list of `changes`, the version bumped and `updatedAt` moved to `now`. */
function changeSetSql(changes: TicketColumnChanges, now: Date): Prisma.Sql {
  const set = (Object.keys(changes) as (keyof TicketColumnChanges)[])
    .filter((column) => changes[column] !== undefined)
    .map((column) => {
      const type = CHANGE_COLUMN_TYPES[column];
      const value = type === 'jsonb' ? jsonText(changes[column]) : changes[column];
      return Prisma.sql`${Prisma.raw(`"${column}"`)} = ${value}::${Prisma.raw(type)}`;
    });
  return Prisma.join([
    ...set,
    Prisma.sql`version = t.version + 1`,
    Prisma.sql`"updatedAt" = ${now}::timestamptz`,
  ]);
}

/**
 * A PATCH in ONE statement, without a transaction of its own (the reply's idiom, responses
 * repository insertResponseIfCurrent): with `cur` the ticket still at `version`, not deleted,
 * locked, it applies `changes`, writes the activity rows and the events (made from `changed`,
 * the ticket as this statement leaves it) with their NOTIFY — or, when the ticket changed since
 * it was read, nothing. @returns whether it was written.
 */
export async function updateTicketIfCurrent(
  db: Db,
  input: {
    id: string;
    version: number;
    changes: TicketColumnChanges;
    activities: readonly ActivityRow[];
    now: Date;
    /** The ticket as this statement leaves it, and its events (their payloads describe it). */
    changed: TicketRow;
    events: readonly NewTicketEvent[];
  },
): Promise<boolean> {
  const { id, version, changes, activities, now } = input;
  const eventsSql = ticketEventsSql(input.changed, input.events, Prisma.sql`cur`);
  const [outcome] = await selectRows<{ changed: number }>(
    db,
    Prisma.sql`WITH cur AS (
      SELECT id FROM tickets
      WHERE id = ${id}::uuid AND version = ${version}::int AND "deletedAt" IS NULL
      FOR UPDATE
    ), u AS (
      UPDATE tickets t SET ${changeSetSql(changes, now)} FROM cur WHERE t.id = cur.id
    )${
      activities.length
        ? Prisma.sql`, a AS (
      ${insertActivitiesSql(activities, now)}
      WHERE EXISTS (SELECT 1 FROM cur)
    )`
        : Prisma.empty
    }${
      eventsSql
        ? Prisma.sql`, e AS (${eventsSql}), notified AS (
      SELECT pg_notify(${OUTBOX_NOTIFY_CHANNEL}, '') FROM e LIMIT 1)`
        : Prisma.empty
    }
    SELECT (SELECT count(*) FROM cur)::int AS changed${
      eventsSql ? Prisma.sql`, (SELECT count(*) FROM notified)::int AS notified` : Prisma.empty
    }`,
    { prepared: true },
  );
  return outcome?.changed === 1;
}

/**
 * Claim: makes `agentId` the assignee of ticket `ticketId`, bumps the version, in ONE conditional
 * UPDATE that matches only an undeleted, unassigned ticket that is not CLOSED (a concurrent claim
 * waits for this row lock and then matches nothing). @returns the number of rows changed (0 or 1).
 */
export function claimTicketRow(
  tx: Prisma.TransactionClient,
  ticketId: string,
  agentId: string,
  now: Date,
): Promise<number> {
  return executeSql(
    tx,
    Prisma.sql`
    UPDATE tickets SET "assigneeId" = ${agentId}::uuid, version = version + 1, "updatedAt" = ${now}
    WHERE id = ${ticketId}::uuid AND "deletedAt" IS NULL AND "assigneeId" IS NULL AND status <> 'CLOSED'`,
  );
}

/**
 * Unclaim: clears the assignee of ticket `ticketId` when it is `agentId`, bumps the version, in ONE
 * conditional UPDATE (undeleted, not CLOSED). @returns the number of rows changed (0 or 1).
 */
export function unclaimTicketRow(
  tx: Prisma.TransactionClient,
  ticketId: string,
  agentId: string,
  now: Date,
): Promise<number> {
  return executeSql(
    tx,
    Prisma.sql`
    UPDATE tickets SET "assigneeId" = NULL, version = version + 1, "updatedAt" = ${now}
    WHERE id = ${ticketId}::uuid AND "deletedAt" IS NULL AND "assigneeId" = ${agentId}::uuid
      AND status <> 'CLOSED'`,
  );
}

/** Sets the status of ticket `id` (no version bump: for a change whose statement bumped it). */
export async function setTicketStatus(db: Db, id: string, status: TicketStatus): Promise<void> {
  await db.ticket.update({ where: { id }, data: { status } });
}

/** Sets `deletedAt` of ticket `id` (a date soft-deletes, null restores), bumps the version. */
export async function setTicketDeletedAt(
  db: Db,
  id: string,
  deletedAt: Date | null,
  now: Date,
): Promise<void> {
  await db.ticket.update({
    where: { id },
    data: { deletedAt, version: { increment: 1 }, updatedAt: now },
  });
}

/** A ticket's session columns (all null: no session). */
export interface TicketSessionColumns {
  sessionMode: SessionMode | null;
  sessionScheduledAt: Date | null;
  sessionDurationMinutes: number | null;
  sessionMeetingLink: string | null;
  /** The RFC 5545 RRULE of a recurring session; null for a one-off. */
  sessionRecurrence: string | null;
}

/** Stores the session of ticket `id`, bumps the version. */
export async function updateTicketSession(
  db: Db,
  id: string,
  session: TicketSessionColumns,
  now: Date,
): Promise<void> {
  await db.ticket.update({
    where: { id },
    data: { ...session, version: { increment: 1 }, updatedAt: now },
  });
}
