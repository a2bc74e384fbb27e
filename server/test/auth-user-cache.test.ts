/**
 * plugins/auth.ts reuses a signed-in user's row for AUTH_USER_CACHE_SECONDS (measured by bench/:
 * that read was a third of a ticket page's database work). What must still hold:
 * - a change made elsewhere (another instance, straight in the database) applies once the
 *   seconds have passed — Date is faked here, no waiting;
 * - a change made through this instance's /api/users applies at once;
 * - with 0 seconds, every request reads the user again.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { authHeader, signIn } from './helpers/auth.js';
import type { User } from '../src/generated/prisma/client.js';
import { createOrganizationWithUsers, createUser } from './helpers/factories.js';

describe('with AUTH_USER_CACHE_SECONDS=5', () => {
  let t: TestApp;
  let users: Record<'admin' | 'agent' | 'customer', User>;
  beforeAll(async () => {
    t = await createTestApp({
      seed: false,
      config: testConfig({ AUTH_USER_CACHE_SECONDS: '5' }),
    });
    ({ users } = await createOrganizationWithUsers(t.prisma, {
      admin: { role: 'ADMIN' },
      agent: { role: 'AGENT' },
      customer: { role: 'CUSTOMER' },
    }));
  });
  afterAll(async () => t?.close());
  afterEach(() => vi.useRealTimers());

  it('applies a deactivation made elsewhere within the cache time', async () => {
    const token = await signIn(t, users.agent);
    vi.useFakeTimers({ toFake: ['Date'] });
    expect((await t.http().get('/api/auth/me').set(authHeader(token))).status).toBe(200);
    await t.prisma.user.update({ where: { id: users.agent.id }, data: { isActive: false } });
    // Within the 5 seconds the row read before is reused…
    vi.setSystemTime(Date.now() + 4_000);
    expect((await t.http().get('/api/auth/me').set(authHeader(token))).status).toBe(200);
    // …and then read again.
    vi.setSystemTime(Date.now() + 1_001);
    const res = await t.http().get('/api/auth/me').set(authHeader(token));
    expect(res.status).toBe(401);
    await t.prisma.user.update({ where: { id: users.agent.id }, data: { isActive: true } });
  });

  it('applies a role change and a deactivation made through /api/users at once', async () => {
    const admin = await signIn(t, users.admin);
    const token = await signIn(t, users.customer);
    const user = users.customer;
    expect((await t.http().get('/api/tickets/stats').set(authHeader(token))).status).toBe(403);

    const promote = await t
      .http()
      .patch(`/api/users/${user.id}`)
      .set(authHeader(admin))
      .send({ role: 'AGENT' });
    expect(promote.status).toBe(200);
    expect((await t.http().get('/api/tickets/stats').set(authHeader(token))).status).toBe(200);

    const remove = await t.http().delete(`/api/users/${user.id}`).set(authHeader(admin));
    expect(remove.status).toBe(204);
    expect((await t.http().get('/api/auth/me').set(authHeader(token))).status).toBe(401);
  });
});

describe('with AUTH_USER_CACHE_SECONDS=0', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      seed: false,
      config: testConfig({ AUTH_USER_CACHE_SECONDS: '0' }),
    });
  });
  afterAll(async () => t?.close());

  it('reads the user on every request', async () => {
    const agent = await createUser(t.prisma, { role: 'AGENT' });
    const token = await signIn(t, agent);
    expect((await t.http().get('/api/auth/me').set(authHeader(token))).status).toBe(200);
    await t.prisma.user.update({ where: { id: agent.id }, data: { isActive: false } });
    expect((await t.http().get('/api/auth/me').set(authHeader(token))).status).toBe(401);
  });
});
