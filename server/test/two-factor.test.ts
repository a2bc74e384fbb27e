// Two-factor sign-in with TOTP (docs/product.md "Accounts"; docs/api.md "Two-factor sign-in")
// against the real app and database: enrolment, sign-in with and without a code, wrong codes,
// the replay rule (also under concurrency), single-use recovery codes and their regeneration,
// turning it off, the admin reset, the organization's rule with its enforced enrolment, and the
// audit trail. Codes are computed here from the secret the setup answers, with the same library.
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { TEST_PASSWORD, authHeader } from './helpers/auth.js';
import { createOrganizationWithUsers, createUser } from './helpers/factories.js';

const STEP_MS = 30_000;

let t: TestApp;
let acme: { id: string };
let adminToken: string;

beforeAll(async () => {
  t = await createTestApp({
    seed: false,
    config: testConfig({
      RATE_LIMIT_LOGIN_PER_IP: '10000',
      RATE_LIMIT_LOGIN_PER_ACCOUNT: '10000',
    }),
  });
  const org = await createOrganizationWithUsers(t.prisma, { admin: { role: 'ADMIN' } });
  acme = org.organization;
  adminToken = await login(org.users.admin.email).then((res) => res.body.accessToken as string);
});
afterAll(async () => t?.close());

/** The code of `secret` `offset` time steps from now (RFC 6238, as authenticator apps make it). */
function codeAt(secret: string, offset = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({
    timestamp: Date.now() + offset * STEP_MS,
  });
}

/**
 * Waits, when a time step ends within the next 3 seconds, until the next one has begun: the
 * steps a test computes then stay those the server sees.
 */
async function awayFromStepEdge(): Promise<void> {
  const left = STEP_MS - (Date.now() % STEP_MS);
  if (left < 3000) await new Promise((resolve) => setTimeout(resolve, left + 200));
}

function login(email: string, code?: string, password = TEST_PASSWORD) {
  return t
    .http()
    .post('/api/auth/login')
    .send({ email, password, ...(code === undefined ? {} : { code }) });
}

/**
 * A new user of `organizationId` (default acme, role AGENT) with two-factor sign-in on: enrolled
 * through the API with the code of the previous time step, so the codes of this step and the next
 * are still unused.
 */
async function enrolledUser(
  overrides: { organizationId?: string; role?: 'AGENT' | 'ADMIN' | 'CUSTOMER' } = {},
) {
  await awayFromStepEdge();
  const user = await createUser(t.prisma, {
    organizationId: overrides.organizationId ?? acme.id,
    role: overrides.role ?? 'AGENT',
  });
  const token = (await login(user.email)).body.accessToken as string;
  const setup = await t.http().post('/api/me/two-factor/setup').set(authHeader(token));
  expect(setup.status).toBe(200);
  const secret = setup.body.secret as string;
  const confirm = await t
    .http()
    .post('/api/me/two-factor/confirm')
    .set(authHeader(token))
    .send({ code: codeAt(secret, -1) });
  expect(confirm.status).toBe(200);
  return { user, token, secret, recoveryCodes: confirm.body.recoveryCodes as string[] };
}

/** The organization activity rows of `type` about the user `userId`. */
function auditRows(type: string, userId: string) {
  return t.prisma.organizationActivity.findMany({
    where: { type, data: { path: ['userId'], equals: userId } },
    orderBy: { createdAt: 'asc' },
  });
}

