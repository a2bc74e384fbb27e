/**
 * The SLA tables (docs/decisions/0005-repositories.md): `business_hours`, `sla_policies`,
 * `ticket_sla_targets` and the SLA summary columns of `tickets`. Each function takes the client
 * or a transaction client first; the rules are sla-clock.ts's and sla.service.ts's.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { executeSql, selectFirstRow, selectRows } from '../../db/select-rows.js';
import type { Db } from '../../lib/db.js';
import type { TicketChannel, TicketPriority, TicketStatus } from '../../lib/domain.js';
import { notifyLiveSql, type LiveNotice } from '../live/index.js';
import type { SlaTargetClock, TicketSlaColumns } from './sla-clock.js';
import { newRowId } from '../../lib/row-id.js';

const businessHoursSelect = {
  id: true,
  name: true,
  timeZone: true,
  intervals: true,
  holidays: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.BusinessHoursSelect;
/** A business hours row as stored (intervals and holidays as JSON). */
export type BusinessHoursRow = Prisma.BusinessHoursGetPayload<{
  select: typeof businessHoursSelect;
}>;

const policySelect = {
  id: true,
  name: true,
  position: true,
  active: true,
  conditions: true,
  businessHoursId: true,
  firstResponseMinutes: true,
  nextResponseMinutes: true,
  resolutionMinutes: true,
  pauseStatuses: true,
  warnAtPercent: true,
  holdNotificationsUntilOpen: true,
  escalation: true,
  createdAt: true,
  updatedAt: true,
  businessHours: {
    select: { id: true, name: true, timeZone: true, intervals: true, holidays: true },
  },
} satisfies Prisma.SlaPolicySelect;
/** An SLA policy row with its schedule. */
export type SlaPolicyRow = Prisma.SlaPolicyGetPayload<{ select: typeof policySelect }>;

