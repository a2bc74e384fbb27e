/**
 * The statistics' reads (docs/decisions/0005-repositories.md): aggregates over `tickets`,
 * `users` and `ticket_sla_targets` of one organization, computed in SQL. Each function takes the client (or a
 * transaction client) first and returns the statement unsent (a PrismaPromise), so that the
 * service runs the three in one REPEATABLE READ batch; what the numbers mean is
 * stats.service.ts's.
 */
import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../lib/db.js';
import type { TicketPriority, TicketStatus } from '../../lib/domain.js';
import type { SlaMetric } from '../sla/sla.schemas.js';
import type { SlaStatsPeriod } from './stats.schemas.js';

/**
 * The condition limiting `tickets <alias>` to the groups of staff restricted to groups
 * (Principal.groupIds; docs/product.md "Groups and routing"); nothing for everyone else.
 */
function groupScope(alias: string, groupIds: readonly string[] | null): Prisma.Sql {
  if (!groupIds) return Prisma.empty;
  return Prisma.sql`AND ${Prisma.raw(alias)}"groupId" = ANY(${[...groupIds]}::uuid[])`;
}

/** Tickets of a (status, priority): all of them, and those without assignee. */
export interface CountRow {
  status: TicketStatus;
  priority: TicketPriority;
  total: number;
  unassigned: number;
}

/** The cohort's figures: tickets created, first response and resolution times in seconds. */
export interface TimesRow {
  created: number;
  first_response_count: number;
  first_response_median: number | null;
  first_response_p90: number | null;
  resolution_count: number;
  resolution_median: number | null;
  resolution_p90: number | null;
}

/** A user and how many open tickets they are assigned. */
export interface WorkloadRow {
  id: string;
  name: string;
  open: number;
}

/** The organization's tickets (deleted ones left out) counted by status and priority. */
export function countTicketsByStatusAndPriority(
  db: Db,
  organizationId: string,
  groupIds: readonly string[] | null = null,
): Prisma.PrismaPromise<CountRow[]> {
  return db.$queryRaw<CountRow[]>`
          SELECT status::text AS status, priority::text AS priority,
                 count(*)::int AS total,
                 count(*) FILTER (WHERE "assigneeId" IS NULL)::int AS unassigned
          FROM tickets
          WHERE "organizationId" = ${organizationId}::uuid AND "deletedAt" IS NULL
            ${groupScope('', groupIds)}
          GROUP BY status, priority`;
}

/**
 * Over the organization's tickets created in [from, to) (deleted ones left out): how many, and
 * the count, median and p90 (percentile_cont, rounded to the millisecond) of first response
 * times (firstRespondedAt − createdAt) and resolution times ((resolvedAt, else closedAt) −
 * createdAt, RESOLVED and CLOSED tickets only). One row.
 */
export function ticketCohortTimes(
  db: Db,
  organizationId: string,
  from: Date,
  to: Date,
  groupIds: readonly string[] | null = null,
): Prisma.PrismaPromise<TimesRow[]> {
  return db.$queryRaw<TimesRow[]>`
          WITH cohort AS (
            SELECT
              CASE WHEN "firstRespondedAt" IS NOT NULL
                THEN GREATEST(0, EXTRACT(EPOCH FROM ("firstRespondedAt" - "createdAt")))::float8
              END AS first_response,
              CASE WHEN status IN ('RESOLVED', 'CLOSED') AND COALESCE("resolvedAt", "closedAt") IS NOT NULL
                THEN GREATEST(0, EXTRACT(EPOCH FROM (COALESCE("resolvedAt", "closedAt") - "createdAt")))::float8
              END AS resolution
            FROM tickets
            WHERE "organizationId" = ${organizationId}::uuid
              AND "deletedAt" IS NULL
              AND "createdAt" >= ${from.toISOString()}::timestamptz
              AND "createdAt" < ${to.toISOString()}::timestamptz
              ${groupScope('', groupIds)}
          )
          SELECT
            count(*)::int AS created,
            count(first_response)::int AS first_response_count,
            round((percentile_cont(0.5) WITHIN GROUP (ORDER BY first_response))::numeric, 3)::float8
              AS first_response_median,
            round((percentile_cont(0.9) WITHIN GROUP (ORDER BY first_response))::numeric, 3)::float8
              AS first_response_p90,
            count(resolution)::int AS resolution_count,
            round((percentile_cont(0.5) WITHIN GROUP (ORDER BY resolution))::numeric, 3)::float8
              AS resolution_median,
            round((percentile_cont(0.9) WITHIN GROUP (ORDER BY resolution))::numeric, 3)::float8
              AS resolution_p90
          FROM cohort`;
}

/**
 * Open tickets (every status but RESOLVED and CLOSED, deleted ones left out) per assignee: every
 * active agent and admin of the organization (0 included) and anyone else holding open tickets,
 * most loaded first, then by name and id.
 */