describe('enrolment', () => {
  it('sets up a secret, refuses a wrong code, confirms a right one and gives ten recovery codes once', async () => {
    await awayFromStepEdge();
    const user = await createUser(t.prisma, { organizationId: acme.id, role: 'AGENT' });
    const token = (await login(user.email)).body.accessToken as string;

    const before = await t.http().get('/api/me/two-factor').set(authHeader(token));
    expect(before.status).toBe(200);
    expect(before.body).toEqual({
      enabled: false,
      enabledAt: null,
      recoveryCodesLeft: 0,
      required: false,
    });

    const first = await t.http().post('/api/me/two-factor/setup').set(authHeader(token));
    expect(first.status).toBe(200);
    expect(first.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(first.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Docket:/);
    expect(first.body.otpauthUri).toContain(`secret=${first.body.secret}`);
    expect(first.body.qrCodeSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    // Re-callable: a new secret replaces the pending one.
    const setup = await t.http().post('/api/me/two-factor/setup').set(authHeader(token));
    expect(setup.body.secret).not.toBe(first.body.secret);
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.totpPendingSecret).not.toBeNull();
    expect(row.totpPendingSecret).not.toContain(setup.body.secret); // sealed at rest
    expect(row.totpEnabledAt).toBeNull();

    // A code of the replaced secret, or a wrong one, is refused naming `code`.
    for (const code of [codeAt(first.body.secret), '000000', 'abc']) {
      const wrong = await t
        .http()
        .post('/api/me/two-factor/confirm')
        .set(authHeader(token))
        .send({ code });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors?.[0]?.path).toBe('code');
    }

    const confirm = await t
      .http()
      .post('/api/me/two-factor/confirm')
      .set(authHeader(token))
      .send({ code: codeAt(setup.body.secret) });
    expect(confirm.status).toBe(200);
    const codes = confirm.body.recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const stored = await t.prisma.totpRecoveryCode.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(10);
    expect(stored.map((c) => c.codeHash)).not.toContain(codes[0]);
    for (const c of stored) expect(c.codeHash).toMatch(/^[0-9a-f]{64}$/);

    const after = await t.http().get('/api/me/two-factor').set(authHeader(token));
    expect(after.body).toMatchObject({ enabled: true, recoveryCodesLeft: 10, required: false });
    expect(Date.parse(after.body.enabledAt)).not.toBeNaN();

    // Once on: no second setup, no second confirmation.
    const again = await t.http().post('/api/me/two-factor/setup').set(authHeader(token));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('two_factor_enabled');

    const enrolled = await auditRows('auth.two_factor_enrolled', user.id);
    expect(enrolled).toHaveLength(1);
    expect(enrolled[0]!.actorId).toBe(user.id);
    expect(JSON.stringify(enrolled[0]!.data)).not.toContain(user.email);
  });

  it('refuses a confirmation before any setup', async () => {
    const user = await createUser(t.prisma, { organizationId: acme.id });
    const token = (await login(user.email)).body.accessToken as string;
    const res = await t
      .http()
      .post('/api/me/two-factor/confirm')
      .set(authHeader(token))
      .send({ code: '123456' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('two_factor_not_set_up');
  });
});

describe('signing in', () => {
  it('asks for the code only after the password is proven, then accepts a current code', async () => {
    const { user, secret } = await enrolledUser();

    const wrongPassword = await login(user.email, undefined, 'not-the-password');
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body.code).toBe('unauthorized');
    // A code with a wrong password changes nothing: the same answer.
    const wrongPasswordWithCode = await login(user.email, codeAt(secret), 'not-the-password');
    expect(wrongPasswordWithCode.status).toBe(401);
    expect(wrongPasswordWithCode.body.code).toBe('unauthorized');

    const noCode = await login(user.email);
    expect(noCode.status).toBe(401);
    expect(noCode.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(noCode.body).toMatchObject({ code: 'two_factor_required', status: 401 });
    expect(noCode.body).not.toHaveProperty('accessToken');

    const wrong = await login(user.email, '000000');
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_two_factor_code');
    const failures = await auditRows('auth.sign_in_failed', user.id);
    expect(failures.map((r) => (r.data as { reason: string }).reason)).toContain(
      'invalid_two_factor_code',
    );

    const ok = await login(user.email, codeAt(secret));
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ id: user.id, twoFactorEnrolmentRequired: false });
    const me = await t.http().get('/api/auth/me').set(authHeader(ok.body.accessToken));
    expect(me.status).toBe(200);
  });

  it('refuses the replay of a code, and of any code of an earlier step', async () => {
    const { user, secret } = await enrolledUser();
    const code = codeAt(secret);
    expect((await login(user.email, code)).status).toBe(200);
    const replay = await login(user.email, code);
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('invalid_two_factor_code');
    // The enrolment used the previous step's code: it cannot sign in either.
    expect((await login(user.email, codeAt(secret, -1))).status).toBe(401);
    // The next step's code is still good (clock drift of one step).
    expect((await login(user.email, codeAt(secret, 1))).status).toBe(200);
  });

  it('lets one of two concurrent sign-ins with the same code through', async () => {
    const { user, secret } = await enrolledUser();
    const code = codeAt(secret);
    const answers = await Promise.all([login(user.email, code), login(user.email, code)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401]);
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.totpLastStep).toBe(Math.floor(Date.now() / STEP_MS));
  });

  it('accepts each recovery code once, concurrent uses included', async () => {
    const { user, recoveryCodes } = await enrolledUser();
    const [first, second] = recoveryCodes as [string, string];
    // Typed in capitals with a space instead of the dash: the same code.
    const ok = await login(user.email, first.toUpperCase().replace('-', ' '));
    expect(ok.status).toBe(200);
    const again = await login(user.email, first);
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('invalid_two_factor_code');

    const both = await Promise.all([login(user.email, second), login(user.email, second)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 401]);

    const used = await auditRows('auth.recovery_code_used', user.id);
    expect(used).toHaveLength(2);
    expect(used[0]!.actorId).toBe(user.id);
    const status = await t.http().get('/api/me/two-factor').set(authHeader(ok.body.accessToken));
    expect(status.body.recoveryCodesLeft).toBe(8);
  });

  it('bounds the code field', async () => {
    const res = await login('anyone@example.test', 'x'.repeat(33));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('code');
  });
});

