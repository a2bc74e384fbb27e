// Users of an organization, managed by its admins (docs/product.md roles table "manage users").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn, signInAll, TEST_PASSWORD } from './helpers/auth.js';
import { createAdminAndAgentKeys, createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let admin: string;
let agent: string;
let customer: string;
let globexAdmin: string;
let adminKey: string;
let agentKey: string;
const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

const USER_FIELDS = [
  'availability',
  'createdAt',
  'email',
  'groupRestricted',
  'id',
  'isActive',
  'lastLoginAt',
  'locale',
  'name',
  'organizationId',
  'role',
  'timeZone',
  'updatedAt',
];

let acmeId: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  // The people this file's assertions name, by email, name and time zone.
  const acme = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN', email: 'admin@acme.test', name: 'Ada Admin' },
    agent: { role: 'AGENT', email: 'agent@acme.test', name: 'Alex Agent' },
    agent2: {
      role: 'AGENT',
      email: 'agent2@acme.test',
      name: 'Camille Tremblay',
      timeZone: 'America/Montreal',
    },
    customer: { role: 'CUSTOMER', email: 'customer@acme.test', name: 'Casey Customer' },
    customer2: { role: 'CUSTOMER', email: 'customer2@acme.test', name: 'Élodie Gagnon' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN', email: 'admin@globex.test' },
    agent: { role: 'AGENT', email: 'agent@globex.test' },
    customer: { role: 'CUSTOMER', email: 'customer@globex.test' },
  });
  acmeId = acme.organization.id;
  ({ admin, agent, customer } = await signInAll(t, acme.users));
  globexAdmin = await signIn(t, globex.users.admin);
  ({ adminKey, agentKey } = await createAdminAndAgentKeys(t.prisma, acmeId, acme.users.admin.id));
});
afterAll(async () => t?.close());

let counter = 0;
/** Creates a user through the API as the organization's admin. */
async function createUser(body: Record<string, unknown> = {}) {
  counter++;
  const res = await t
    .http()
    .post('/api/users')
    .set(authHeader(admin))
    .send({
      email: `person${counter}@acme.test`,
      name: `Person ${counter}`,
      role: 'AGENT',
      ...body,
    });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; email: string; name: string; role: string; isActive: boolean };
}

/** A sign-in request, answered as it is (these tests check refusals too). */
const postLogin = (email: string, password = TEST_PASSWORD) =>
  t.http().post('/api/auth/login').send({ email, password });