export function openTicketsPerAssignee(
  db: Db,
  organizationId: string,
  groupIds: readonly string[] | null = null,
): Prisma.PrismaPromise<WorkloadRow[]> {
  return db.$queryRaw<WorkloadRow[]>`
          SELECT u.id::text AS id, u.name, count(t.id)::int AS open
          FROM users u
          LEFT JOIN tickets t
            ON t."assigneeId" = u.id
           AND t."organizationId" = u."organizationId"
           AND t."deletedAt" IS NULL
           AND t.status NOT IN ('RESOLVED', 'CLOSED')
           ${groupScope('t.', groupIds)}
          WHERE u."organizationId" = ${organizationId}::uuid
            AND ((u."isActive" AND u.role IN ('AGENT', 'ADMIN')) OR t.id IS NOT NULL)
          GROUP BY u.id, u.name
          ORDER BY open DESC, u.name ASC, u.id ASC`;
}

/** The groupings of the SLA outcome counts (one GROUPING SETS query gives all four). */
export type SlaGrouping = 'metric' | 'priority' | 'agent' | 'period';

/**
 * Met and breached targets of a metric within one grouping: `priority` is set for the
 * `priority` grouping, `assignee_id`/`assignee_name` for `agent` (both null: unassigned),
 * `period_start` for `period`; the other keys are null.
 */
export interface SlaOutcomeRow {
  grouping: SlaGrouping;
  metric: SlaMetric;
  priority: TicketPriority | null;
  assignee_id: string | null;
  assignee_name: string | null;
  period_start: Date | null;
  met: number;
  breached: number;
}

/**
 * The organization's SLA targets with an outcome in [from, to), on tickets not deleted, counted
 * per metric and, in GROUPING SETS, per metric × the ticket's current priority, per metric × its
 * current assignee, and per metric × period (PostgreSQL `date_trunc(period, outcome, 'UTC')`:
 * UTC midnight of the day, ISO week's Monday or month's first day). A target is breached when
 * breachedAt is set (its outcome time), else met when fulfilledAt is set (its outcome time);
 * targets with neither (active, paused) are left out. Groups without targets are not returned.
 */
export function slaOutcomeCounts(
  db: Db,
  organizationId: string,
  from: Date,
  to: Date,
  period: SlaStatsPeriod,
  groupIds: readonly string[] | null = null,
): Prisma.PrismaPromise<SlaOutcomeRow[]> {
  const fromIso = from.toISOString();
  const toIso = to.toISOString();
  return db.$queryRaw<SlaOutcomeRow[]>`
          WITH outcomes AS (
            SELECT s.metric::text AS metric,
                   t.priority::text AS priority,
                   t."assigneeId" AS assignee_id,
                   u.name AS assignee_name,
                   s."breachedAt" IS NULL AS met,
                   date_trunc(${period}::text, COALESCE(s."breachedAt", s."fulfilledAt"), 'UTC')
                     AS period_start
            FROM ticket_sla_targets s
            JOIN tickets t ON t.id = s."ticketId" AND t."organizationId" = s."organizationId"
            LEFT JOIN users u ON u.id = t."assigneeId"
            WHERE s."organizationId" = ${organizationId}::uuid
              AND t."deletedAt" IS NULL
              ${groupScope('t.', groupIds)}
              AND (
                (s."breachedAt" >= ${fromIso}::timestamptz AND s."breachedAt" < ${toIso}::timestamptz)
                OR (s."breachedAt" IS NULL
                    AND s."fulfilledAt" >= ${fromIso}::timestamptz
                    AND s."fulfilledAt" < ${toIso}::timestamptz)
              )
          )
          SELECT CASE
                   WHEN GROUPING(priority) = 0 THEN 'priority'
                   WHEN GROUPING(assignee_id) = 0 THEN 'agent'
                   WHEN GROUPING(period_start) = 0 THEN 'period'
                   ELSE 'metric'
                 END AS grouping,
                 metric, priority, assignee_id::text AS assignee_id, assignee_name, period_start,
                 count(*) FILTER (WHERE met)::int AS met,
                 count(*) FILTER (WHERE NOT met)::int AS breached
          FROM outcomes
          GROUP BY GROUPING SETS (
            (metric),
            (metric, priority),
            (metric, assignee_id, assignee_name),
            (metric, period_start)
          )`;
}

/** Ratings of one group (satisfactionCounts). */
export interface SatisfactionCountRow {
  key: string | null;
  name: string | null;
  rated: number;
  positive: number;
  average: number | null;
}

/**
 * The organization's satisfaction ratings first given in [from, to), on tickets not deleted,
 * counted by `groupBy`: the agent, group or category copied onto the rating (with its name),
 * `period` (`date_trunc(period, createdAt, 'UTC')`), or `total` (one row). Positive: score ≥ 4
 * (a good rating is 5); average: mean score of the five_point ratings.
 */
