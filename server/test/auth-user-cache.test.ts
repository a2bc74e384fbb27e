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

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('with AUTH_USER_CACHE_SECONDS=5', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: testConfig({ AUTH_USER_CACHE_SECONDS: '5' }) });
  });
  afterAll(async () => t?.close());
  afterEach(() => vi.useRealTimers());

  it('applies a deactivation made elsewhere within the cache time', async () => {
    const token = await t.login('agent2@acme.test');
    vi.useFakeTimers({ toFake: ['Date'] });
    expect((await t.http().get('/api/auth/me').set(auth(token))).status).toBe(200);
    await t.prisma.user.update({
      where: { email: 'agent2@acme.test' },
      data: { isActive: false },
    });
    // Within the 5 seconds the row read before is reused…
    vi.setSystemTime(Date.now() + 4_000);
    expect((await t.http().get('/api/auth/me').set(auth(token))).status).toBe(200);
    // …and then read again.
    vi.setSystemTime(Date.now() + 1_001);
    const res = await t.http().get('/api/auth/me').set(auth(token));
    expect(res.status).toBe(401);
    await t.prisma.user.update({ where: { email: 'agent2@acme.test' }, data: { isActive: true } });
  });

  it('applies a role change and a deactivation made through /api/users at once', async () => {
    const admin = await t.login('admin@acme.test');
    const token = await t.login('customer2@acme.test');
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: 'customer2@acme.test' } });
    expect((await t.http().get('/api/tickets/stats').set(auth(token))).status).toBe(403);

    const promote = await t
      .http()
      .patch(`/api/users/${user.id}`)
      .set(auth(admin))
      .send({ role: 'AGENT' });
    expect(promote.status).toBe(200);
    expect((await t.http().get('/api/tickets/stats').set(auth(token))).status).toBe(200);

    const remove = await t.http().delete(`/api/users/${user.id}`).set(auth(admin));
    expect(remove.status).toBe(204);
    expect((await t.http().get('/api/auth/me').set(auth(token))).status).toBe(401);
  });
});

describe('with AUTH_USER_CACHE_SECONDS=0', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: testConfig({ AUTH_USER_CACHE_SECONDS: '0' }) });
  });
  afterAll(async () => t?.close());

  it('reads the user on every request', async () => {
    const token = await t.login('agent2@acme.test');
    expect((await t.http().get('/api/auth/me').set(auth(token))).status).toBe(200);
    await t.prisma.user.update({
      where: { email: 'agent2@acme.test' },
      data: { isActive: false },
    });
    expect((await t.http().get('/api/auth/me').set(auth(token))).status).toBe(401);
  });
});
