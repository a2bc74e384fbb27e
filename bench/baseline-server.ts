/**
 * The bare baseline of the benchmark (issue "Benchmark at a million tickets"): a minimal Fastify
 * server with a `pg` pool that runs, for each scenario, the SQL Docket needs for the same answer —
 * without authentication, validation, the ORM, activity-free shortcuts or anything else. It is
 * the floor Docket is measured against: the ratio Docket/baseline is the figure that matters.
 *
 * Always one organization (BASELINE_ORGANIZATION_ID), like the agent Docket serves in the bench.
 * Routes (JSON in and out):
 * - `GET /tickets/:number` → the ticket's row, by Docket's statement for `GET /api/tickets/:id`
 *   (server ticket-list.repository.ts ticketForReadingSql).
 * - `GET /tickets?<the query of GET /api/tickets>&offset=` → `{data: [row]}`: Docket's two
 *   statements for a page (ticketPageSql, then ticketPageRowsSql), a search's first one under
 *   the same statement timeout in a transaction of its own; deep pages by OFFSET on the first
 *   statement instead of a cursor (which is what the bare way does). The query string is read by
 *   Docket's schema once per distinct string (no validation cost per request).
 * - `POST /tickets` `{subject, description, priority, requesterName, requesterEmail}` → 201 ticket:
 *   the next number from the organization's counter, the ticket (its first-response and
 *   resolution due times from the first active SLA policy, by position, whose priorities include
 *   the ticket's) and its CREATED activity row in one transaction.
 * - `POST /tickets/:id/responses` `{content}` → 201 response: ticket row lock, the response, its
 *   activity row and the ticket's version and updatedAt with the reply's words added to its search
 *   vectors and its SLA summary as the reply leaves it (Docket's replySearchVectorsSql and
 *   staffReplySlaColumnsSql), in one transaction.
 * - `PATCH /tickets/:id` `{status}` → 200 ticket: ticket row lock, the status, version and
 *   updatedAt, the STATUS_CHANGED activity row and the ticket read back (Docket's row columns,
 *   TICKET_ROW_SELECT), in one transaction.
 * - `GET /views/counts` → `{data: [{i, n}]}`: Docket's statements for `GET /api/saved-views/counts`:
 *   the views the agent sees (saved-views.repository.ts visibleViewsSql), then the five built-in
 *   views' and theirs ticket counts, each stopping at 1001 rows (countTicketsCappedSql), under the
 *   same statement timeout.
 *
 * The reads send the statements Docket sends, text and values, built by the server's own
 * functions (DECISIONS.md: the baseline keeps running the same SQL as Docket as the ticket query
 * grows), the plain way: unnamed, so PostgreSQL plans each one as it comes (pg's default). Docket
 * names the ones whose plan does not depend on the values, and keeps their plans: that, and
 * everything above the database, is what the ratio measures.
 *
 * Run by run.ts as its own process: `node --import tsx baseline-server.ts` with
 * BASELINE_DATABASE_URL, BASELINE_ORGANIZATION_ID, BASELINE_AGENT_ID, BASELINE_PORT and
 * BASELINE_POOL_SIZE in the environment; prints `listening <port>` when ready.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { Prisma } from '../server/src/generated/prisma/client.js';
import type { Principal } from '../server/src/lib/principal.js';
import { builtInViews } from '../server/src/modules/saved-views/built-in-views.js';
import {
  countTicketsCappedSql,
  visibleViewsSql,
} from '../server/src/modules/saved-views/saved-views.repository.js';
import {
  COUNTS_TIMEOUT_MS,
  VIEW_COUNT_CAP,
  viewListQuery,
} from '../server/src/modules/saved-views/saved-views.service.js';
import { staffReplySlaColumnsSql } from '../server/src/modules/sla/index.js';
import { SEARCH_TIMEOUT_MS } from '../server/src/modules/tickets/list-tickets.js';
import {
  replySearchVectorsSql,
  replyWordsSql,
} from '../server/src/modules/tickets/ticket-replies.repository.js';
import {
  ticketForReadingSql,
  ticketPageRowsSql,
  ticketPageSql,
} from '../server/src/modules/tickets/ticket-list.repository.js';
import {
  TICKET_ROW_SELECT,
  ticketKeySql,
} from '../server/src/modules/tickets/tickets.repository.js';
import {
  ListTicketsQuerySchema,
  type ListTicketsQuery,
} from '../server/src/modules/tickets/tickets.schemas.js';

/**
 * `sql` as pg's query config, unnamed: planned for its values at each execution, pg's default.
 * Naming statements so that PostgreSQL keeps their plans is one of Docket's means, not the
 * baseline's.
 */
function pgQuery(sql: Prisma.Sql): pg.QueryConfig {
  return { text: sql.text, values: sql.values };
}

/**
 * Runs `work` in one transaction on a pooled connection (BEGIN … COMMIT; ROLLBACK on a throw or
 * when `work` answers `null`, e.g. for a 404).
 */
