/**
 * Routing in the benchmark (docs/product.md "Groups and routing"): the create scenario again with
 * every new ticket in a load-balanced group of 200 agents, beside the same scenario without
 * groups in the same run, what the `routing` outbox subscriber did meanwhile, and the cost of
 * routing one ticket — the drain of a group's queue holding one ticket (server/src/modules/
 * groups/routing.ts drainGroup), timed in a transaction of its own against the data set.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { createPrismaClient } from '../server/src/db/prisma.js';
import type { Prisma } from '../server/src/lib/db.js';
import {
  chooseMember,
  drainGroup,
  planDrain,
  createNewTicketRouter,
} from '../server/src/modules/groups/routing.js';
import { postgresCpuSeconds } from './load.js';

/** Members of the benchmark's group. */
export const BENCH_ROUTING_AGENTS = 200;
const GROUP_NAME = 'Bench routing';

/**
 * Installs a load-balanced group of 200 active agents in organization `organizationId`: its
 * agents, topped up with agents made for the phase. @returns the group's id and its members' ids.
 */
export async function installBenchRouting(
  db: pg.Client,
  organizationId: string,
): Promise<{ groupId: string; members: number; agentIds: string[] }> {
  await removeBenchRouting(db, organizationId);
  const agents = (
    await db.query<{ id: string }>(
      `SELECT id FROM users WHERE "organizationId" = $1 AND role = 'AGENT' AND "isActive"
       ORDER BY id LIMIT $2`,
      [organizationId, BENCH_ROUTING_AGENTS],
    )
  ).rows.map((r) => r.id);
  for (let i = agents.length; i < BENCH_ROUTING_AGENTS; i++) {
    const id = randomUUID();
    await db.query(
      `INSERT INTO users (id, "organizationId", email, name, role, "updatedAt")
       VALUES ($1, $2, $3, $4, 'AGENT', now())`,
      [id, organizationId, `bench-routing-${i}-${id.slice(0, 8)}@routing.test`, `Routing ${i}`],
    );
    agents.push(id);
  }
  const groupId = randomUUID();
  await db.query(
    `INSERT INTO groups (id, "organizationId", name, routing, "updatedAt")
     VALUES ($1, $2, $3, 'load_balanced', now())`,
    [groupId, organizationId, GROUP_NAME],
  );
  await db.query(`INSERT INTO group_members ("groupId", "userId") SELECT $1, unnest($2::uuid[])`, [
    groupId,
    agents,
  ]);
  return { groupId, members: agents.length, agentIds: agents };
}

/**
 * Removes the phase's group and the agents made for it. The tickets routed keep their assignee
 * (later runs see a little more load on those agents).
 */
export async function removeBenchRouting(db: pg.Client, organizationId: string): Promise<void> {
  await db.query(`DELETE FROM groups WHERE "organizationId" = $1 AND name = $2`, [
    organizationId,
    GROUP_NAME,
  ]);
  await db.query(
    `UPDATE tickets SET "assigneeId" = NULL
     WHERE "assigneeId" IN (SELECT id FROM users WHERE "organizationId" = $1 AND email LIKE 'bench-routing-%@routing.test')`,
    [organizationId],
  );
  await db.query(
    `DELETE FROM users WHERE "organizationId" = $1 AND email LIKE 'bench-routing-%@routing.test'`,
    [organizationId],
  );
}

/** What the `routing` subscriber did with the events of a measured load. */
export interface RoutingSubscriberCost {
  /** Its rows created since the load started, still waiting when the load stopped. */
  events: number;
  pendingAtEnd: number;
  /** Time from the end of the load until none was waiting (ms); null when not within 5 min. */
  catchUpMs: number | null;
  /** Tickets of the group assigned by routing since the load started, and those still queued. */
  routed: number;
  queued: number;
  /** The most open tickets any member held at the end, and the fewest (load balancing). */
  maxOpen: number;
  minOpen: number;
}

/** The `routing` subscriber's work since `since`, once it has caught up. */
export async function measureRoutingSubscriber(
  db: pg.Client,
  groupId: string,
  since: Date,
): Promise<RoutingSubscriberCost> {
  const pending = async () =>
    Number(
      (
        await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM outbox_messages
           WHERE kind = 'SUBSCRIBER' AND subscriber = 'routing' AND status = 'PENDING' AND "createdAt" >= $1`,
          [since],
        )
      ).rows[0]!.n,
    );
  const end = Date.now();
  const pendingAtEnd = await pending();
  let catchUpMs: number | null = null;
  while (Date.now() - end < 300_000) {
    if ((await pending()) === 0) {
      catchUpMs = Date.now() - end;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const events = Number(
    (
      await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM outbox_messages
         WHERE kind = 'SUBSCRIBER' AND subscriber = 'routing' AND "createdAt" >= $1`,
        [since],
      )
    ).rows[0]!.n,
  );
  const tickets = (
    await db.query<{ routed: string; queued: string }>(
      `SELECT count(*) FILTER (WHERE "assigneeId" IS NOT NULL) AS routed,
              count(*) FILTER (WHERE "assigneeId" IS NULL) AS queued
       FROM tickets WHERE "groupId" = $1 AND "createdAt" >= $2`,
      [groupId, since],
    )
  ).rows[0]!;
  const load = (
    await db.query<{ max: number; min: number }>(
      `SELECT max(u."openTicketCount") AS max, min(u."openTicketCount") AS min
       FROM group_members m JOIN users u ON u.id = m."userId" WHERE m."groupId" = $1`,
      [groupId],
    )
  ).rows[0]!;
  return {
    events,
    pendingAtEnd,
    catchUpMs,
    routed: Number(tickets.routed),
    queued: Number(tickets.queued),
    maxOpen: load.max,
    minOpen: load.min,
  };
}

