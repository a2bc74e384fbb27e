/**
 * Sessions that can end (docs/product.md "Accounts", docs/api.md "Auth"): sign-in opens a
 * session with an httpOnly refresh cookie; POST /api/auth/refresh rotates it; a refresh token
 * presented twice ends the whole session (and is audited); sign-out, "sign out everywhere", one
 * session ended from the list, a deactivation and an admin setting the password end sessions and
 * their access tokens — at once on this instance, within AUTH_USER_CACHE_SECONDS elsewhere.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { User } from '../src/generated/prisma/client.js';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { TEST_PASSWORD, authHeader } from './helpers/auth.js';
import { createApiKey, createOrganizationWithUsers, createUser } from './helpers/factories.js';

/** Sign-in is the subject here: no rate limit in the way of the many sign-ins below. */
const LIMITS = { RATE_LIMIT_LOGIN_PER_IP: '10000', RATE_LIMIT_LOGIN_PER_ACCOUNT: '10000' };

interface SignedIn {
  accessToken: string;
  /** `docket_refresh=<token>`, as the browser sends it back. */
  cookie: string;
  /** The Set-Cookie header as received. */
  setCookie: string;
}

/** The refresh cookie an answer set (`name=value`, and the whole header), or throws. */
function refreshCookieOf(res: { headers: Record<string, unknown> }): {
  cookie: string;
  setCookie: string;
} {
  const headers = (res.headers['set-cookie'] ?? []) as string[];
  const setCookie = headers.find((h) => h.startsWith('docket_refresh='));
  if (!setCookie) throw new Error(`no refresh cookie in ${JSON.stringify(headers)}`);
  return { cookie: setCookie.split(';')[0]!, setCookie };
}

/** Signs `user` in (a fresh session each time, no cache). */
async function login(t: TestApp, user: { email: string }): Promise<SignedIn> {
  const res = await t
    .http()
    .post('/api/auth/login')
    .set('User-Agent', 'sessions-test/1.0')
    .send({ email: user.email, password: TEST_PASSWORD });
  expect(res.status).toBe(200);
  return { accessToken: res.body.accessToken as string, ...refreshCookieOf(res) };
}

function refresh(t: TestApp, cookie: string) {
  return t.http().post('/api/auth/refresh').set('Cookie', cookie);
}

async function meStatus(t: TestApp, accessToken: string): Promise<number> {
  return (await t.http().get('/api/auth/me').set(authHeader(accessToken))).status;
}

/** The organization's activity entries of `type` about `userId`, oldest first. */
function auditOf(t: TestApp, type: string, userId: string) {
  return t.prisma.organizationActivity.findMany({
    where: { type, data: { path: ['userId'], equals: userId } },
    orderBy: { createdAt: 'asc' },
  });
}