export function satisfactionCounts(
  db: Db,
  organizationId: string,
  from: Date,
  to: Date,
  groupBy: 'agent' | 'group' | 'category' | 'period' | 'total',
  period: SlaStatsPeriod,
  groupIds: readonly string[] | null = null,
): Prisma.PrismaPromise<SatisfactionCountRow[]> {
  const key = {
    agent: Prisma.sql`r."agentId"::text`,
    group: Prisma.sql`r."groupId"::text`,
    category: Prisma.sql`r."categoryId"::text`,
    period: Prisma.sql`to_char(date_trunc(${period}::text, r."createdAt", 'UTC') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    total: Prisma.sql`NULL::text`,
  }[groupBy];
  const name = {
    agent: Prisma.sql`(SELECT u.name FROM users u WHERE u.id = r."agentId")`,
    group: Prisma.sql`(SELECT g.name FROM groups g WHERE g.id = r."groupId")`,
    category: Prisma.sql`(SELECT c.name FROM categories c WHERE c.id = r."categoryId")`,
    period: Prisma.sql`NULL::text`,
    total: Prisma.sql`NULL::text`,
  }[groupBy];
  return db.$queryRaw<SatisfactionCountRow[]>`
          SELECT key, min(name) AS name, count(*)::int AS rated,
                 count(*) FILTER (WHERE score >= 4)::int AS positive,
                 round(avg(score) FILTER (WHERE scale = 'five_point'), 2)::float8 AS average
          FROM (
            SELECT ${key} AS key, ${name} AS name, r.score, r.scale::text AS scale
            FROM satisfaction_ratings r
            JOIN tickets t ON t.id = r."ticketId" AND t."organizationId" = r."organizationId"
            WHERE r."organizationId" = ${organizationId}::uuid
              AND t."deletedAt" IS NULL
              ${groupScope('t.', groupIds)}
              AND r."createdAt" >= ${from.toISOString()}::timestamptz
              AND r."createdAt" < ${to.toISOString()}::timestamptz
          ) rated
          GROUP BY key`;
}

/** A rating with a comment (satisfactionComments). */
export interface SatisfactionCommentRow {
  ticketId: string;
  number: number;
  scale: 'good_bad' | 'five_point';
  score: number;
  comment: string;
  reason: string | null;
  createdAt: Date;
}

/** The latest `take` ratings with a comment first given in [from, to), as satisfactionCounts. */
export function satisfactionComments(
  db: Db,
  organizationId: string,
  from: Date,
  to: Date,
  take: number,
  groupIds: readonly string[] | null = null,
): Prisma.PrismaPromise<SatisfactionCommentRow[]> {
  return db.$queryRaw<SatisfactionCommentRow[]>`
          SELECT r."ticketId"::text AS "ticketId", t.number, r.scale::text AS scale, r.score,
                 r.comment, r.reason, r."createdAt"
          FROM satisfaction_ratings r
          JOIN tickets t ON t.id = r."ticketId" AND t."organizationId" = r."organizationId"
          WHERE r."organizationId" = ${organizationId}::uuid
            AND t."deletedAt" IS NULL
            ${groupScope('t.', groupIds)}
            AND r.comment IS NOT NULL
            AND r."createdAt" >= ${from.toISOString()}::timestamptz
            AND r."createdAt" < ${to.toISOString()}::timestamptz
          ORDER BY r."createdAt" DESC, r.id
          LIMIT ${take}`;
}

/** Session occurrences of one outcome (`not_recorded`: none recorded, not cancelled). */
export interface SessionOutcomeRow {
  outcome: 'held' | 'no_show' | 'cancelled' | 'not_recorded';
  total: number;
}

/**
 * The organization's session occurrences that started in [from, until) (tickets not deleted),
 * counted by outcome: the recorded one, else `cancelled` when cancelled on its own, else
 * `not_recorded`.
 */
export function sessionOutcomeCounts(
  db: Db,
  organizationId: string,
  from: Date,
  until: Date,
  groupIds: readonly string[] | null = null,
): Prisma.PrismaPromise<SessionOutcomeRow[]> {
  return db.$queryRaw<SessionOutcomeRow[]>`
          SELECT COALESCE(o.outcome::text,
                          CASE WHEN o."cancelledAt" IS NOT NULL THEN 'cancelled' ELSE 'not_recorded' END)
                   AS outcome,
                 count(*)::int AS total
          FROM session_occurrences o
          JOIN tickets t ON t.id = o."ticketId"
          WHERE o."organizationId" = ${organizationId}::uuid
            AND t."deletedAt" IS NULL
            AND o."scheduledAt" >= ${from} AND o."scheduledAt" < ${until}
            ${groupScope('t.', groupIds)}
          GROUP BY 1`;
}