describe('GET /api/users', () => {
  it("lists the admin's organization by name, never the password hash", async () => {
    const res = await t.http().get('/api/users?limit=100').set(authHeader(admin));
    expect(res.status).toBe(200);
    const expected = await t.prisma.user.count({ where: { organizationId: acmeId } });
    expect(res.body.data).toHaveLength(expected);
    expect(res.body.nextCursor).toBeNull();
    for (const user of res.body.data) {
      expect(user.organizationId).toBe(acmeId);
      expect(Object.keys(user).sort()).toEqual(USER_FIELDS);
    }
    expect(res.text).not.toMatch(/scrypt|passwordHash/);
    const emails = res.body.data.map((u: { email: string }) => u.email);
    expect(emails).toContain('customer2@acme.test');
    expect(emails).not.toContain('admin@globex.test');
    const names = res.body.data.map((u: { name: string }) => u.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('walks every page with the cursor, without repeats', async () => {
    const all = await t.http().get('/api/users?limit=100').set(authHeader(admin));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { data: { id: string }[]; nextCursor: string | null } } =
        await t
          .http()
          .get('/api/users')
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set(authHeader(admin));
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((u) => u.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.data.map((u: { id: string }) => u.id));
    const bad = await t.http().get('/api/users?cursor=nonsense').set(authHeader(admin));
    expect(bad.status).toBe(400);
    expect(paths(bad.body)).toEqual(['cursor']);
  });

  it('filters by role, isActive and q (name or email, any case, wildcards literal)', async () => {
    const odd = await createUser({
      name: '100% Sure_Thing',
      email: 'odd@acme.test',
      role: 'CUSTOMER',
    });
    const inactive = await createUser({ name: 'Gone Person' });
    await t.http().delete(`/api/users/${inactive.id}`).set(authHeader(admin)).expect(204);

    const customers = await t.http().get('/api/users?role=CUSTOMER').set(authHeader(admin));
    expect(new Set(customers.body.data.map((u: { role: string }) => u.role))).toEqual(
      new Set(['CUSTOMER']),
    );
    const staff = await t
      .http()
      .get('/api/users?role=AGENT,ADMIN&limit=100')
      .set(authHeader(admin));
    expect(staff.body.data.map((u: { email: string }) => u.email)).toEqual(
      expect.arrayContaining(['admin@acme.test', 'agent@acme.test', 'agent2@acme.test']),
    );
    expect(staff.body.data.some((u: { role: string }) => u.role === 'CUSTOMER')).toBe(false);

    const inactiveList = await t.http().get('/api/users?isActive=false').set(authHeader(admin));
    expect(inactiveList.body.data.map((u: { id: string }) => u.id)).toEqual([inactive.id]);

    const byName = await t.http().get('/api/users').query({ q: 'GAGNON' }).set(authHeader(admin));
    expect(byName.body.data.map((u: { email: string }) => u.email)).toEqual([
      'customer2@acme.test',
    ]);
    const byEmail = await t.http().get('/api/users').query({ q: 'agent2@' }).set(authHeader(admin));
    expect(byEmail.body.data.map((u: { email: string }) => u.email)).toEqual(['agent2@acme.test']);
    // LIKE wildcards match themselves only.
    for (const q of ['%', '100%', '_thing', 'o_d', '%d%']) {
      const res = await t.http().get('/api/users').query({ q }).set(authHeader(admin));
      expect(res.status).toBe(200);
      const ids = res.body.data.map((u: { id: string }) => u.id);
      expect(ids, q).toEqual(q === 'o_d' || q === '%d%' ? [] : [odd.id]);
    }
  });

  it('refuses bad filters with the field named', async () => {
    const res = await t
      .http()
      .get('/api/users?role=ROOT&isActive=maybe&limit=0')
      .set(authHeader(admin));
    expect(res.status).toBe(400);
    expect(paths(res.body).map((p) => p.split('.')[0])).toEqual(
      expect.arrayContaining(['role', 'isActive', 'limit']),
    );
  });

  it('lets agents and API keys list staff only; customers never', async () => {
    for (const token of [agent, agentKey, adminKey]) {
      const ok = await t.http().get('/api/users?role=AGENT,ADMIN').set(authHeader(token));
      expect(ok.status).toBe(200);
      expect(ok.body.data.length).toBeGreaterThanOrEqual(3);
      expect(ok.body.data.every((u: { role: string }) => u.role !== 'CUSTOMER')).toBe(true);
      for (const query of ['', '?role=CUSTOMER', '?role=AGENT,CUSTOMER']) {
        const res = await t.http().get(`/api/users${query}`).set(authHeader(token));
        expect(res.status, query).toBe(403);
        expect(paths(res.body)).toEqual(['role']);
      }
    }
    for (const query of ['', '?role=AGENT,ADMIN']) {
      const res = await t.http().get(`/api/users${query}`).set(authHeader(customer));
      expect(res.status).toBe(403);
    }
    expect((await t.http().get('/api/users')).status).toBe(401);
  });
});

describe('POST /api/users', () => {
  it("creates a user in the admin's organization who can sign in", async () => {
    const res = await t.http().post('/api/users').set(authHeader(admin)).send({
      email: 'New.Agent@Acme.test',
      name: '  Noor Agent ',
      role: 'AGENT',
      password: 'correct horse battery',
      locale: 'fr-CA',
      timeZone: 'america/toronto',
    });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/users/${res.body.id}`);
    expect(res.body).toMatchObject({
      email: 'new.agent@acme.test',
      name: 'Noor Agent',
      role: 'AGENT',
      organizationId: acmeId,
      locale: 'fr-CA',
      timeZone: 'America/Toronto',
      isActive: true,
      lastLoginAt: null,
    });
    expect(Object.keys(res.body).sort()).toEqual(USER_FIELDS);
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    const login = await postLogin('new.agent@acme.test', 'correct horse battery');
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ role: 'AGENT', organizationId: acmeId });
  });

  it('defaults locale and time zone; without a password the user cannot sign in', async () => {
    const user = await createUser({ email: 'nopassword@acme.test', role: 'CUSTOMER' });
    expect(user).toMatchObject({ role: 'CUSTOMER', locale: 'en', timeZone: 'UTC' });
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toBeNull();
    expect((await postLogin('nopassword@acme.test', 'anything-at-all')).status).toBe(401);
  });

  it("answers 409 for an email in use, in any case; another organization's user is never revealed", async () => {
    const before = await t.prisma.user.count();
    const own = await t
      .http()
      .post('/api/users')
      .set(authHeader(admin))
      .send({ email: 'Agent@Acme.test', name: 'Dup', role: 'AGENT' });
    expect(own.status).toBe(409);
    expect(own.body.code).toBe('email_taken');
    // Another organization's address: a neutral answer that neither names nor confirms it.
    const foreign = await t
      .http()
      .post('/api/users')
      .set(authHeader(admin))
      .send({ email: 'admin@globex.test', name: 'Dup', role: 'AGENT' });
    expect(foreign.status).toBe(409);
    expect(foreign.body.code).toBe('email_unavailable');
    expect(JSON.stringify(foreign.body)).not.toMatch(/globex|exist/i);
    // Two admins creating the same email at once: one wins.
    const body = { email: 'race@acme.test', name: 'Race', role: 'AGENT' };
    const results = await Promise.all([
      t.http().post('/api/users').set(authHeader(admin)).send(body),
      t.http().post('/api/users').set(authHeader(admin)).send(body),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await t.prisma.user.count()).toBe(before + 1);
  });

  it('names each invalid field and writes nothing', async () => {
    const before = await t.prisma.user.count();
    const res = await t.http().post('/api/users').set(authHeader(admin)).send({
      email: 'not-an-email',
      name: '',
      role: 'ROOT',
      password: 'short',
      locale: 'de',
      timeZone: 'Mars/Olympus_Mons',
      organizationId: '00000000-0000-4000-8000-000000000000',
      passwordHash: 'x',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(paths(res.body)).toEqual(
      expect.arrayContaining([
        'email',
        'name',
        'role',
        'password',
        'locale',
        'timeZone',
        'organizationId',
        'passwordHash',
      ]),
    );
    const missing = await t.http().post('/api/users').set(authHeader(admin)).send({});
    expect(paths(missing.body)).toEqual(expect.arrayContaining(['email', 'name', 'role']));
    expect(await t.prisma.user.count()).toBe(before);
  });

  it('is for signed-in admins only: agents, customers and API keys get 403', async () => {
    const before = await t.prisma.user.count();
    for (const token of [agent, customer, adminKey, agentKey]) {
      const res = await t
        .http()
        .post('/api/users')
        .set(authHeader(token))
        .send({ email: 'sneaky@acme.test', name: 'Sneaky', role: 'ADMIN' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
    // Credentials before shape: no token is 401 and a forbidden role is 403, whatever the body.
    expect((await t.http().post('/api/users').send({ bogus: 1 })).status).toBe(401);
    expect((await t.http().post('/api/users').set(authHeader('not-a-token')).send({})).status).toBe(
      401,
    );
    expect(
      (await t.http().post('/api/users').set(authHeader(agent)).send({ bogus: 1 })).status,
    ).toBe(403);
    expect(await t.prisma.user.count()).toBe(before);
  });
});

describe('GET /api/users/:id', () => {
  it("returns a user of the organization; another organization's is 404", async () => {
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: 'agent2@acme.test' } });
    const res = await t.http().get(`/api/users/${user.id}`).set(authHeader(admin));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: user.id,
      email: 'agent2@acme.test',
      timeZone: 'America/Montreal',
    });
    expect(res.body).not.toHaveProperty('passwordHash');
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '42']) {
      expect((await t.http().get(`/api/users/${id}`).set(authHeader(admin))).status).toBe(404);
    }
    const other = await t.http().get(`/api/users/${user.id}`).set(authHeader(globexAdmin));
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('not_found');
  });

  it('is for signed-in admins only', async () => {
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: 'agent@acme.test' } });
    for (const token of [agent, customer, adminKey, agentKey]) {
      expect((await t.http().get(`/api/users/${user.id}`).set(authHeader(token))).status).toBe(403);
    }
  });
});

describe('PATCH /api/users/:id', () => {
  it('changes name, role, locale, time zone and password; the new password ends the sessions', async () => {
    const user = await createUser({ role: 'CUSTOMER', password: 'first-password-1' });
    const login = await postLogin(user.email, 'first-password-1');
    const token = login.body.accessToken as string;
    expect((await t.http().get('/api/users?role=AGENT').set(authHeader(token))).status).toBe(403);

    const res = await t.http().patch(`/api/users/${user.id}`).set(authHeader(admin)).send({
      name: 'Promoted Person',
      role: 'AGENT',
      locale: 'fr-CA',
      timeZone: 'Europe/Paris',
      password: 'second-password-2',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Promoted Person',
      role: 'AGENT',
      locale: 'fr-CA',
      timeZone: 'Europe/Paris',
    });
    // An admin setting the password ends the user's sessions (docs/product.md "Accounts")…
    expect((await t.http().get('/api/auth/me').set(authHeader(token))).status).toBe(401);
    expect((await postLogin(user.email, 'first-password-1')).status).toBe(401);
    const again = await postLogin(user.email, 'second-password-2');
    expect(again.status).toBe(200);
    // …and the new role applies.
    expect(
      (await t.http().get('/api/users?role=AGENT').set(authHeader(again.body.accessToken))).status,
    ).toBe(200);
  });

  it('deactivates and reactivates with isActive; the sessions stay ended', async () => {
    const user = await createUser({ password: 'some-password-9' });
    const token = (await postLogin(user.email, 'some-password-9')).body.accessToken as string;
    const off = await t
      .http()
      .patch(`/api/users/${user.id}`)
      .set(authHeader(admin))
      .send({ isActive: false });
    expect(off.status).toBe(200);
    expect(off.body.isActive).toBe(false);
    expect((await t.http().get('/api/auth/me').set(authHeader(token))).status).toBe(401);
    await t
      .http()
      .patch(`/api/users/${user.id}`)
      .set(authHeader(admin))
      .send({ isActive: true })
      .expect(200);
    // Deactivation ended the sessions: reactivated, the user signs in again.
    expect((await t.http().get('/api/auth/me').set(authHeader(token))).status).toBe(401);
    const again = (await postLogin(user.email, 'some-password-9')).body.accessToken as string;
    expect((await t.http().get('/api/auth/me').set(authHeader(again))).status).toBe(200);
  });

  it('refuses an admin demoting or deactivating themselves with 409 self_lockout', async () => {
    const me = await t.prisma.user.findUniqueOrThrow({ where: { email: 'admin@acme.test' } });
    for (const body of [
      { role: 'AGENT' },
      { role: 'CUSTOMER' },
      { isActive: false },
      { name: 'X', isActive: false },
    ]) {
      const res = await t.http().patch(`/api/users/${me.id}`).set(authHeader(admin)).send(body);
      expect(res.status, JSON.stringify(body)).toBe(409);
      expect(res.body.code).toBe('self_lockout');
    }
    const after = await t.prisma.user.findUniqueOrThrow({ where: { id: me.id } });
    expect(after).toMatchObject({ role: 'ADMIN', isActive: true, name: me.name });
    // Changing one's own name (or keeping the admin role) is fine.
    const ok = await t
      .http()
      .patch(`/api/users/${me.id}`)
      .set(authHeader(admin))
      .send({ name: 'Ada A. Admin', role: 'ADMIN' });
    expect(ok.status).toBe(200);
    // Another admin may demote them.
    const second = await createUser({ role: 'ADMIN', password: 'admin-two-password' });
    const token = (await postLogin(second.email, 'admin-two-password')).body.accessToken as string;
    const demote = await t
      .http()
      .patch(`/api/users/${second.id}`)
      .set(authHeader(admin))
      .send({ role: 'AGENT' });
    expect(demote.status).toBe(200);
    expect((await t.http().get('/api/api-keys').set(authHeader(token))).status).toBe(403);
  });

  it('names invalid fields, refuses an empty body, and writes nothing', async () => {
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: 'agent2@acme.test' } });
    const res = await t.http().patch(`/api/users/${user.id}`).set(authHeader(admin)).send({
      name: '',
      role: 'BOSS',
      timeZone: 'Nowhere/City',
      password: 'short',
      email: 'x@acme.test',
      isActive: 'no',
    });
    expect(res.status).toBe(400);
    expect(paths(res.body)).toEqual(
      expect.arrayContaining(['name', 'role', 'timeZone', 'password', 'email', 'isActive']),
    );
    const empty = await t.http().patch(`/api/users/${user.id}`).set(authHeader(admin)).send({});
    expect(empty.status).toBe(400);
    expect(await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(user);
  });

  it("answers 404 for another organization's user and 403 to other roles", async () => {
    const globexAgent = await t.prisma.user.findUniqueOrThrow({
      where: { email: 'agent@globex.test' },
    });
    const res = await t
      .http()
      .patch(`/api/users/${globexAgent.id}`)
      .set(authHeader(admin))
      .send({ role: 'CUSTOMER' });
    expect(res.status).toBe(404);
    const acmeAgent = await t.prisma.user.findUniqueOrThrow({
      where: { email: 'agent2@acme.test' },
    });
    for (const token of [agent, customer, adminKey, agentKey]) {
      const r = await t
        .http()
        .patch(`/api/users/${acmeAgent.id}`)
        .set(authHeader(token))
        .send({ role: 'ADMIN' });
      expect(r.status).toBe(403);
    }
    const globexAfter = await t.prisma.user.findUniqueOrThrow({ where: { id: globexAgent.id } });
    expect(globexAfter.role).toBe('AGENT');
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: acmeAgent.id } })).role).toBe(
      'AGENT',
    );
  });
});

describe('DELETE /api/users/:id', () => {
  it('deactivates the user: 204, they cannot sign in and their token stops working', async () => {
    const user = await createUser({ password: 'leaving-soon-1' });
    const token = (await postLogin(user.email, 'leaving-soon-1')).body.accessToken as string;
    const res = await t.http().delete(`/api/users/${user.id}`).set(authHeader(admin));
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).isActive).toBe(
      false,
    );
    expect((await t.http().get('/api/auth/me').set(authHeader(token))).status).toBe(401);
    expect((await postLogin(user.email, 'leaving-soon-1')).status).toBe(401);
    // Again: nothing changes, still 204.
    await t.http().delete(`/api/users/${user.id}`).set(authHeader(admin)).expect(204);
  });

  it('refuses deactivating oneself (409), another organization (404) and other roles (403)', async () => {
    const me = await t.prisma.user.findUniqueOrThrow({ where: { email: 'admin@acme.test' } });
    const self = await t.http().delete(`/api/users/${me.id}`).set(authHeader(admin));
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('self_lockout');
    const globexCustomer = await t.prisma.user.findUniqueOrThrow({
      where: { email: 'customer@globex.test' },
    });
    expect(
      (await t.http().delete(`/api/users/${globexCustomer.id}`).set(authHeader(admin))).status,
    ).toBe(404);
    const target = await t.prisma.user.findUniqueOrThrow({
      where: { email: 'customer2@acme.test' },
    });
    for (const token of [agent, customer, adminKey, agentKey]) {
      expect((await t.http().delete(`/api/users/${target.id}`).set(authHeader(token))).status).toBe(
        403,
      );
    }
    const acmeUserByGlobex = await t
      .http()
      .delete(`/api/users/${target.id}`)
      .set(authHeader(globexAdmin));
    expect(acmeUserByGlobex.status).toBe(404);
    for (const id of [me.id, globexCustomer.id, target.id]) {
      expect((await t.prisma.user.findUniqueOrThrow({ where: { id } })).isActive).toBe(true);
    }
  });
});