describe('with AUTH_USER_CACHE_SECONDS=0', () => {
  let t: TestApp;
  let users: Record<'admin' | 'agent' | 'customer' | 'other', User>;
  beforeAll(async () => {
    t = await createTestApp({
      seed: false,
      config: testConfig({ AUTH_USER_CACHE_SECONDS: '0', ...LIMITS }),
    });
    ({ users } = await createOrganizationWithUsers(t.prisma, {
      admin: { role: 'ADMIN' },
      agent: { role: 'AGENT' },
      customer: { role: 'CUSTOMER' },
      other: { role: 'AGENT' },
    }));
  });
  afterAll(async () => t?.close());

  it('signs in with a short-lived access token and an httpOnly, SameSite=Strict refresh cookie', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ email: users.agent.email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 15 * 60 });
    const { setCookie } = refreshCookieOf(res);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\/api\/auth(;|$)/);
    // Not Secure on a plain-http site (HTTPS_ONLY off, as in development and tests).
    expect(setCookie).not.toMatch(/; Secure/);
    const session = await t.prisma.userSession.findFirstOrThrow({
      where: { userId: users.agent.id },
      orderBy: { createdAt: 'desc' },
    });
    expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBeGreaterThan(
      29 * 86_400_000,
    );
  });

  it('rotates the refresh token: a new access token and a new cookie, in the same session', async () => {
    const first = await login(t, users.agent);
    const res = await refresh(t, first.cookie);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 15 * 60,
      user: { id: users.agent.id, email: users.agent.email },
    });
    const second = refreshCookieOf(res);
    expect(second.cookie).not.toBe(first.cookie);
    expect(await meStatus(t, res.body.accessToken)).toBe(200);
    // The next token of the family works in turn.
    const third = await refresh(t, second.cookie);
    expect(third.status).toBe(200);
    const sessions = await t.prisma.userSession.findMany({
      where: { userId: users.agent.id, revokedAt: null, lastRefreshedAt: { not: null } },
    });
    expect(sessions).toHaveLength(1);
  });

  it('refuses a refresh without a cookie or with an unknown one', async () => {
    expect((await t.http().post('/api/auth/refresh')).status).toBe(401);
    expect((await refresh(t, 'docket_refresh=made-up')).status).toBe(401);
  });

  it('ends the whole session when a rotated refresh token is used again, and audits it', async () => {
    const first = await login(t, users.customer);
    const renewed = await refresh(t, first.cookie);
    expect(renewed.status).toBe(200);
    const newest = refreshCookieOf(renewed);

    const reuse = await refresh(t, first.cookie);
    expect(reuse.status).toBe(401);
    expect(reuse.headers['content-type']).toMatch(/^application\/problem\+json/);
    // The whole family is gone: the newest refresh token and its access token too.
    expect((await refresh(t, newest.cookie)).status).toBe(401);
    expect(await meStatus(t, renewed.body.accessToken)).toBe(401);
    expect(await meStatus(t, first.accessToken)).toBe(401);

    const [entry] = await auditOf(t, 'auth.refresh_token_reused', users.customer.id);
    expect(entry).toBeDefined();
    expect(entry!.organizationId).toBe(users.customer.organizationId);
    const session = await t.prisma.userSession.findFirstOrThrow({
      where: { id: (entry!.data as { sessionId: string }).sessionId },
    });
    expect(session.revokedReason).toBe('refresh_token_reuse');
  });

  it('gives exactly one winner to concurrent refreshes with the same token', async () => {
    const signedIn = await login(t, users.other);
    const answers = await Promise.all(Array.from({ length: 4 }, () => refresh(t, signedIn.cookie)));
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([200, 401, 401, 401]);
  });

  it('signs out: the access token and the refresh cookie stop working at once', async () => {
    const signedIn = await login(t, users.agent);
    expect(await meStatus(t, signedIn.accessToken)).toBe(200);
    const res = await t
      .http()
      .post('/api/auth/logout')
      .set(authHeader(signedIn.accessToken))
      .set('Cookie', signedIn.cookie);
    expect(res.status).toBe(204);
    // The cookie is cleared in the browser…
    const cleared = refreshCookieOf(res);
    expect(cleared.setCookie).toMatch(/^docket_refresh=;/);
    expect(cleared.setCookie).toMatch(/Expires=Thu, 01 Jan 1970/);
    // …and ended on the server.
    expect(await meStatus(t, signedIn.accessToken)).toBe(401);
    expect((await refresh(t, signedIn.cookie)).status).toBe(401);
    const entries = await auditOf(t, 'auth.signed_out', users.agent.id);
    expect(entries.length).toBeGreaterThanOrEqual(1);
  });

  it('lists one’s open sessions, marks the current one, and ends another', async () => {
    const here = await login(t, users.admin);
    const there = await login(t, users.admin);
    const list = await t.http().get('/api/me/sessions').set(authHeader(here.accessToken));
    expect(list.status).toBe(200);
    const rows = list.body.data as {
      id: string;
      current: boolean;
      userAgent: string | null;
      ip: string | null;
      createdAt: string;
      lastRefreshedAt: string | null;
    }[];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.filter((row) => row.current)).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userAgent: 'sessions-test/1.0', lastRefreshedAt: null });
    expect(rows[0]).not.toHaveProperty('revokedAt');
    const other = rows.find((row) => !row.current)!;

    // Another user's session is not theirs to end.
    const foreign = await t
      .http()
      .delete(`/api/me/sessions/${other.id}`)
      .set(authHeader((await login(t, users.agent)).accessToken));
    expect(foreign.status).toBe(404);

    const end = await t
      .http()
      .delete(`/api/me/sessions/${other.id}`)
      .set(authHeader(here.accessToken));
    expect(end.status).toBe(204);
    expect(
      (await t.http().delete(`/api/me/sessions/${other.id}`).set(authHeader(here.accessToken)))
        .status,
    ).toBe(404);
    // The other session is over; this one goes on.
    expect(await meStatus(t, there.accessToken)).toBe(401);
    expect(await meStatus(t, here.accessToken)).toBe(200);
  });

  it('signs out everywhere: every session and access token of the user ends, this one included', async () => {
    const one = await login(t, users.customer);
    const two = await login(t, users.customer);
    const res = await t.http().post('/api/me/sessions/revoke-all').set(authHeader(one.accessToken));
    expect(res.status).toBe(204);
    for (const signedIn of [one, two]) {
      expect(await meStatus(t, signedIn.accessToken)).toBe(401);
      expect((await refresh(t, signedIn.cookie)).status).toBe(401);
    }
    const [entry] = await auditOf(t, 'auth.signed_out_everywhere', users.customer.id);
    expect(entry?.data).toMatchObject({ reason: 'sign_out_everywhere' });
    // Signing in again works.
    const again = await login(t, users.customer);
    expect(await meStatus(t, again.accessToken)).toBe(200);
  });

  it('ends the sessions of a deactivated user, and of a user whose password an admin sets', async () => {
    const admin = await login(t, users.admin);
    const extra = {
      leaving: await createUser(t.prisma, {
        organizationId: users.admin.organizationId,
        role: 'AGENT',
      }),
    };
    const leaving = await login(t, extra.leaving);
    const removed = await t
      .http()
      .delete(`/api/users/${extra.leaving.id}`)
      .set(authHeader(admin.accessToken));
    expect(removed.status).toBe(204);
    expect(await meStatus(t, leaving.accessToken)).toBe(401);
    expect((await refresh(t, leaving.cookie)).status).toBe(401);
    const [entry] = await auditOf(t, 'auth.sessions_revoked', extra.leaving.id);
    expect(entry?.data).toMatchObject({ reason: 'deactivated', sessions: 1 });
    expect(entry?.actorId).toBe(users.admin.id);

    const agent = await login(t, users.agent);
    const changed = await t
      .http()
      .patch(`/api/users/${users.agent.id}`)
      .set(authHeader(admin.accessToken))
      .send({ password: 'a brand new passphrase 42' });
    expect(changed.status).toBe(200);
    expect(await meStatus(t, agent.accessToken)).toBe(401);
    expect((await refresh(t, agent.cookie)).status).toBe(401);
    const session = await t.prisma.userSession.findFirstOrThrow({
      where: { userId: users.agent.id },
      orderBy: { createdAt: 'desc' },
    });
    expect(session.revokedReason).toBe('password_changed');
  });

  it('refuses API keys on the session routes', async () => {
    const key = await createApiKey(t.prisma, {
      organizationId: users.admin.organizationId,
      name: 'sessions',
      role: 'ADMIN',
    });
    for (const [method, path] of [
      ['get', '/api/me/sessions'],
      ['post', '/api/me/sessions/revoke-all'],
      ['post', '/api/auth/logout'],
    ] as const) {
      expect((await t.http()[method](path).set(authHeader(key.key))).status).toBe(403);
    }
  });
});

