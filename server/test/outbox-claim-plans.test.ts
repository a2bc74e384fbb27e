/**
 * The claims of the outbox and of webhook deliveries keep order per ticket with a NOT EXISTS on
 * an earlier pending row of the same ticket. That row must be looked for by ticket (an index on
 * the aggregate) whatever PostgreSQL's statistics say. A burst of writes starts from statistics
 * taken while nearly every row was SENT; with them, the planner used to probe the earlier row by
 * (kind, status, sequence), walking every pending row for each candidate — 43 ms per claim at
 * 2,000 pending events (bench/README.md "The outbox under a backlog, 2026-12-06"). These tests
 * make those statistics (ANALYZE over sent rows, then a backlog) and read each claim's plan.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolOf } from '../src/db/prisma.js';
import type { Prisma } from '../src/generated/prisma/client.js';
import {
  claimSubscriberRowsSql,
  lockDueOutboxEventsSql,
} from '../src/modules/events/outbox.repository.js';
import { claimDueDeliveriesSql } from '../src/modules/webhooks/webhook-deliveries.repository.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let pool: pg.Pool;

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

/** The plan of `sql` (EXPLAIN, not run). */
async function planOf(sql: Prisma.Sql): Promise<PlanNode> {
  const { rows } = await pool.query(`EXPLAIN (FORMAT JSON) ${sql.text}`, sql.values as unknown[]);
  return (rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0]!.Plan;
}

/** `node` and every node under it. */
function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

/**
 * The indexes through which the earlier pending row (alias `p`) is looked for: those of its scan
 * and of the bitmap index scans under it.
 */
async function indexesProbingEarlierRow(sql: Prisma.Sql): Promise<string[]> {
  const scans = nodesOf(await planOf(sql)).filter((node) => node.Alias === 'p');
  expect(scans).toHaveLength(1);
  return nodesOf(scans[0]!).flatMap((node) =>
    typeof node['Index Name'] === 'string' ? [node['Index Name']] : [],
  );
}

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  pool = poolOf(t.prisma) as pg.Pool;
  const { organization } = await createOrganizationWithUsers(t.prisma, {});
  const org = organization.id;
  const endpoint = await t.prisma.webhookEndpoint.create({
    data: {
      organizationId: org,
      url: 'https://hooks.example.com/docket',
      eventTypes: [],
      secret: 's'.repeat(32),
    },
  });
  // History: 3,000 sent events, subscriber rows and deliveries over 1,000 tickets, analysed.
  const sentTickets = Array.from({ length: 1000 }, () => randomUUID());
  const insertRows = async (status: string, tickets: string[], perTicket: number) => {
    await pool.query(
      `WITH e AS (
         INSERT INTO outbox_messages (id, "organizationId", kind, topic, "aggregateId", payload, status, "sentAt")
         SELECT gen_random_uuid(), $1, 'EVENT', 'ticket.updated', a, '{}'::json, $2::"OutboxStatus",
           CASE WHEN $2 = 'SENT' THEN now() END
         FROM unnest($3::uuid[]) AS a, generate_series(1, $4)
         RETURNING id, "aggregateId", sequence)
       , s AS (
         INSERT INTO outbox_messages (id, "organizationId", kind, topic, subscriber, "eventId", "aggregateId", payload, status, "sentAt")
         SELECT gen_random_uuid(), $1, 'SUBSCRIBER', 'ticket.updated', 'email', e.id, e."aggregateId", '{}'::json,
           $2::"OutboxStatus", CASE WHEN $2 = 'SENT' THEN now() END
         FROM e)
       INSERT INTO webhook_deliveries (id, "endpointId", "eventId", "eventType", "aggregateId", sequence, payload, status, "updatedAt")
       SELECT gen_random_uuid(), $5, e.id::text, 'ticket.updated', e."aggregateId", e.sequence, '{}'::json,
         CASE WHEN $2 = 'SENT' THEN 'SUCCEEDED' ELSE 'PENDING' END::"WebhookDeliveryStatus", now()
       FROM e`,
      [org, status, tickets, perTicket, endpoint.id],
    );
  };
  await insertRows('SENT', sentTickets, 3);
  await pool.query('ANALYZE outbox_messages; ANALYZE webhook_deliveries');
  // Then a burst: 600 events pending over 300 tickets, with their subscriber rows and deliveries.
  await insertRows(
    'PENDING',
    Array.from({ length: 300 }, () => randomUUID()),
    2,
  );
});
afterAll(async () => t?.close());

describe('claims under statistics taken before a burst', () => {
  const now = new Date(Date.now() + 1000);
  const lease = new Date(Date.now() + 60_000);

  it('the event dispatcher looks for an earlier pending event by ticket', async () => {
    expect(await indexesProbingEarlierRow(lockDueOutboxEventsSql(now, 50))).toEqual([
      'outbox_messages_aggregateId_sequence_idx',
    ]);
  });

  it('a subscriber claim looks for an earlier pending row by ticket', async () => {
    const sql = claimSubscriberRowsSql({
      subscribers: ['email', 'sla'],
      waits: ['email>sla'],
      now,
      lease,
      workerId: 'plan-test',
      limit: 50,
    });
    expect(await indexesProbingEarlierRow(sql)).toEqual([
      'outbox_messages_aggregateId_sequence_idx',
    ]);
  });

  it('a webhook delivery claim looks for an earlier pending delivery by endpoint and ticket', async () => {
    expect(
      await indexesProbingEarlierRow(claimDueDeliveriesSql({ now, lease, limit: 50 })),
    ).toEqual(['webhook_deliveries_endpointId_aggregateId_sequence_idx']);
  });
});
