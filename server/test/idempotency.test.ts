import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let agent: string;
let agent2: string;
const body = {
  subject: 'Printer on fire again',
  description: 'The office printer is smoking after the update.',
};

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const { users } = await createOrganizationWithUsers(t.prisma, {
    agent: { role: 'AGENT' },
    agent2: { role: 'AGENT' },
  });
  ({ agent, agent2 } = await signInAll(t, users));
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
