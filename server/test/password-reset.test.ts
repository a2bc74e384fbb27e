/**
 * Password reset and the password policy (docs/product.md "Accounts"), over real SMTP: the link is
 * read from the mail the test server received. The flow, the same answer for an unknown email,
 * expiry (moved in the database), single use, old sessions ended, rate limits, and the policy's
 * reasons wherever a password is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../src/generated/prisma/client.js';
import { passwordProblem } from '../src/lib/password.js';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { TEST_PASSWORD, authHeader } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';

let t: TestApp;
let smtp: TestSmtpServer;
let users: Record<'admin' | 'agent' | 'french' | 'other', User>;
const NEW_PASSWORD = 'violet-harbour-lantern-42';

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({
    seed: false,
    config: testConfig({
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'https://help.example.test',
      RATE_LIMIT_LOGIN_PER_ACCOUNT: '4',
    }),
  });
  ({ users } = await createOrganizationWithUsers(
    t.prisma,
    {
      admin: { role: 'ADMIN', email: 'reset-admin@acme.test', name: 'Ada Admin' },
      agent: { role: 'AGENT', email: 'reset-agent@acme.test', name: 'Alex Agent' },
      french: { role: 'AGENT', email: 'reset-fr@acme.test', name: 'Camille', locale: 'fr-CA' },
      other: { role: 'CUSTOMER', email: 'reset-other@acme.test', name: 'Olive' },
    },
    { name: 'Acme Support' },
  ));
});

afterAll(async () => {
  await t?.close();
  await smtp?.stop();
});

/** Signs in and returns the access token (no cache: each call is a new session). */
async function login(email: string, password = TEST_PASSWORD): Promise<string> {
  const res = await t.http().post('/api/auth/login').send({ email, password });
  expect(res.status, res.text).toBe(200);
  return res.body.accessToken as string;
}

/** Asks for a reset link, sends the mails, and returns the token of the last one received by `email`. */
async function requestLink(email: string): Promise<string> {
  const before = smtp.to(email).length;
  const res = await t.http().post('/api/auth/password-reset').send({ email });
  expect(res.status, res.text).toBe(202);
  await t.app.notifications.drain();
  const mails = smtp.to(email);
  expect(mails.length).toBe(before + 1);
  const text = mails.at(-1)!.parsed.text ?? '';
  const match = /https:\/\/help\.example\.test\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(text);
  expect(match, text).not.toBeNull();
  return decodeURIComponent(match![1]!);
}

