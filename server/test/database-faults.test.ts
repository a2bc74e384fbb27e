/**
 * A database that goes away or stops answering: requests get 503 problem+json with Retry-After
 * quickly (bounded connect and query timeouts), never 500 and never a hang; the health check
 * answers 503 within its probe timeout; and everything works again when the database returns.
 * The app talks to the real test PostgreSQL through a TCP relay this test controls: "down"
 * refuses connections and cuts the open ones, "frozen" keeps them open but relays nothing
 * (a stopped or hung server).
 */
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app.js';
import { createPrismaClient } from '../src/db/prisma.js';
import type { PrismaClient } from '../src/lib/db.js';
import { testConfig } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { authHeader, signIn } from './helpers/auth.js';
import { createTicket, createUser } from './helpers/factories.js';
import { relayDatabase, type DatabaseRelay } from './helpers/database-relay.js';

let database: TestDatabase;
let relay: DatabaseRelay;
let prisma: PrismaClient;
let app: FastifyInstance;
let token: string;
const http = () => request(app.server);

beforeAll(async () => {
  database = await createTestDatabase();
  const config = testConfig({ AUTH_USER_CACHE_SECONDS: '0' });
  const agent = await createUser(database.prisma, { role: 'AGENT' });
  await createTicket(database.prisma, { organizationId: agent.organizationId });
  const relayed = await relayDatabase(database.url);
  relay = relayed.relay;
  prisma = createPrismaClient(relayed.url, {
    poolSize: 3,
    connectionTimeoutMs: 1_000,
    queryTimeoutMs: 1_500,
  });
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

/** A 503 as every unavailable dependency is answered: problem+json with Retry-After. */
function expectUnavailable(res: request.Response, what: string) {
  expect(res.status, what).toBe(503);
  expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
  expect(res.body, what).toMatchObject({ status: 503, code: 'database_unavailable' });
  expect(Number(res.headers['retry-after']), what).toBeGreaterThanOrEqual(1);
  expect(res.headers['x-request-id'], what).toBeTruthy();
}

const list = () => http().get('/api/tickets?limit=5').set(authHeader(token));
const create = () =>
  http()
    .post('/api/tickets')
    .set(authHeader(token))
    .send({ subject: 'During an outage', description: 'Written while the database is away.' });

describe('database unavailable', () => {
  it('answers 503 with Retry-After while the database is down, and recovers by itself', async () => {
    expect((await list()).status).toBe(200);
    relay.down();
    expectUnavailable(await list(), 'list while down');
    expectUnavailable(await create(), 'create while down');
    const health = await http().get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'error', database: 'unreachable' });
    expect(health.headers['retry-after']).toBe('5');

    relay.up();
    await vi.waitUntil(async () => (await list()).status === 200, {
      timeout: 10_000,
      interval: 200,
    });
    expect((await http().get('/api/health')).status).toBe(200);
  });

  it('answers 503 (not a hang, not 500) while the database is frozen, then recovers', async () => {
    expect((await list()).status).toBe(200);
    relay.freeze();
    expectUnavailable(await list(), 'list while frozen');
    expectUnavailable(await create(), 'create while frozen');
    // The health probe gives up after its own short timeout.
    const health = await http().get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body.database).toBe('unreachable');

    relay.up();
    await vi.waitUntil(async () => (await list()).status === 200, {
      timeout: 15_000,
      interval: 200,
    });
    // Nothing was half-written: the refused create left no ticket behind.
    expect(await database.prisma.ticket.count({ where: { subject: 'During an outage' } })).toBe(0);
  });
});