async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T | null>,
): Promise<T | null> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query(result === null ? 'ROLLBACK' : 'COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The rows of `query` under a statement timeout of `timeoutMs`, sent as Docket's selectRows sends
 * it (server db/select-rows.ts): `BEGIN; SET LOCAL statement_timeout`, the statement, `COMMIT`,
 * on a connection of its own (ROLLBACK on a failure).
 */
async function selectUnderTimeout<T extends pg.QueryResultRow>(
  pool: pg.Pool,
  timeoutMs: number,
  query: pg.QueryConfig,
): Promise<T[]> {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN; SET LOCAL statement_timeout = ${timeoutMs}`);
    const { rows } = await client.query<T>(query);
    await client.query('COMMIT');
    return rows;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Locks a ticket of the organization (`FOR UPDATE`); null when there is none. */
async function lockTicket(
  client: pg.PoolClient,
  id: string,
  org: string,
): Promise<{ id: string; status: string } | null> {
  const { rows } = await client.query(
    `SELECT id, status FROM tickets
     WHERE id = $1 AND "organizationId" = $2 AND "deletedAt" IS NULL FOR UPDATE`,
    [id, org],
  );
  return rows[0] ?? null;
}

/** Starts the baseline on 127.0.0.1:`port`; resolves with a function that stops it. */
export async function startBaselineServer(options: {
  databaseUrl: string;
  organizationId: string;
  agentId: string;
  port: number;
  poolSize: number;
}): Promise<{ port: number; close(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize });
  const org = options.organizationId;
  const app = Fastify({ logger: false });

  // Docket's principal for the signed-in agent of the bench (the unread marker is the viewer's).
  const principal: Principal = {
    kind: 'user',
    id: options.agentId,
    organizationId: org,
    role: 'AGENT',
    name: 'Baseline',
    email: null,
    groupIds: null,
  };

  app.get<{ Params: { number: string } }>('/tickets/:number', async (request, reply) => {
    const key = ticketKeySql(request.params.number);
    if (!key) return reply.code(404).send({ error: 'not found' });
    const { rows } = await pool.query(pgQuery(ticketForReadingSql(principal, key)));
    if (!rows[0]) return reply.code(404).send({ error: 'not found' });
    return rows[0];
  });

  // Each distinct query string read once by Docket's schema (the bench sends a handful).
  const listQueries = new Map<string, { query: ListTicketsQuery; offset: number }>();
  const listQueryOf = (raw: Record<string, string>) => {
    const key = JSON.stringify(raw);
    let parsed = listQueries.get(key);
    if (!parsed) {
      const { offset, ...rest } = raw;
      parsed = { query: ListTicketsQuerySchema.parse(rest), offset: Number(offset ?? 0) };
      listQueries.set(key, parsed);
    }
    return parsed;
  };

  app.get<{ Querystring: Record<string, string> }>('/tickets', async (request) => {
    const { query, offset } = listQueryOf(request.query);
    const ids = ticketPageSql(principal, query);
    const idsQuery = pgQuery(offset > 0 ? Prisma.sql`${ids} OFFSET ${offset}` : ids);
    let page: { id: string }[];
    if (query.q) {
      // A search's first statement under Docket's statement timeout.
      page = await selectUnderTimeout<{ id: string }>(pool, SEARCH_TIMEOUT_MS, idsQuery);
    } else page = (await pool.query<{ id: string }>(idsQuery)).rows;
    if (page.length === 0) return { data: [] };
    const { rows } = await pool.query(
      pgQuery(
        ticketPageRowsSql(
          principal,
          page.map((row) => row.id),
        ),
      ),
    );
    return { data: rows.slice(0, query.limit) };
  });

  // The views' counts: Docket's statements (server modules/saved-views): the views the agent
  // sees, then the five built-in views' and theirs capped counts in one statement, under the
  // same statement timeout, the filters read as Docket reads them (viewListQuery).
  app.get('/views/counts', async () => {
    const now = new Date();
    const { rows: saved } = await pool.query<{ filters: unknown }>(
      pgQuery(visibleViewsSql({ userId: principal.id, organizationId: org, allGroups: false })),
    );
    const queries = [...builtInViews(now), ...saved]
      .map((view) => viewListQuery(view.filters))
      .filter((query) => query !== null);
    const counts = pgQuery(countTicketsCappedSql(principal, queries, { cap: VIEW_COUNT_CAP, now }));
    return { data: await selectUnderTimeout(pool, COUNTS_TIMEOUT_MS, counts) };
  });

  app.post<{
    Body: {
      subject: string;
      description: string;
      priority: string;
      requesterName: string;
      requesterEmail: string;
    };
  }>('/tickets', async (request, reply) => {
    const body = request.body;
    const ticket = await inTransaction(pool, async (client) => {
      const {
        rows: [row],
      } = await client.query(
        `WITH n AS (
           UPDATE organizations SET "ticketCounter" = "ticketCounter" + 1
           WHERE id = $1 RETURNING "ticketCounter")
         INSERT INTO tickets (id, "organizationId", number, subject, description, priority,
           channel, "requesterId", "requesterName", "requesterEmail", "firstResponseDueAt",
           "resolutionDueAt", "createdAt", "updatedAt")
         SELECT gen_random_uuid(), $1, n."ticketCounter", $2, $3, $4::"TicketPriority", 'web',
           u.id, coalesce(u.name, $5), lower($6),
           now() + make_interval(mins => sla."firstResponseMinutes"),
           now() + make_interval(mins => sla."resolutionMinutes"), now(), now()
         FROM n
         LEFT JOIN users u ON u."organizationId" = $1 AND u.email = lower($6)
         LEFT JOIN LATERAL (
           SELECT p."firstResponseMinutes", p."resolutionMinutes" FROM sla_policies p
           WHERE p."organizationId" = $1 AND p.active AND p.conditions->'priorities' ? $4::text
           ORDER BY p.position LIMIT 1) sla ON true
         RETURNING *`,
        [
          org,
          body.subject,
          body.description,
          body.priority,
          body.requesterName,
          body.requesterEmail,
        ],
      );
      await client.query(
        `INSERT INTO ticket_activities (id, "organizationId", "ticketId", type, "actorType",
           "actorId", "actorName", after, "createdAt")
         VALUES (gen_random_uuid(), $1, $2, 'CREATED', 'user', $3, 'Baseline',
           jsonb_build_object('subject', $4::text, 'status', 'NEW', 'priority', $5::text), now())`,
        [org, row.id, options.agentId, row.subject, row.priority],
      );
      return row;
    });
    return reply.code(201).send(ticket);
  });

  app.post<{ Params: { id: string }; Body: { content: string } }>(
    '/tickets/:id/responses',
    async (request, reply) => {
      const { id } = request.params;
      const response = await inTransaction(pool, async (client) => {
        if (!(await lockTicket(client, id, org))) return null;
        const {
          rows: [row],
        } = await client.query(
          `INSERT INTO ticket_responses (id, "organizationId", "ticketId", content, "isInternal",
             "authorType", "authorId", "authorName", "createdAt")
           VALUES (gen_random_uuid(), $1, $2, $3, false, 'AGENT', $4, 'Baseline', now())
           RETURNING *`,
          [org, id, request.body.content, options.agentId],
        );
        await client.query(
          `INSERT INTO ticket_activities (id, "organizationId", "ticketId", type, "actorType",
             "actorId", "actorName", after, "createdAt")
           VALUES (gen_random_uuid(), $1, $2, 'RESPONSE_ADDED', 'user', $3, 'Baseline',
             jsonb_build_object('responseId', $4::text), now())`,
          [org, id, options.agentId, row.id],
        );
        await client.query(
          pgQuery(Prisma.sql`UPDATE tickets t SET "updatedAt" = now(), version = t.version + 1,
             "firstRespondedAt" = coalesce(t."firstRespondedAt", now())
             ${replySearchVectorsSql(false, Prisma.sql`w.words`)}
             ${staffReplySlaColumnsSql()}
           FROM (SELECT ${replyWordsSql(Prisma.sql`${request.body.content}::text`)} AS words) w
           WHERE t.id = ${id}::uuid`),
        );
        return row;
      });
      if (!response) return reply.code(404).send({ error: 'not found' });
      return reply.code(201).send(response);
    },
  );

  app.patch<{ Params: { id: string }; Body: { status: string } }>(
    '/tickets/:id',
    async (request, reply) => {
      const { id } = request.params;
      const ticket = await inTransaction(pool, async (client) => {
        const locked = await lockTicket(client, id, org);
        if (!locked) return null;
        await client.query(
          `UPDATE tickets SET status = $2::"TicketStatus", "updatedAt" = now(),
             version = version + 1 WHERE id = $1`,
          [id, request.body.status],
        );
        await client.query(
          `INSERT INTO ticket_activities (id, "organizationId", "ticketId", type, "actorType",
             "actorId", "actorName", before, after, "createdAt")
           VALUES (gen_random_uuid(), $1, $2, 'STATUS_CHANGED', 'user', $3, 'Baseline',
             jsonb_build_object('status', $4::text), jsonb_build_object('status', $5::text), now())`,
          [org, id, options.agentId, locked.status, request.body.status],
        );
        const { rows } = await client.query(
          pgQuery(Prisma.sql`${TICKET_ROW_SELECT} FROM tickets t WHERE t.id = ${id}::uuid`),
        );
        return rows[0];
      });
      if (!ticket) return reply.code(404).send({ error: 'not found' });
      return ticket;
    },
  );

  await app.listen({ host: '127.0.0.1', port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}

async function main(): Promise<void> {
  const env = process.env;
  const need = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  const server = await startBaselineServer({
    databaseUrl: need('BASELINE_DATABASE_URL'),
    organizationId: need('BASELINE_ORGANIZATION_ID'),
    agentId: need('BASELINE_AGENT_ID'),
    port: Number(env.BASELINE_PORT ?? 0),
    poolSize: Number(env.BASELINE_POOL_SIZE ?? 10),
  });
  console.log(`listening ${server.port}`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && /baseline-server\.ts$/.test(process.argv[1])) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
