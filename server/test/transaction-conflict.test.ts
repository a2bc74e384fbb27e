/**
 * A transaction PostgreSQL rolls back to break a deadlock is answered 503 problem+json
 * `transaction_conflict` with `Retry-After: 1` (plugins/problem-details.ts), never 500: nothing
 * was written and the same request may be sent again. The deadlock is a real one, made on the
 * test database by two transactions taking two rows' locks in opposite orders.
 */
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { testConfig } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { createOrganization } from './helpers/factories.js';

let database: TestDatabase;
let app: FastifyInstance;
let ids: [string, string];

beforeAll(async () => {
  database = await createTestDatabase();
  ids = [
    (await createOrganization(database.prisma)).id,
    (await createOrganization(database.prisma)).id,
  ];
  app = await buildApp(testConfig(), { prisma: database.prisma, ownsPrisma: false, logger: false });
  /** Locks `first` then, once the other transaction holds its own first row, `second`. */
  const lockBoth = (first: string, second: string, barrier: { count: number }) =>
    database.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`UPDATE organizations SET name = name WHERE id = ${first}::uuid`;
      barrier.count += 1;
      while (barrier.count < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      await tx.$executeRaw`UPDATE organizations SET name = name WHERE id = ${second}::uuid`;
    });
  app.post('/test/deadlock', async () => {
    const barrier = { count: 0 };
    await Promise.all([lockBoth(ids[0], ids[1], barrier), lockBoth(ids[1], ids[0], barrier)]);
    return { deadlocked: false };
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

it('answers a deadlock with 503 transaction_conflict and Retry-After, not 500', async () => {
  const res = await request(app.server).post('/test/deadlock');
  expect(res.status, res.text).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['retry-after']).toBe('1');
  expect(res.body).toMatchObject({ status: 503, code: 'transaction_conflict' });
});