/** Routing one ticket: its decision alone, and the decision with the assignment. */
export interface RoutingCost {
  samples: number;
  /**
   * The decision (the group, its queue, the member chosen — from the group's member rows in the
   * load-based modes, server/src/modules/groups/routing.ts chooseMember): PostgreSQL's CPU
   * time per ticket (ms; null when not measurable) and the wall time from BEGIN (ms).
   */
  decision: { databaseCpuMs: number | null; medianMs: number; p95Ms: number };
  /** The same with the assignment (the ticket's update, activity and events), as routing does it. */
  routed: { databaseCpuMs: number | null; medianMs: number; p95Ms: number };
  /**
   * The decision a create makes for its new ticket (createNewTicketRouter: the group and the member
   * chosen, no queue): what routing adds to a routed create before its insert.
   */
  atCreate: { databaseCpuMs: number | null; medianMs: number; p95Ms: number };
}

/** Thrown to roll a measured transaction back. */
class RollBack extends Error {}

/**
 * Times routing one ticket, `samples` times each way: an open unassigned ticket of the
 * organization is put alone in the group's queue (with SQL, so the running server hears nothing
 * of it); then, in transactions rolled back at the end (nothing reaches the server's subscribers
 * and the ticket waits again), `planDrain` and the choice alone (`chooseMember`), then
 * `drainGroup` — the decision and the assignment with its activity rows and events —, then
 * `createNewTicketRouter`'s, the decision a create makes for a new ticket of the group. Each way
 * is measured by PostgreSQL's CPU time over its loop (the database time) and by the wall time from BEGIN on a
 * pool of this process (round trips included). The ticket leaves the group afterwards.
 */
export async function measureRoutingCost(
  databaseUrl: string,
  db: pg.Client,
  organizationId: string,
  groupId: string,
  postmasterPid: number | null,
  samples = 200,
): Promise<RoutingCost> {
  const prisma = createPrismaClient(databaseUrl, { poolSize: 2 });
  const [ticket] = (
    await db.query<{ id: string }>(
      `SELECT id FROM tickets
       WHERE "organizationId" = $1 AND "assigneeId" IS NULL AND "groupId" IS NULL
         AND "deletedAt" IS NULL AND status IN ('NEW', 'OPEN')
       ORDER BY "createdAt" DESC LIMIT 1`,
      [organizationId],
    )
  ).rows;
  if (!ticket) throw new Error('no open unassigned ticket to route');
  const loop = async (work: (tx: Prisma.TransactionClient) => Promise<void>) => {
    const timings: number[] = [];
    const cpuBefore = postmasterPid === null ? null : postgresCpuSeconds(postmasterPid);
    for (let i = 0; i < samples; i++) {
      try {
        await prisma.$transaction(async (tx) => {
          const started = process.hrtime.bigint();
          await work(tx);
          timings.push(Number(process.hrtime.bigint() - started) / 1e6);
          throw new RollBack();
        });
      } catch (error) {
        if (!(error instanceof RollBack)) throw error;
      }
    }
    const cpuAfter = postmasterPid === null ? null : postgresCpuSeconds(postmasterPid);
    timings.sort((a, b) => a - b);
    const at = (q: number) =>
      Math.round(timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]! * 100) /
      100;
    return {
      databaseCpuMs:
        cpuBefore === null || cpuAfter === null
          ? null
          : Math.round(((cpuAfter - cpuBefore) * 1000 * 100) / samples) / 100,
      medianMs: at(0.5),
      p95Ms: at(0.95),
    };
  };
  await db.query(`UPDATE tickets SET "groupId" = $2 WHERE id = $1`, [ticket.id, groupId]);
  try {
    const decision = await loop(async (tx) => {
      const plan = await planDrain(tx, groupId);
      if (!plan || !(await chooseMember(tx, plan.group, plan.members, []))) {
        throw new Error('nothing to route');
      }
    });
    const routed = await loop(async (tx) => {
      const placed = await drainGroup(tx, groupId, new Date());
      if (placed !== 1) throw new Error(`routing placed ${placed} tickets, expected 1`);
    });
    const newTicket = {
      organizationId,
      groupId,
      categoryId: null,
      tags: [],
      priority: 'MEDIUM' as const,
    };
    const routeNewTicket = createNewTicketRouter();
    const atCreate = await loop(async (tx) => {
      const route = await routeNewTicket(tx, newTicket);
      if (!route) throw new Error('routing left the new ticket to the subscriber');
      route.route?.release?.();
    });
    return { samples, decision, routed, atCreate };
  } finally {
    await db.query(`UPDATE tickets SET "groupId" = NULL WHERE id = $1`, [ticket.id]);
    await prisma.$disconnect();
  }
}
