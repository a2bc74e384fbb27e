/**
 * The `rules`, `rule_runs` and `rule_markers` tables, and the rule chain's settings on the
 * outbox (docs/decisions/0005-repositories.md): each function takes the client or a transaction
 * client first; who may see or change a rule is rules.service.ts's rule.
 */
import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../lib/db.js';

/** A rule row. */
export type RuleRow = Prisma.RuleGetPayload<object>;
/** A rule run row. */
export type RuleRunRow = Prisma.RuleRunGetPayload<object>;

const ORDER = [{ position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] as const;

/** The organization's rules in the order they run. */
export function listRules(db: Db, organizationId: string): Promise<RuleRow[]> {
  return db.rule.findMany({ where: { organizationId }, orderBy: [...ORDER] });
}

/** The organization's active rules listening to one of `events`, in the order they run. */
export function listActiveRules(
  db: Db,
  organizationId: string,
  events: readonly string[],
): Promise<RuleRow[]> {
  return db.rule.findMany({
    where: { organizationId, active: true, event: { in: [...events] } },
    orderBy: [...ORDER],
  });
}

/** Every organization's active time-based rules. */
export function listScheduledRules(db: Db): Promise<RuleRow[]> {
  return db.rule.findMany({
    where: { active: true, event: 'schedule' },
    orderBy: [{ organizationId: 'asc' }, ...ORDER],
  });
}

/** Rule `id` of `organizationId`, or null. */
export function findRule(db: Db, organizationId: string, id: string): Promise<RuleRow | null> {
  return db.rule.findFirst({ where: { id, organizationId } });
}

/** The position after the organization's last rule (0 for the first). */
export async function nextRulePosition(db: Db, organizationId: string): Promise<number> {
  const last = await db.rule.aggregate({ where: { organizationId }, _max: { position: true } });
  return (last._max.position ?? -1) + 1;
}

/** Inserts a rule. */
export function insertRule(db: Db, data: Prisma.RuleUncheckedCreateInput): Promise<RuleRow> {
  return db.rule.create({ data });
}

/** Updates rule `id` (already checked to be the caller's organization's). */
export function updateRuleRow(
  db: Db,
  id: string,
  data: Prisma.RuleUncheckedUpdateInput,
): Promise<RuleRow> {
  return db.rule.update({ where: { id }, data });
}

/** Deletes rule `id` (its runs keep its name; its markers go with it). */
export async function deleteRuleRow(db: Db, id: string): Promise<void> {
  await db.rule.delete({ where: { id } });
}

/** Writes one rule run. */
export async function insertRuleRun(
  db: Db,
  data: Prisma.RuleRunUncheckedCreateInput,
): Promise<void> {
  await db.ruleRun.create({ data, select: { id: true } });
}

/** The rule runs of ticket `ticketId`, oldest first (at most `limit`). */
export function listRuleRuns(db: Db, ticketId: string, limit: number): Promise<RuleRunRow[]> {
  return db.ruleRun.findMany({
    where: { ticketId },
    orderBy: { sequence: 'asc' },
    take: limit,
  });
}

/** Whether the chain started by `chainRootId` already stopped at the depth limit. */
export async function chainStopped(db: Db, chainRootId: string): Promise<boolean> {
  const row = await db.ruleRun.findFirst({
    where: { chainRootId, outcome: 'depth_limit' },
    select: { id: true },
  });
  return row !== null;
}

/** An EVENT row of the outbox as rules read it. */
export interface ChangeEvent {
  id: string;
  topic: string;
  payload: Prisma.JsonValue;
  chainDepth: number;
  chainRootId: string | null;
}

/**
 * The events of `topics` about ticket `ticketId` written by the same transaction as event
 * `eventId` (the same change: a PATCH of status and priority writes two), in the order written,
 * with their rule chain (columns set from the writing transaction's settings, `setChain`: depth
 * 0 and no root for a change not made by a rule). [] when the event is gone (swept).
 */
export function findChangeEvents(
  db: Db,
  input: { eventId: string; ticketId: string; topics: readonly string[] },
): Promise<ChangeEvent[]> {
  return db.$queryRaw<ChangeEvent[]>`
    SELECT o.id, o.topic, o.payload, o."chainDepth", o."chainRootId"
    FROM outbox_messages o
    WHERE o."aggregateId" = ${input.ticketId}::uuid AND o.kind = 'EVENT'
      AND o.topic = ANY(${[...input.topics]}::text[])
      AND o."writeTx" = (SELECT e."writeTx" FROM outbox_messages e WHERE e.id = ${input.eventId}::uuid)
    ORDER BY o.sequence`;
}

/**
 * Marks what the transaction `tx` writes next as a rule's change at `depth` in the chain started
 * by `rootId`: the outbox's EVENT rows it writes take them (column defaults), so the rules that
 * hear those events know how deep the chain is.
 */
export async function setChain(
  tx: Prisma.TransactionClient,
  depth: number,
  rootId: string,
): Promise<void> {
  await tx.$queryRaw`SELECT set_config('docket.rule_depth', ${String(depth)}, true),
    set_config('docket.rule_chain', ${rootId}, true)`;
}

/**
 * Up to `limit` tickets of `organizationId` a time-based rule may fire for, oldest first after
 * `after` (keyset): not deleted, in one of `statuses`, whose `column` is at or before `before`
 * (the rule's hours in calendar time: business hours can only tighten the bound), without the
 * rule's marker for their current status. Uses the index (organizationId, status,
 * statusChangedAt) for statusChangedAt.
 */
export async function findScheduleCandidates(
  db: Db,
  input: {
    organizationId: string;
    ruleId: string;
    statuses: readonly string[];
    column: 'statusChangedAt' | 'createdAt' | 'updatedAt';
    before: Date;
    after: { at: Date; id: string } | null;
    limit: number;
  },
): Promise<{ id: string; at: Date }[]> {
  const column = Prisma.raw(`t."${input.column}"`);
  const after = input.after
    ? Prisma.sql`AND (${column}, t.id) > (${input.after.at}, ${input.after.id}::uuid)`
    : Prisma.empty;
  return db.$queryRaw<{ id: string; at: Date }[]>`
    SELECT t.id, ${column} AS at FROM tickets t
    WHERE t."organizationId" = ${input.organizationId}::uuid
      AND t.status::text = ANY(${[...input.statuses]}::text[])
      AND t."deletedAt" IS NULL
      AND ${column} <= ${input.before}
      ${after}
      AND NOT EXISTS (SELECT 1 FROM rule_markers m
        WHERE m."ruleId" = ${input.ruleId}::uuid AND m."ticketId" = t.id
          AND m."statusChangedAt" = t."statusChangedAt")
    ORDER BY ${column}, t.id
    LIMIT ${input.limit}`;
}

/** Takes ticket `id`'s row lock unless another transaction holds it. @returns whether taken. */
export async function tryLockTicket(tx: Prisma.TransactionClient, id: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM tickets WHERE id = ${id}::uuid FOR UPDATE SKIP LOCKED`;
  return rows.length > 0;
}

/**
 * Records that rule `ruleId` fired for ticket `ticketId` in its status since `statusChangedAt`.
 * @returns false when that marker already exists (the rule fired already: do nothing).
 */
export async function insertMarker(
  tx: Prisma.TransactionClient,
  input: { ruleId: string; ticketId: string; statusChangedAt: Date; at: Date },
): Promise<boolean> {
  const count = await tx.$executeRaw`
    INSERT INTO rule_markers ("ruleId", "ticketId", "statusChangedAt", "firedAt")
    VALUES (${input.ruleId}::uuid, ${input.ticketId}::uuid, ${input.statusChangedAt}, ${input.at})
    ON CONFLICT ("ruleId", "ticketId") DO UPDATE
      SET "statusChangedAt" = EXCLUDED."statusChangedAt", "firedAt" = EXCLUDED."firedAt"
      WHERE rule_markers."statusChangedAt" <> EXCLUDED."statusChangedAt"`;
  return count > 0;
}

/**
 * Deletes rule `ruleId`'s markers of tickets that left the status they were in when it fired
 * (or left `statuses`, or were deleted): the condition stopped holding. @returns how many.
 */
export function deleteStaleMarkers(db: Db, ruleId: string): Promise<number> {
  return db.$executeRaw`
    DELETE FROM rule_markers m USING tickets t
    WHERE m."ruleId" = ${ruleId}::uuid AND t.id = m."ticketId"
      AND (t."statusChangedAt" <> m."statusChangedAt" OR t."deletedAt" IS NOT NULL)`;
}
