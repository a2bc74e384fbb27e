/**
 * The database stopped for 10 s under a steady load (docs/scaling.md, docs/operations.md): two
 * writers create tickets and two readers list them, through the app, while a TCP relay in front
 * of the test PostgreSQL (helpers/database-relay.ts) refuses every connection and cuts the open
 * ones. Every answer is recorded. Expected: each answers within the bound (the query timeout +
 * 2 s: no hang), as 2xx or 503 problem+json `database_unavailable` with `Retry-After` (never
 * 500); `/api/health/ready` says 503 `database_unreachable` during the outage and 200 after; the
 * service resumes by itself; every create acknowledged (201) is stored, and the organization's
 * ticket numbers stay 1…counter without a gap. The figures are printed for docs/scaling.md.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createPrismaClient } from '../src/db/prisma.js';
import { testConfig } from './helpers/app.js';
import { authHeader, signIn } from './helpers/auth.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { relayDatabase, type DatabaseRelay } from './helpers/database-relay.js';
import { createUser } from './helpers/factories.js';

/** The app's database timeouts (ms), as a production instance would set them, only shorter. */
const CONNECT_TIMEOUT_MS = 1_000;
const QUERY_TIMEOUT_MS = 1_500;
/** No answer may take longer than this (ms). */
const ANSWER_BOUND_MS = QUERY_TIMEOUT_MS + 2_000;
/** Load before the outage, the outage, and the longest wait for creates to succeed again (ms). */
const BEFORE_MS = 2_000;
const OUTAGE_MS = 10_000;
const RECOVERY_BOUND_MS = 5_000;
/** Load kept up after the first successful create following the outage (ms). */
const AFTER_MS = 2_000;

interface Answer {
  kind: 'create' | 'list' | 'ready';
  /** ms since the load started, when sent and when answered. */
  sentAt: number;
  answeredAt: number;
  status: number;
  contentType: string;
  retryAfter: string | undefined;
  code: string | undefined;
  ticketId?: string;
  ticketNumber?: number;
}

let database: TestDatabase;
let relay: DatabaseRelay;
let app: FastifyInstance;
let token: string;
let organizationId: string;
const http = () => request(app.server);

beforeAll(async () => {
  database = await createTestDatabase();
  const agent = await createUser(database.prisma, { role: 'AGENT' });
  organizationId = agent.organizationId;
  const relayed = await relayDatabase(database.url);
  relay = relayed.relay;
  const prisma = createPrismaClient(relayed.url, {
    poolSize: 4,
    connectionTimeoutMs: CONNECT_TIMEOUT_MS,
    queryTimeoutMs: QUERY_TIMEOUT_MS,
  });
  // The signed-in user's row is read on every request (no cache): the outage reaches every route.
  const config = testConfig({ AUTH_USER_CACHE_SECONDS: '0' });
  app = await buildApp(config, { prisma, ownsPrisma: true, logger: false });
  await app.ready();
  token = await signIn({ http }, agent);
});