/** The organization's business hours by name. */
export function listBusinessHours(db: Db, organizationId: string): Promise<BusinessHoursRow[]> {
  return db.businessHours.findMany({
    where: { organizationId },
    select: businessHoursSelect,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
}

/** Business hours `id` of `organizationId`, or null. */
export function findBusinessHours(
  db: Db,
  organizationId: string,
  id: string,
): Promise<BusinessHoursRow | null> {
  return db.businessHours.findFirst({ where: { id, organizationId }, select: businessHoursSelect });
}

/** Inserts business hours. @throws Prisma's unique violation when the name is taken. */
export function insertBusinessHours(
  db: Db,
  data: Prisma.BusinessHoursUncheckedCreateInput,
): Promise<BusinessHoursRow> {
  return db.businessHours.create({ data, select: businessHoursSelect });
}

/** Updates business hours `id` (the caller checked its organization). */
export function updateBusinessHoursRow(
  db: Db,
  id: string,
  data: Prisma.BusinessHoursUncheckedUpdateInput,
): Promise<BusinessHoursRow> {
  return db.businessHours.update({ where: { id }, data, select: businessHoursSelect });
}

/** Deletes business hours `id` of `organizationId`. @returns rows deleted. */
export async function deleteBusinessHoursRow(
  db: Db,
  organizationId: string,
  id: string,
): Promise<number> {
  return (await db.businessHours.deleteMany({ where: { id, organizationId } })).count;
}

/** How many policies count in business hours `id`. */
export function countPoliciesUsing(db: Db, businessHoursId: string): Promise<number> {
  return db.slaPolicy.count({ where: { businessHoursId } });
}

/**
 * The organization's SLA policies in order (position, then creation), each with its schedule —
 * in ONE raw statement: every ticket event's clocks read them (lockTicketClocks), and the ORM's
 * nested select took two statements and its query pipeline (bench/README.md "What the outbox's
 * work costs").
 */
export async function listSlaPolicies(db: Db, organizationId: string): Promise<SlaPolicyRow[]> {
  type Row = Omit<SlaPolicyRow, 'businessHours'> & ScheduleColumns;
  // Prepared (db/prisma.ts), as every statement of a ticket event's clocks (the `sla` subscriber,
  // the timer worker): planned once per connection.
  const rows = await selectRows<Row>(
    db,
    Prisma.sql`SELECT p.id, p.name, p.position, p.active, p.conditions, p."businessHoursId",
      p."firstResponseMinutes", p."nextResponseMinutes", p."resolutionMinutes",
      p."pauseStatuses"::text[] AS "pauseStatuses", p."warnAtPercent",
      p."holdNotificationsUntilOpen", p.escalation, p."createdAt", p."updatedAt",
      b.name AS "scheduleName", b."timeZone" AS "scheduleTimeZone",
      b.intervals AS "scheduleIntervals", b.holidays AS "scheduleHolidays"
    FROM sla_policies p LEFT JOIN business_hours b ON b.id = p."businessHoursId"
    WHERE p."organizationId" = ${organizationId}::uuid
    ORDER BY p.position, p."createdAt", p.id`,
    { prepared: true },
  );
  return rows.map(
    ({ scheduleName, scheduleTimeZone, scheduleIntervals, scheduleHolidays, ...policy }) => ({
      ...policy,
      businessHours:
        policy.businessHoursId !== null && scheduleName !== null
          ? {
              id: policy.businessHoursId,
              name: scheduleName,
              timeZone: scheduleTimeZone!,
              intervals: scheduleIntervals!,
              holidays: scheduleHolidays!,
            }
          : null,
    }),
  );
}

/** A policy's schedule as listSlaPolicies selects it (null columns: none). */
interface ScheduleColumns {
  scheduleName: string | null;
  scheduleTimeZone: string | null;
  scheduleIntervals: Prisma.JsonValue | null;
  scheduleHolidays: Prisma.JsonValue | null;
}

/** Policy `id` of `organizationId`, or null. */
export function findSlaPolicyRow(
  db: Db,
  organizationId: string,
  id: string,
): Promise<SlaPolicyRow | null> {
  return db.slaPolicy.findFirst({ where: { id, organizationId }, select: policySelect });
}

/** The policies counting in business hours `businessHoursId`. */
export function listPoliciesUsing(db: Db, businessHoursId: string): Promise<SlaPolicyRow[]> {
  return db.slaPolicy.findMany({ where: { businessHoursId }, select: policySelect });
}

/** Inserts a policy. */
export function insertSlaPolicy(
  db: Db,
  data: Prisma.SlaPolicyUncheckedCreateInput,
): Promise<SlaPolicyRow> {
  return db.slaPolicy.create({ data, select: policySelect });
}

/** Updates policy `id` (the caller checked its organization). */
export function updateSlaPolicyRow(
  db: Db,
  id: string,
  data: Prisma.SlaPolicyUncheckedUpdateInput,
): Promise<SlaPolicyRow> {
  return db.slaPolicy.update({ where: { id }, data, select: policySelect });
}

/** Deletes policy `id` of `organizationId` (targets keep their rows, policy unset). @returns rows deleted. */
export async function deleteSlaPolicyRow(
  db: Db,
  organizationId: string,
  id: string,
): Promise<number> {
  return (await db.slaPolicy.deleteMany({ where: { id, organizationId } })).count;
}

/** What the SLA clocks need of a ticket. */
export interface SlaTicketRow {
  id: string;
  organizationId: string;
  status: TicketStatus;
  priority: TicketPriority;
  categoryId: string | null;
  channel: TicketChannel;
  tags: string[];
  firstRespondedAt: Date | null;
  slaPolicyId: string | null;
  deletedAt: Date | null;
}

/**
 * Ticket `id` with its row lock (`FOR UPDATE`; with `skipLocked`, null at once when another
 * transaction holds it), or null when it is not there. Every writer of a ticket's targets takes
 * this lock first: the lock order is the ticket, then its targets.
 */
export async function lockSlaTicket(
  tx: Prisma.TransactionClient,
  id: string,
  skipLocked = false,
): Promise<SlaTicketRow | null> {
  const lock = Prisma.raw(skipLocked ? 'FOR UPDATE SKIP LOCKED' : 'FOR UPDATE');
  return selectFirstRow<SlaTicketRow>(
    tx,
    Prisma.sql`SELECT id, "organizationId", status, priority, "categoryId", channel, tags,
       "firstRespondedAt", "slaPolicyId", "deletedAt"
     FROM tickets WHERE id = ${id}::uuid ${lock}`,
    [id],
  );
}

/**
 * Every target of ticket `ticketId`, in metric then cycle order (the metric's enum order), in one
 * prepared raw statement.
 */
export function loadSlaTargets(db: Db, ticketId: string): Promise<SlaTargetClock[]> {
  return selectRows<SlaTargetClock>(
    db,
    Prisma.sql`SELECT s.id, s.metric::text AS metric, s.cycle, s."policyId", s.state::text AS state,
      s."targetSeconds", s."usedSeconds", s."runningSince", s."dueAt", s."warnAt", s."armedAt",
      s."warnedAt", s."breachedAt", s."fulfilledAt", s.history
    FROM ticket_sla_targets s WHERE s."ticketId" = ${ticketId}::uuid
    ORDER BY s.metric, s.cycle`,
    { prepared: true },
  );
}

/**
 * Saves the targets of ticket `ticketId` that `applySlaEvent` marked (inserted, changed, removed)
 * and the ticket's summary columns `columns` when they differ from its row's (an equal update
 * would still write a row version into every index of `tickets`) — without touching its version
 * or `updatedAt`:
 * the clocks are Docket's bookkeeping, not a change of the ticket — and queues the live
 * `notice` when given (sent at the commit). ONE prepared statement whatever the targets: every
 * ticket event that moves a clock saves them (bench/README.md "What the outbox's work costs":
 * an ORM call per target, the summary's update and the notice had been a round trip each).
 */
export async function saveSlaTargets(
  tx: Prisma.TransactionClient,
  ticket: { id: string; organizationId: string },
  targets: readonly SlaTargetClock[],
  columns: TicketSlaColumns,
  now: Date,
  notice: LiveNotice | null = null,
): Promise<void> {
  const removed = targets.filter((t) => t.removed && t.id).map((t) => t.id!);
  const inserted = targets.filter((t) => !t.removed && !t.id);
  const updated = targets.filter((t) => !t.removed && t.id && t.changed);
  for (const target of inserted) target.id = newRowId();
  // One statement whatever the targets (each data-modifying part touches its own rows: a target
  // armed here never shares its metric and cycle with one removed, sla-clock.ts `arm`).
  await executeSql(
    tx,
    Prisma.sql`WITH inserted AS (
      INSERT INTO ticket_sla_targets (id, "organizationId", "ticketId", metric, cycle, "policyId",
        state, "targetSeconds", "usedSeconds", "runningSince", "dueAt", "warnAt", "armedAt",
        "warnedAt", "breachedAt", "fulfilledAt", history, "createdAt", "updatedAt")
      SELECT c.id, ${ticket.organizationId}::uuid, ${ticket.id}::uuid, c.metric::"SlaMetric",
        c.cycle, c.policy, c.state::"SlaTargetState", c.target, c.used, c.running, c.due, c.warn,
        c.armed, c.warned, c.breached, c.fulfilled, c.history, ${now}::timestamptz,
        ${now}::timestamptz
      FROM ${targetColumns(inserted)}
    ), updated AS (
      UPDATE ticket_sla_targets s SET metric = c.metric::"SlaMetric", cycle = c.cycle,
        "policyId" = c.policy, state = c.state::"SlaTargetState", "targetSeconds" = c.target,
        "usedSeconds" = c.used, "runningSince" = c.running, "dueAt" = c.due, "warnAt" = c.warn,
        "armedAt" = c.armed, "warnedAt" = c.warned, "breachedAt" = c.breached,
        "fulfilledAt" = c.fulfilled, history = c.history, "updatedAt" = ${now}::timestamptz
      FROM ${targetColumns(updated)}
      WHERE s.id = c.id AND s."ticketId" = ${ticket.id}::uuid
    ), removed AS (
      DELETE FROM ticket_sla_targets
      WHERE id = ANY(${removed}::uuid[]) AND "ticketId" = ${ticket.id}::uuid
    ), summary AS (
      UPDATE tickets SET "slaPolicyId" = ${columns.slaPolicyId}::uuid,
      "slaDueAt" = ${columns.slaDueAt}::timestamptz, "slaMetric" = ${columns.slaMetric}::"SlaMetric",
      "slaWarnAt" = ${columns.slaWarnAt}::timestamptz,
      "firstResponseDueAt" = ${columns.firstResponseDueAt}::timestamptz,
      "resolutionDueAt" = ${columns.resolutionDueAt}::timestamptz
      WHERE id = ${ticket.id}::uuid
        -- Unchanged columns write nothing: a row version of a ticket enters all its indexes.
        AND ("slaPolicyId", "slaDueAt", "slaMetric", "slaWarnAt", "firstResponseDueAt",
          "resolutionDueAt") IS DISTINCT FROM (${columns.slaPolicyId}::uuid,
          ${columns.slaDueAt}::timestamptz, ${columns.slaMetric}::"SlaMetric",
          ${columns.slaWarnAt}::timestamptz, ${columns.firstResponseDueAt}::timestamptz,
          ${columns.resolutionDueAt}::timestamptz)
    )
    SELECT ${notifyLiveSql(Prisma.sql`n.notice`)}
    FROM (SELECT ${notice && JSON.stringify(notice)}::text AS notice) n WHERE n.notice IS NOT NULL`,
    { prepared: true },
  );
  for (const target of targets) target.changed = false;
}

/**
 * SET items (each opened by a comma) for the UPDATE of ticket `t` in a public staff reply's own
 * statement (responses.repository.ts insertResponseIfCurrent): the SLA summary columns the `sla`
 * subscriber will give the ticket for that reply, computed from its targets as they stand.
 * sla-clock.ts rules: a staff reply fulfils every open response target (applySlaEvent
 * `staff_reply`); the summary (ticketSlaColumns) is then the nearest running open target — only
 * resolution targets are left open — and the due time of the last first-response target. A
 * ticket without an open response target keeps its columns (the subscriber writes nothing then).
 *
 * What it buys: the subscriber saves the same columns afterwards, and saveSlaTargets writes the
 * ticket only when they differ — so a first or next response no longer makes a second row
 * version of the ticket (each enters all the indexes of `tickets`; bench/README.md "Replies: the
 * SLA summary in the reply's row version"). The subscriber stays the authority: when this
 * guess is stale (its targets changed meanwhile, or the reply also changes the status), the
 * subscriber's columns differ and it writes them.
 */
export function staffReplySlaColumnsSql(): Prisma.Sql {
  // One scan of the ticket's few targets, aggregated (an EXISTS in a FROM subquery was inlined
  // into each CASE, and the ticket's targets read once per column).
  return Prisma.sql`, ("slaDueAt", "slaMetric", "slaWarnAt", "firstResponseDueAt") = (
      SELECT CASE WHEN x.open THEN x.due ELSE t."slaDueAt" END,
        CASE WHEN x.open THEN x.metric ELSE t."slaMetric" END,
        CASE WHEN x.open THEN x.warn ELSE t."slaWarnAt" END,
        CASE WHEN x.open THEN x.first ELSE t."firstResponseDueAt" END
      FROM (SELECT
          coalesce(bool_or(s.metric <> 'resolution' AND s."fulfilledAt" IS NULL), false) AS open,
          (array_agg(s."dueAt" ORDER BY s."dueAt", s.cycle) FILTER (WHERE r.running))[1] AS due,
          (array_agg(s.metric ORDER BY s."dueAt", s.cycle) FILTER (WHERE r.running))[1] AS metric,
          (array_agg(coalesce(s."warnAt", s."dueAt") ORDER BY s."dueAt", s.cycle)
            FILTER (WHERE r.running))[1] AS warn,
          (array_agg(s."dueAt" ORDER BY s.cycle DESC)
            FILTER (WHERE s.metric = 'first_response'))[1] AS first
        FROM ticket_sla_targets s,
          LATERAL (SELECT s.metric = 'resolution' AND s."fulfilledAt" IS NULL
            AND s."runningSince" IS NOT NULL AND s."dueAt" IS NOT NULL AS running) r
        WHERE s."ticketId" = t.id) x)`;
}

/** `targets` as a FROM item `c` of one row each (saveSlaTargets), every column an array. */
function targetColumns(targets: readonly SlaTargetClock[]): Prisma.Sql {
  const column = <K extends keyof SlaTargetClock>(key: K) => targets.map((t) => t[key] ?? null);
  return Prisma.sql`unnest(${column('id')}::uuid[], ${column('metric')}::text[],
      ${column('cycle')}::int[], ${column('policyId')}::uuid[], ${column('state')}::text[],
      ${column('targetSeconds')}::int[], ${column('usedSeconds')}::int[],
      ${column('runningSince')}::timestamptz[], ${column('dueAt')}::timestamptz[],
      ${column('warnAt')}::timestamptz[], ${column('armedAt')}::timestamptz[],
      ${column('warnedAt')}::timestamptz[], ${column('breachedAt')}::timestamptz[],
      ${column('fulfilledAt')}::timestamptz[],
      ${targets.map((t) => JSON.stringify(t.history))}::jsonb[])
    AS c(id, metric, cycle, policy, state, target, used, running, due, warn, armed, warned,
      breached, fulfilled, history)`;
}

/**
 * Tickets with an active target due for the timer worker at `now`: a warning not yet given
 * (`warnAt` passed, `warnedAt` unset) or a breach (`dueAt` passed), soonest first, at most
 * `limit`; deleted tickets left out. Unlocked: the worker locks each ticket, then checks again.
 */
export async function findTicketsWithDueTimers(
  db: Db,
  now: Date,
  limit: number,
): Promise<string[]> {
  const rows = await db.$queryRaw<{ ticketId: string }[]>`
    SELECT DISTINCT d."ticketId" FROM (
      (SELECT s."ticketId", s."dueAt" AS at FROM ticket_sla_targets s
        WHERE s.state = 'active' AND s."dueAt" <= ${now} ORDER BY s."dueAt" LIMIT ${limit})
      UNION ALL
      (SELECT s."ticketId", s."warnAt" AS at FROM ticket_sla_targets s
        WHERE s.state = 'active' AND s."warnAt" <= ${now} AND s."warnedAt" IS NULL
        ORDER BY s."warnAt" LIMIT ${limit})
    ) d JOIN tickets t ON t.id = d."ticketId" AND t."deletedAt" IS NULL
    LIMIT ${limit}`;
  return rows.map((row) => row.ticketId);
}

/**
 * The ids of the tickets with an open target (not fulfilled) under one of `policyIds`: those
 * whose clocks an edit of the policies or of their schedule moves.
 */
export async function findTicketsWithOpenTargets(
  db: Db,
  policyIds: readonly string[],
): Promise<string[]> {
  if (!policyIds.length) return [];
  const rows = await db.$queryRaw<{ ticketId: string }[]>`
    SELECT DISTINCT "ticketId" FROM ticket_sla_targets
    WHERE "policyId" = ANY(${policyIds}::uuid[]) AND "fulfilledAt" IS NULL`;
  return rows.map((row) => row.ticketId);
}

/** Which of `ids` are categories of `organizationId`. */
export async function findCategoryIds(
  db: Db,
  organizationId: string,
  ids: readonly string[],
): Promise<string[]> {
  const rows = await db.category.findMany({
    where: { organizationId, id: { in: [...ids] } },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** What replaying a ticket's SLA history needs of it (sla-replay.ts). */
export interface ReplayTicketRow extends SlaTicketRow {
  createdAt: Date;
}

/** The organization's tickets that are not deleted, oldest first. */
export function listReplayTickets(db: Db, organizationId: string): Promise<ReplayTicketRow[]> {
  return db.$queryRaw<ReplayTicketRow[]>`
    SELECT id, "organizationId", status, priority, "categoryId", channel, tags, "firstRespondedAt",
      "slaPolicyId", "deletedAt", "createdAt"
    FROM tickets WHERE "organizationId" = ${organizationId}::uuid AND "deletedAt" IS NULL
    ORDER BY "createdAt", id`;
}

/** One moment of a ticket's history that moves its clocks (sla-replay.ts). */
export interface ReplayMoment {
  ticketId: string;
  at: Date;
  /** A response's author type, or 'STATUS' for a status change. */
  kind: 'AGENT' | 'CUSTOMER' | 'EMAIL' | 'SYSTEM' | 'STATUS';
  from: string | null;
  to: string | null;
}

/**
 * The public responses and status changes of the organization's tickets, in time order: what
 * the `sla` subscriber would have heard of them.
 */
export function listReplayMoments(db: Db, organizationId: string): Promise<ReplayMoment[]> {
  return db.$queryRaw<ReplayMoment[]>`
    SELECT "ticketId", "createdAt" AS at, "authorType"::text AS kind, NULL AS "from", NULL AS "to"
      FROM ticket_responses
      WHERE "organizationId" = ${organizationId}::uuid AND NOT "isInternal"
    UNION ALL
    SELECT "ticketId", "createdAt" AS at, 'STATUS' AS kind,
        before->>'status' AS "from", after->>'status' AS "to"
      FROM ticket_activities
      WHERE "organizationId" = ${organizationId}::uuid AND type = 'STATUS_CHANGED'
    ORDER BY at`;
}

/** Deletes every target of ticket `ticketId` (a replay writes them again). */
export async function deleteSlaTargets(tx: Prisma.TransactionClient, ticketId: string) {
  await tx.ticketSlaTarget.deleteMany({ where: { ticketId } });
}

/** A ticket's clocks as their writers load them (lockTicketClocks). */
export interface TicketClocks {
  ticket: SlaTicketRow;
  targets: SlaTargetClock[];
  /** The organization's policies, in order. */
  policies: SlaPolicyRow[];
  /** The one the ticket is under, if it still exists. */
  policy: SlaPolicyRow | null;
}

/**
 * Ticket `id` under its row lock (lockSlaTicket, with `skipLocked` as there), with its targets
 * and its organization's policies: what the `sla` subscriber and the timer worker start from.
 * @returns null when the ticket is gone, deleted, or (skipLocked) locked elsewhere.
 */
export async function lockTicketClocks(
  tx: Prisma.TransactionClient,
  id: string,
  skipLocked = false,
): Promise<TicketClocks | null> {
  const ticket = await lockSlaTicket(tx, id, skipLocked);
  if (!ticket || ticket.deletedAt) return null;
  const policies = await listSlaPolicies(tx, ticket.organizationId);
  const targets = await loadSlaTargets(tx, id);
  const policy = policies.find((row) => row.id === ticket.slaPolicyId) ?? null;
  return { ticket, targets, policies, policy };
}
