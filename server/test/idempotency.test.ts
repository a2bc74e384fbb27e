import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEASE_SECONDS, recordIdempotentAnswer } from '../src/plugins/idempotency.js';
import { insertIdempotencyRecord } from '../src/plugins/idempotency.repository.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers, createTicket } from './helpers/factories.js';

let t: TestApp;
let agent: string;
let agent2: string;
let agentId: string;
let organizationId: string;
const body = {
  subject: 'Printer on fire again',
  description: 'The office printer is smoking after the update.',
};

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const { users, organization } = await createOrganizationWithUsers(t.prisma, {
    agent: { role: 'AGENT' },
    agent2: { role: 'AGENT' },
  });
  ({ agent, agent2 } = await signInAll(t, users));
  agentId = users.agent.id;
  organizationId = organization.id;
});
afterAll(async () => t?.close());

const post = (token: string, key: string, payload: object = body) =>
  t.http().post('/api/tickets').set(authHeader(token)).set('Idempotency-Key', key).send(payload);

describe('Idempotency-Key on POST', () => {
  it('returns the first answer to a retry and creates one ticket', async () => {
    const key = randomUUID();
    const before = await t.prisma.ticket.count();
    const first = await post(agent, key);
    const retry = await post(agent, key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await t.prisma.ticket.count()).toBe(before + 1);
  });

  it('gives one ticket to concurrent retries', async () => {
    const key = randomUUID();
    const before = await t.prisma.ticket.count();
    const results = await Promise.all(Array.from({ length: 5 }, () => post(agent, key)));
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const r of results) expect([201, 409]).toContain(r.status);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    expect(await t.prisma.ticket.count()).toBe(before + 1);
  });

  it('refuses the same key with another body (422)', async () => {
    const key = randomUUID();
    expect((await post(agent, key)).status).toBe(201);
    const other = await post(agent, key, { ...body, subject: 'Another subject here' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
  });

  it('scopes keys to the caller', async () => {
    const key = randomUUID();
    const mine = await post(agent, key);
    const theirs = await post(agent2, key);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('replays validation errors too, and refuses a malformed key', async () => {
    const key = randomUUID();
    const bad = await post(agent, key, { subject: 'x' });
    const again = await post(agent, key, { subject: 'x' });
    expect(bad.status).toBe(400);
    expect(again.status).toBe(400);
    expect(again.body).toEqual(bad.body);
    const malformed = await post(agent, 'bad key with spaces');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].path).toBe('Idempotency-Key');
  });

  it('still needs authentication', async () => {
    const res = await t.http().post('/api/tickets').set('Idempotency-Key', randomUUID()).send(body);
    expect(res.status).toBe(401);
  });
});

/**
 * An instance that dies while a request with a key runs (plugins/idempotency.ts "In progress,
 * and an instance that dies"): the reservation's lease, and what a retry gets once it lapsed.
 */
describe('Idempotency-Key when the first request’s instance dies', () => {
  /** The record of `key` for the agent, as the database has it. */
  const recordOf = (key: string) =>
    t.prisma.idempotencyRecord.findUniqueOrThrow({
      where: {
        organizationId_principal_key: { organizationId, principal: `user:${agentId}`, key },
      },
    });
  /** The request hash of `payload` posted to `path`, read from a real request's record. */
  async function hashOf(path: string, payload: object): Promise<string> {
    const key = randomUUID();
    const res = await t
      .http()
      .post(path)
      .set(authHeader(agent))
      .set('Idempotency-Key', key)
      .send(payload);
    expect(res.status).toBeLessThan(300);
    return (await recordOf(key)).requestHash;
  }
  /** A reservation left by a request of `path` that never answered, its lease ending in `leaseSeconds`. */
  async function reservation(path: string, requestHash: string, leaseSeconds: number) {
    const key = randomUUID();
    const id = await insertIdempotencyRecord(t.prisma, {
      organizationId,
      principal: `user:${agentId}`,
      key,
      method: 'POST',
      path,
      requestHash,
      leaseSeconds,
    });
    expect(id).toBeTruthy();
    return { key, id: id! };
  }

  it('answers 409 with Retry-After while the lease is live, and runs the retry once it lapsed without an answer', async () => {
    const hash = await hashOf('/api/tickets', body);
    const live = await reservation('/api/tickets', hash, LEASE_SECONDS);
    const busy = await post(agent, live.key);
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('idempotency_in_progress');
    const retryAfter = Number(busy.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(LEASE_SECONDS);

    // The instance died before its transaction committed: the lease lapsed, no answer, no ticket.
    // The ticket route records its answer with its work, so nothing was done: the retry runs.
    const lapsed = await reservation('/api/tickets', hash, -1);
    const before = await t.prisma.ticket.count();
    const retry = await post(agent, lapsed.key);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await t.prisma.ticket.count()).toBe(before + 1);
    const again = await post(agent, lapsed.key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(retry.body.id);
    expect(await t.prisma.ticket.count()).toBe(before + 1);
  });

  it('replays a create that committed when the instance died before its answer was written after it', async () => {
    // The answer written after the handler (onSend) is lost for these keys, as when the
    // instance dies between the commit and that write.
    await t.prisma.$executeRawUnsafe(`
      CREATE FUNCTION test_lose_later_answer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD."statusCode" IS NOT NULL AND OLD.key LIKE 'crash-%' THEN RETURN NULL; END IF;
        RETURN NEW;
      END $$`);
    await t.prisma.$executeRawUnsafe(`
      CREATE TRIGGER test_lose_later_answer BEFORE UPDATE ON idempotency_records
      FOR EACH ROW EXECUTE FUNCTION test_lose_later_answer()`);
    try {
      const key = `crash-${randomUUID()}`;
      const before = await t.prisma.ticket.count();
      const first = await post(agent, key);
      expect(first.status).toBe(201);
      // The answer was recorded in the create's transaction: the retry replays it, and the
      // ticket is not created twice.
      const record = await recordOf(key);
      expect(record.statusCode).toBe(201);
      const retry = await post(agent, key);
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers.location).toBe(`/api/tickets/${first.body.id}`);
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect(retry.body).toEqual(first.body);
      expect(await t.prisma.ticket.count()).toBe(before + 1);
    } finally {
      await t.prisma.$executeRawUnsafe(
        'DROP TRIGGER test_lose_later_answer ON idempotency_records',
      );
      await t.prisma.$executeRawUnsafe('DROP FUNCTION test_lose_later_answer()');
    }
  });

  it('rolls back a stalled first request whose reservation a retry took over', async () => {
    // The first request's transaction records its answer, but a retry deleted its lapsed
    // reservation meanwhile: recording throws, so the work it did in that transaction is undone.
    const stalled = { idempotencyRecordId: randomUUID() } as FastifyRequest;
    const subject = `Stalled ${randomUUID()}`;
    await expect(
      t.prisma.$transaction(async (tx) => {
        await createTicket(tx, { organizationId, subject });
        await recordIdempotentAnswer(stalled, tx, { statusCode: 201, body: {}, headers: {} });
      }),
    ).rejects.toMatchObject({ status: 409, code: 'idempotency_in_progress' });
    expect(await t.prisma.ticket.count({ where: { subject } })).toBe(0);
  });

  it('never runs again a lapsed request of a route that cannot tell whether it was applied (409 idempotency_outcome_unknown)', async () => {
    const ticket = (await post(agent, randomUUID())).body as { id: string };
    const path = `/api/tickets/${ticket.id}/responses`;
    const reply = { content: 'We are looking into it.' };
    const hash = await hashOf(path, reply);
    const lapsed = await reservation(path, hash, -1);
    const before = await t.prisma.ticketResponse.count({ where: { ticketId: ticket.id } });
    const retry = await t
      .http()
      .post(path)
      .set(authHeader(agent))
      .set('Idempotency-Key', lapsed.key)
      .send(reply);
    expect(retry.status).toBe(409);
    expect(retry.body.code).toBe('idempotency_outcome_unknown');
    expect(retry.headers['retry-after']).toBeUndefined();
    expect(await t.prisma.ticketResponse.count({ where: { ticketId: ticket.id } })).toBe(before);
  });
});