afterAll(async () => {
  relay?.up();
  await app?.close();
  await relay?.close();
  await database?.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('database outage under load', () => {
  // "down": the server stopped (connections refused, open ones cut); "frozen": it hangs
  // (connections accepted or kept, nothing answered), so only the timeouts end the waits.
  it.each(['down', 'frozen'] as const)(
    'database %s for 10 s: answers 503 with Retry-After in bounded time, reports unready, resumes, loses nothing acknowledged',
    async (fault) => {
      const answers: Answer[] = [];
      const start = performance.now();
      const clock = () => performance.now() - start;
      let outage: { from: number; to: number } | undefined;
      let firstCreateAfter: number | undefined;
      let stopAt = Number.POSITIVE_INFINITY;
      const deadline = BEFORE_MS + OUTAGE_MS + RECOVERY_BOUND_MS + AFTER_MS + 5_000;
      const running = () => clock() < Math.min(stopAt, deadline);

      async function record(kind: Answer['kind'], send: () => request.Test): Promise<Answer> {
        const sentAt = clock();
        const res = await send().timeout(ANSWER_BOUND_MS + 5_000);
        const answer: Answer = {
          kind,
          sentAt,
          answeredAt: clock(),
          status: res.status,
          contentType: String(res.headers['content-type'] ?? ''),
          retryAfter: res.headers['retry-after'] as string | undefined,
          code: (res.body as { code?: string } | undefined)?.code,
        };
        if (kind === 'create' && res.status === 201) {
          const ticket = res.body as { id: string; number: number };
          answer.ticketId = ticket.id;
          answer.ticketNumber = ticket.number;
        }
        answers.push(answer);
        return answer;
      }

      const writer = async (n: number) => {
        for (let i = 0; running(); i++) {
          const a = await record('create', () =>
            http()
              .post('/api/tickets')
              .set(authHeader(token))
              .send({
                subject: `Load ${fault} ${n}-${i}`,
                description: `Written by writer ${n}, ${randomUUID()}.`,
              }),
          );
          if (
            a.status === 201 &&
            outage &&
            a.sentAt >= outage.to &&
            firstCreateAfter === undefined
          ) {
            firstCreateAfter = a.answeredAt;
            stopAt = a.answeredAt + AFTER_MS;
          }
          // A client answered 503 waits a little before trying again (not the full Retry-After,
          // to keep the load on).
          if (a.status === 503) await sleep(100);
        }
      };
      const reader = async () => {
        while (running()) {
          const a = await record('list', () =>
            http().get('/api/tickets?limit=20').set(authHeader(token)),
          );
          if (a.status === 503) await sleep(100);
        }
      };
      const prober = async () => {
        while (running()) {
          await record('ready', () => http().get('/api/health/ready'));
          await sleep(250);
        }
      };
      const conductor = async () => {
        await sleep(BEFORE_MS);
        const from = clock();
        if (fault === 'down') relay.down();
        else relay.freeze();
        await sleep(OUTAGE_MS);
        relay.up();
        outage = { from, to: clock() };
      };

      await Promise.all([writer(1), writer(2), reader(), reader(), prober(), conductor()]);
      if (!outage) throw new Error('the outage did not happen');
      const { from, to } = outage;

      const traffic = answers.filter((a) => a.kind !== 'ready');
      const creates = answers.filter((a) => a.kind === 'create');
      const acknowledged = creates.filter((a) => a.status === 201);
      const unavailable = traffic.filter((a) => a.status === 503);
      const latencies = answers.map((a) => a.answeredAt - a.sentAt);
      const maxLatency = Math.max(...latencies);
      const stored = await database.prisma.ticket.findMany({
        where: { organizationId },
        select: { id: true, number: true, subject: true },
      });
      const storedNow = stored.filter((t) => t.subject.startsWith(`Load ${fault} `));
      const storedIds = new Set(stored.map((t) => t.id));
      const found = acknowledged.filter((a) => storedIds.has(a.ticketId!));
      const committedUnacknowledged = storedNow.filter(
        (t) => !acknowledged.some((a) => a.ticketId === t.id),
      ).length;
      const { ticketCounter } = await database.prisma.organization.findUniqueOrThrow({
        where: { id: organizationId },
        select: { ticketCounter: true },
      });
      const readyDuring = answers.filter(
        (a) => a.kind === 'ready' && a.sentAt > from + 500 && a.answeredAt < to,
      );
      const readyAfter = answers.filter((a) => a.kind === 'ready' && a.sentAt > to);

      console.log(
        `database ${fault} for ${OUTAGE_MS / 1000} s under load: ${traffic.length} requests ` +
          `(${creates.length} creates, ${traffic.length - creates.length} lists), ` +
          `${acknowledged.length} creates acknowledged, ${found.length} found, ` +
          `${acknowledged.length - found.length} lost, ${storedNow.length} stored ` +
          `(${committedUnacknowledged} of them committed but not acknowledged), ` +
          `${unavailable.length} answered 503, ` +
          `${traffic.filter((a) => a.status >= 500 && a.status !== 503).length} other 5xx, ` +
          `max latency ${Math.round(maxLatency)} ms (bound ${ANSWER_BOUND_MS} ms), ` +
          `creates succeeded again ${Math.round((firstCreateAfter ?? NaN) - to)} ms after the database returned, ` +
          `readiness probes during/after: ${readyDuring.length}/${readyAfter.length}`,
      );

      // Every answer in bounded time; only 2xx or 503 problem+json with Retry-After.
      expect(maxLatency).toBeLessThanOrEqual(ANSWER_BOUND_MS);
      for (const a of traffic) {
        const what = `${a.kind} sent at ${Math.round(a.sentAt)} ms`;
        expect([200, 201, 503], what).toContain(a.status);
        if (a.status === 503) {
          expect(a.contentType, what).toMatch(/^application\/problem\+json/);
          expect(a.code, what).toBe('database_unavailable');
          expect(Number(a.retryAfter), what).toBeGreaterThanOrEqual(1);
        }
      }
      // The outage was seen, and work was done before and after it.
      expect(unavailable.length).toBeGreaterThan(0);
      expect(acknowledged.some((a) => a.answeredAt < from)).toBe(true);
      expect(firstCreateAfter, 'a create succeeded after the outage').toBeDefined();
      expect(firstCreateAfter! - to).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
      expect(traffic.some((a) => a.kind === 'list' && a.status === 200 && a.sentAt > to)).toBe(
        true,
      );
      // Readiness: 503 database_unreachable throughout the outage, 200 again after it.
      expect(readyDuring.length).toBeGreaterThan(5);
      for (const a of readyDuring) {
        expect(a.status).toBe(503);
        expect(a.code).toBe('database_unreachable');
        expect(a.retryAfter).toBe('5');
      }
      expect(readyAfter.some((a) => a.status === 200)).toBe(true);
      expect(readyAfter.at(-1)?.status).toBe(200);
      // Nothing acknowledged lost; numbers 1…counter without a gap or a repeat.
      expect(found.length).toBe(acknowledged.length);
      const numbers = stored.map((t) => t.number).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: ticketCounter }, (_, i) => i + 1));
      for (const a of acknowledged) {
        expect(stored.find((t) => t.id === a.ticketId)?.number).toBe(a.ticketNumber);
      }
    },
    60_000,
  );
});