describe('with AUTH_USER_CACHE_SECONDS=5', () => {
  let t: TestApp;
  let users: Record<'agent', User>;
  beforeAll(async () => {
    t = await createTestApp({
      seed: false,
      config: testConfig({ AUTH_USER_CACHE_SECONDS: '5', ...LIMITS }),
    });
    ({ users } = await createOrganizationWithUsers(t.prisma, { agent: { role: 'AGENT' } }));
  });
  afterAll(async () => t?.close());
  afterEach(() => vi.useRealTimers());

  it('applies a sign-out on this instance at once', async () => {
    const signedIn = await login(t, users.agent);
    expect(await meStatus(t, signedIn.accessToken)).toBe(200);
    const res = await t.http().post('/api/auth/logout').set(authHeader(signedIn.accessToken));
    expect(res.status).toBe(204);
    expect(await meStatus(t, signedIn.accessToken)).toBe(401);
  });

  it('applies a session ended on another instance within the cache window', async () => {
    const signedIn = await login(t, users.agent);
    vi.useFakeTimers({ toFake: ['Date'] });
    expect(await meStatus(t, signedIn.accessToken)).toBe(200);
    // Another instance signs the session out (its cache, not this one's, is emptied).
    await t.prisma.userSession.updateMany({
      where: { userId: users.agent.id, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: 'logout' },
    });
    vi.setSystemTime(Date.now() + 4_000);
    expect(await meStatus(t, signedIn.accessToken)).toBe(200);
    vi.setSystemTime(Date.now() + 1_001);
    expect(await meStatus(t, signedIn.accessToken)).toBe(401);
  });

  it('applies "sign out everywhere" made on another instance within the cache window', async () => {
    const signedIn = await login(t, users.agent);
    vi.useFakeTimers({ toFake: ['Date'] });
    expect(await meStatus(t, signedIn.accessToken)).toBe(200);
    await t.prisma.user.update({
      where: { id: users.agent.id },
      data: { sessionsRevokedAt: new Date() },
    });
    vi.setSystemTime(Date.now() + 5_001);
    expect(await meStatus(t, signedIn.accessToken)).toBe(401);
  });
});