describe('password reset', () => {
  it('sends a single-use link that sets a new password and ends the old sessions', async () => {
    const oldSession = await login(users.agent.email);
    expect((await t.http().get('/api/auth/me').set(authHeader(oldSession))).status).toBe(200);

    const token = await requestLink(users.agent.email);
    const mail = smtp.to(users.agent.email).at(-1)!;
    expect(mail.parsed.subject).toBe('Reset your Docket password');
    expect(mail.parsed.text).toContain('Acme Support');
    expect(mail.parsed.text).toContain('30 minutes');
    expect(mail.parsed.headers.get('x-docket-notification')).toBe('password_reset');
    // Only the hash is stored.
    const rows = await t.prisma.accountToken.findMany({ where: { email: users.agent.email } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.tokenHash).not.toContain(token);
    const ttl = rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime();
    expect(Math.abs(ttl - 30 * 60_000)).toBeLessThan(5_000);

    const confirmed = await t
      .http()
      .post('/api/auth/password-reset/confirm')
      .send({ token, password: NEW_PASSWORD });
    expect(confirmed.status, confirmed.text).toBe(204);

    // The old session is over; the old password no longer works; the new one does.
    const me = await t.http().get('/api/auth/me').set(authHeader(oldSession));
    expect(me.status).toBe(401);
    const wrong = await t
      .http()
      .post('/api/auth/login')
      .send({ email: users.agent.email, password: TEST_PASSWORD });
    expect(wrong.status).toBe(401);
    const fresh = await login(users.agent.email, NEW_PASSWORD);
    expect((await t.http().get('/api/auth/me').set(authHeader(fresh))).status).toBe(200);

    // Both steps are in the audit trail, naming the user by id (no email to scrub later); the
    // old session row is revoked.
    const audit = await t.prisma.organizationActivity.findMany({
      where: {
        type: { in: ['auth.password_reset_requested', 'auth.password_reset_completed'] },
        data: { path: ['userId'], equals: users.agent.id },
      },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((e) => e.type)).toEqual([
      'auth.password_reset_requested',
      'auth.password_reset_completed',
    ]);
    expect(audit[1]!.data).toMatchObject({ userId: users.agent.id });
    expect(JSON.stringify(audit.map((e) => e.data))).not.toContain(users.agent.email);
    const ended = await t.prisma.userSession.findMany({
      where: { userId: users.agent.id, revokedReason: 'password_reset' },
    });
    expect(ended.length).toBeGreaterThanOrEqual(1);

    // The link works once.
    const again = await t
      .http()
      .post('/api/auth/password-reset/confirm')
      .send({ token, password: 'another-fine-password-7' });
    expect(again.status).toBe(400);
    expect(again.body.errors[0].path).toBe('token');
    expect(again.body.detail).toMatch(/already used/);
  });

  it('answers an unknown email exactly like a known one, and sends nothing', async () => {
    const mailsBefore = smtp.mails.length;
    const started = Date.now();
    const unknown = await t
      .http()
      .post('/api/auth/password-reset')
      .send({ email: 'nobody-here@acme.test' });
    const unknownMs = Date.now() - started;
    const started2 = Date.now();
    const known = await t
      .http()
      .post('/api/auth/password-reset')
      .send({ email: users.other.email });
    const knownMs = Date.now() - started2;
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    expect(unknown.body.message).toMatch(/If an account exists/);
    // Both wait for the same floor (400 ms), whatever the work.
    expect(unknownMs).toBeGreaterThanOrEqual(390);
    expect(knownMs).toBeGreaterThanOrEqual(390);
    await t.app.notifications.drain();
    expect(smtp.mails.length).toBe(mailsBefore + 1);
    expect(smtp.to('nobody-here@acme.test')).toHaveLength(0);
    expect(await t.prisma.accountToken.count({ where: { email: 'nobody-here@acme.test' } })).toBe(
      0,
    );
  });

  it('writes the mail in the user’s language', async () => {
    await requestLink(users.french.email);
    const mail = smtp.to(users.french.email).at(-1)!;
    expect(mail.parsed.subject).toBe('Réinitialisez votre mot de passe Docket');
    expect(mail.parsed.text).toContain('30 minutes');
  });

  it('refuses an expired link, and a link replaced by a newer one', async () => {
    const first = await requestLink(users.admin.email);
    const second = await requestLink(users.admin.email);
    const replaced = await t
      .http()
      .post('/api/auth/password-reset/confirm')
      .send({ token: first, password: NEW_PASSWORD });
    expect(replaced.status).toBe(400);
    expect(replaced.body.errors[0].path).toBe('token');

    await t.prisma.accountToken.updateMany({
      where: { email: users.admin.email, usedAt: null, revokedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await t
      .http()
      .post('/api/auth/password-reset/confirm')
      .send({ token: second, password: NEW_PASSWORD });
    expect(expired.status).toBe(400);
    expect(expired.body.errors[0].path).toBe('token');
    expect(expired.body.detail).toMatch(/expired/);

    const unknown = await t
      .http()
      .post('/api/auth/password-reset/confirm')
      .send({ token: 'x'.repeat(43), password: NEW_PASSWORD });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].path).toBe('token');
    // The admin's password did not change.
    await login(users.admin.email);
  });

  it('applies the password policy, with the reason, and keeps the link usable', async () => {
    const token = await requestLink(users.other.email);
    const cases: [string, RegExp][] = [
      ['short-pw', /at least 10 characters/],
      ['password123', /too common/],
      ['qwertyuiop', /too common/],
      [users.other.email, /email address/],
      ['x'.repeat(1025), /.+/],
    ];
    for (const [password, reason] of cases) {
      const res = await t.http().post('/api/auth/password-reset/confirm').send({ token, password });
      expect(res.status, password).toBe(400);
      expect(res.body.errors.some((e: { path: string }) => e.path === 'password')).toBe(true);
      expect(JSON.stringify(res.body)).toMatch(reason);
    }
    const ok = await t
      .http()
      .post('/api/auth/password-reset/confirm')
      .send({ token, password: NEW_PASSWORD });
    expect(ok.status).toBe(204);
  });

  it('applies the policy when an admin sets a password', async () => {
    const adminToken = await login(users.admin.email);
    const created = await t
      .http()
      .post('/api/users')
      .set(authHeader(adminToken))
      .send({ email: 'policy@acme.test', name: 'Policy', role: 'AGENT', password: 'iloveyou123' });
    expect(created.status).toBe(400);
    expect(created.body.errors[0]).toMatchObject({ path: 'password' });
    expect(created.body.detail).toMatch(/too common/);
    const patched = await t
      .http()
      .patch(`/api/users/${users.other.id}`)
      .set(authHeader(adminToken))
      .send({ password: 'reset-other' });
    expect(patched.status).toBe(400);
    expect(patched.body.detail).toMatch(/email address/);
    // The demo password stays valid.
    expect(await passwordProblem(TEST_PASSWORD)).toBeNull();
  });

  it('rate-limits requests per email', async () => {
    const email = 'flood-target@acme.test';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push((await t.http().post('/api/auth/password-reset').send({ email })).status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 429]);
  });
});