describe('managing it', () => {
  it('regenerates the recovery codes with a current code: the old ones stop working', async () => {
    const { user, token, secret, recoveryCodes } = await enrolledUser();
    const wrong = await t
      .http()
      .post('/api/me/two-factor/recovery-codes')
      .set(authHeader(token))
      .send({ code: '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('invalid_two_factor_code');

    const res = await t
      .http()
      .post('/api/me/two-factor/recovery-codes')
      .set(authHeader(token))
      .send({ code: codeAt(secret) });
    expect(res.status).toBe(200);
    const fresh = res.body.recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(recoveryCodes[0]);
    expect((await login(user.email, recoveryCodes[0])).status).toBe(401);
    expect((await login(user.email, fresh[0])).status).toBe(200);
    expect(await auditRows('auth.recovery_codes_regenerated', user.id)).toHaveLength(1);
  });

  it('turns it off with the password', async () => {
    const { user, token } = await enrolledUser();
    const wrong = await t
      .http()
      .delete('/api/me/two-factor')
      .set(authHeader(token))
      .send({ password: 'not-the-password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].path).toBe('password');

    const res = await t
      .http()
      .delete('/api/me/two-factor')
      .set(authHeader(token))
      .send({ password: TEST_PASSWORD });
    expect(res.status).toBe(204);
    expect((await login(user.email)).status).toBe(200);
    expect(await t.prisma.totpRecoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await auditRows('auth.two_factor_disabled', user.id)).toHaveLength(1);
  });

  it("lets an admin reset a user of their organization, and no one else's", async () => {
    const { user, secret } = await enrolledUser();
    const other = await createOrganizationWithUsers(t.prisma, { admin: { role: 'ADMIN' } });
    const otherAdmin = (await login(other.users.admin.email)).body.accessToken as string;
    const agentToken = (await login(user.email, codeAt(secret))).body.accessToken as string;

    const foreign = await t
      .http()
      .post(`/api/users/${user.id}/two-factor/reset`)
      .set(authHeader(otherAdmin));
    expect(foreign.status).toBe(404);
    const byAgent = await t
      .http()
      .post(`/api/users/${user.id}/two-factor/reset`)
      .set(authHeader(agentToken));
    expect(byAgent.status).toBe(403);

    const res = await t
      .http()
      .post(`/api/users/${user.id}/two-factor/reset`)
      .set(authHeader(adminToken));
    expect(res.status).toBe(204);
    expect((await login(user.email)).status).toBe(200);
    const status = await t.http().get('/api/me/two-factor').set(authHeader(agentToken));
    expect(status.body.enabled).toBe(false);
    const rows = await auditRows('auth.two_factor_reset', user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actorId).not.toBe(user.id);
  });
});

describe("the organization's rule", () => {
  it('forces staff without two-factor sign-in to enrol before anything else', async () => {
    const org = await createOrganizationWithUsers(t.prisma, {
      admin: { role: 'ADMIN' },
      agent: { role: 'AGENT' },
      customer: { role: 'CUSTOMER' },
    });
    const admin = (await login(org.users.admin.email)).body.accessToken as string;
    const current = await t.http().get('/api/organization/security').set(authHeader(admin));
    expect(current.body).toEqual({ requireTwoFactor: 'off' });
    const bad = await t
      .http()
      .patch('/api/organization/security')
      .set(authHeader(admin))
      .send({ requireTwoFactor: 'everyone' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('requireTwoFactor');
    const set = await t
      .http()
      .patch('/api/organization/security')
      .set(authHeader(admin))
      .send({ requireTwoFactor: 'staff' });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ requireTwoFactor: 'staff' });
    const settings = await t.prisma.organization.findUniqueOrThrow({
      where: { id: org.organization.id },
    });
    expect(settings.settings).toMatchObject({ requireTwoFactor: 'staff', timeZone: 'UTC' });
    expect(
      await t.prisma.organizationActivity.count({
        where: { organizationId: org.organization.id, type: 'security_settings.updated' },
      }),
    ).toBe(1);

    await awayFromStepEdge();
    const signIn = await login(org.users.agent.email);
    expect(signIn.status).toBe(200);
    expect(signIn.body.user.twoFactorEnrolmentRequired).toBe(true);
    const token = signIn.body.accessToken as string;

    const blocked = await t.http().get('/api/tickets').set(authHeader(token));
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('two_factor_enrolment_required');
    const profile = await t.http().get('/api/me').set(authHeader(token));
    expect(profile.status).toBe(403);
    // What enrolment needs still answers.
    const me = await t.http().get('/api/auth/me').set(authHeader(token));
    expect(me.status).toBe(200);
    expect(me.body.twoFactorEnrolmentRequired).toBe(true);
    const status = await t.http().get('/api/me/two-factor').set(authHeader(token));
    expect(status.body).toMatchObject({ enabled: false, required: true });

    // Customers are not staff: nothing changes for them.
    const customer = (await login(org.users.customer.email)).body;
    expect(customer.user.twoFactorEnrolmentRequired).toBe(false);
    expect((await t.http().get('/api/tickets').set(authHeader(customer.accessToken))).status).toBe(
      200,
    );

    const setup = await t.http().post('/api/me/two-factor/setup').set(authHeader(token));
    const confirm = await t
      .http()
      .post('/api/me/two-factor/confirm')
      .set(authHeader(token))
      .send({ code: codeAt(setup.body.secret) });
    expect(confirm.status).toBe(200);

    // Enrolled: the same token now reaches everything its role may.
    expect((await t.http().get('/api/tickets').set(authHeader(token))).status).toBe(200);
    const meAfter = await t.http().get('/api/auth/me').set(authHeader(token));
    expect(meAfter.body.twoFactorEnrolmentRequired).toBe(false);
    // Required for their role: it cannot be turned off.
    const off = await t
      .http()
      .delete('/api/me/two-factor')
      .set(authHeader(token))
      .send({ password: TEST_PASSWORD });
    expect(off.status).toBe(403);
    // And the next sign-in asks for the code.
    expect((await login(org.users.agent.email)).body.code).toBe('two_factor_required');
  });
});
