// The admin audit trail (docs/product.md "Audit trail"): security-relevant actions recorded in
// the organization activity log with actor, client address (TRUST_PROXY on here, so
// X-Forwarded-For counts) and User-Agent; the log's hash chain and its verification; filters and
// the CSV; no route that changes or removes an entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../src/generated/prisma/client.js';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { TEST_PASSWORD, authHeader, signIn } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ seed: false, config: testConfig({ TRUST_PROXY: 'true' }) });
});
afterAll(async () => t?.close());

interface Entry {
  id: string;
  type: string;
  actor: { id: string | null; name: string };
  data: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  position: number;
  createdAt: string;
}

/** A new organization with a signed-in admin (the sign-in is its first entry). */
async function organizationWithAdmin(ip = '203.0.113.7') {
  const { organization, users } = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN', name: 'Ada Admin' },
    agent: { role: 'AGENT', name: 'Arlo Agent' },
  });
  const res = await t
    .http()
    .post('/api/auth/login')
    .set('X-Forwarded-For', ip)
    .set('User-Agent', 'AuditTest/1.0')
    .send({ email: users.admin.email, password: TEST_PASSWORD });
  expect(res.status, res.text).toBe(200);
  return {
    organizationId: organization.id,
    admin: users.admin,
    agent: users.agent,
    token: res.body.accessToken as string,
  };
}

/** The organization's entries (newest first) through the API, with `query`. */
async function entries(token: string, query: Record<string, string> = {}): Promise<Entry[]> {
  const res = await t
    .http()
    .get('/api/organization/activity')
    .query({ limit: '100', ...query })
    .set(authHeader(token));
  expect(res.status, res.text).toBe(200);
  return res.body.data as Entry[];
}

async function verify(token: string) {
  const res = await t.http().get('/api/organization/activity/verify').set(authHeader(token));
  expect(res.status, res.text).toBe(200);
  return res.body as {
    valid: boolean;
    checked: number;
    firstInvalid: { id: string; position: number; reason: string } | null;
  };
}

async function createKey(token: string, name: string, ip = '198.51.100.20') {
  const res = await t
    .http()
    .post('/api/api-keys')
    .set(authHeader(token))
    .set('X-Forwarded-For', ip)
    .set('User-Agent', 'AuditTest/1.0')
    .send({ name, role: 'AGENT' });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; name: string };
}

describe('what is recorded', () => {
  it('records a successful sign-in with the forwarded address and the User-Agent', async () => {
    const { admin, token } = await organizationWithAdmin('203.0.113.7');
    const [entry] = await entries(token, { type: 'auth.sign_in_succeeded' });
    expect(entry).toMatchObject({
      type: 'auth.sign_in_succeeded',
      actor: { id: admin.id, name: 'Ada Admin' },
      ip: '203.0.113.7',
      userAgent: 'AuditTest/1.0',
      position: 1,
      data: { userId: admin.id, email: admin.email },
    });
  });

  it('records a failed sign-in of an existing account, and nothing for an unknown email', async () => {
    const { admin, token } = await organizationWithAdmin();
    const before = await t.prisma.organizationActivity.count();
    const unknown = await t
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', '192.0.2.99')
      .send({ email: 'nobody-here@factory.test', password: 'wrong-password' });
    expect(unknown.status).toBe(401);
    expect(await t.prisma.organizationActivity.count()).toBe(before);

    const wrong = await t
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', '192.0.2.44')
      .set('User-Agent', 'Brute/0.1')
      .send({ email: admin.email.toUpperCase(), password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    const [failed] = await entries(token, { type: 'auth.sign_in_failed' });
    expect(failed).toMatchObject({
      actor: { id: null },
      ip: '192.0.2.44',
      userAgent: 'Brute/0.1',
      data: { email: admin.email, userId: admin.id, reason: 'wrong_password' },
    });
  });

  it('cuts a long User-Agent to 500 characters', async () => {
    const { admin, token } = await organizationWithAdmin();
    await t
      .http()
      .post('/api/auth/login')
      .set('User-Agent', 'x'.repeat(2000))
      .send({ email: admin.email, password: 'not-the-password' });
    const [failed] = await entries(token, { type: 'auth.sign_in_failed' });
    expect(failed?.userAgent).toHaveLength(500);
  });

  it('records API keys created and revoked', async () => {
    const { admin, token } = await organizationWithAdmin();
    const key = await createKey(token, 'Booking system', '198.51.100.20');
    const revoke = await t
      .http()
      .delete(`/api/api-keys/${key.id}`)
      .set(authHeader(token))
      .set('X-Forwarded-For', '198.51.100.21');
    expect(revoke.status, revoke.text).toBe(204);
    // Revoking again changes nothing and records nothing.
    await t.http().delete(`/api/api-keys/${key.id}`).set(authHeader(token));

    const [created] = await entries(token, { type: 'api_key.created' });
    expect(created).toMatchObject({
      actor: { id: admin.id },
      ip: '198.51.100.20',
      data: { apiKeyId: key.id, name: 'Booking system' },
      after: { id: key.id, name: 'Booking system', role: 'AGENT' },
    });
    expect(JSON.stringify(created)).not.toMatch(/dk_[0-9A-Za-z]{8}_/);
    const revoked = await entries(token, { type: 'api_key.revoked' });
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatchObject({ ip: '198.51.100.21', data: { apiKeyId: key.id } });
  });

  it('records users created, role changes, deactivations and reactivations with before/after', async () => {
    const { admin, agent, token } = await organizationWithAdmin();
    const created = await t
      .http()
      .post('/api/users')
      .set(authHeader(token))
      .set('X-Forwarded-For', '198.51.100.30')
      .send({ email: 'new.agent@factory.test', name: 'New Agent', role: 'AGENT' });
    expect(created.status, created.text).toBe(201);
    const userId = created.body.id as string;

    const patch = (id: string, body: object) =>
      t
        .http()
        .patch(`/api/users/${id}`)
        .set(authHeader(token))
        .set('X-Forwarded-For', '198.51.100.31')
        .send(body);
    expect((await patch(agent.id, { role: 'ADMIN' })).status).toBe(200);
    expect((await patch(agent.id, { isActive: false })).status).toBe(200);
    expect((await patch(agent.id, { isActive: true })).status).toBe(200);
    const removed = await t.http().delete(`/api/users/${userId}`).set(authHeader(token));
    expect(removed.status, removed.text).toBe(204);

    const log = await entries(token);
    const types = log.map((e) => e.type);
    expect(types.slice(0, 5)).toEqual([
      'user.deactivated',
      'user.reactivated',
      'user.deactivated',
      'user.role_changed',
      'user.created',
    ]);
    const [deleted, reactivated, deactivated, roleChanged, createdEntry] = log;
    expect(createdEntry).toMatchObject({
      actor: { id: admin.id },
      ip: '198.51.100.30',
      data: { userId, email: 'new.agent@factory.test', role: 'AGENT' },
      after: { id: userId, role: 'AGENT', isActive: true },
    });
    expect(JSON.stringify(createdEntry)).not.toContain('passwordHash');
    expect(roleChanged).toMatchObject({
      ip: '198.51.100.31',
      before: { role: 'AGENT' },
      after: { role: 'ADMIN' },
      data: { userId: agent.id, fields: ['role'] },
    });
    expect(deactivated).toMatchObject({ before: { isActive: true }, after: { isActive: false } });
    expect(reactivated).toMatchObject({ before: { isActive: false }, after: { isActive: true } });
    expect(deleted).toMatchObject({ data: { userId }, after: { isActive: false } });
  });
});

describe('administration changes', () => {
  it('records webhook endpoint, mailbox, SLA policy, rule and group changes', async () => {
    const { token } = await organizationWithAdmin();
    const send = async (
      method: 'post' | 'patch' | 'delete',
      url: string,
      body: object | undefined,
      status: number,
    ) => {
      const http = t.http();
      const req = http[method](url).set(authHeader(token)).set('X-Forwarded-For', '198.51.100.40');
      const res = body ? await req.send(body) : await req;
      expect(res.status, `${method} ${url}: ${res.text}`).toBe(status);
      return res.body as { id: string };
    };
    const cases = [
      {
        prefix: 'webhook_endpoint',
        path: '/api/webhooks',
        create: { url: 'https://hooks.example.com/docket', eventTypes: ['ticket.created'] },
        update: { description: 'CRM sync' },
      },
      {
        prefix: 'mailbox',
        path: '/api/mailboxes',
        create: { address: `audit-${Date.now()}@acme.test`, displayName: 'Acme support' },
        update: { displayName: 'Acme help' },
      },
      {
        prefix: 'sla_policy',
        path: '/api/sla-policies',
        create: {
          name: 'Audited policy',
          targets: { firstResponseMinutes: 30, nextResponseMinutes: 60, resolutionMinutes: 600 },
        },
        update: { name: 'Audited policy 2' },
      },
      {
        prefix: 'rule',
        path: '/api/rules',
        create: {
          name: 'Audited rule',
          event: 'ticket.created',
          actions: [{ type: 'add_tags', value: ['audited'] }],
        },
        update: { name: 'Audited rule 2' },
      },
      {
        prefix: 'group',
        path: '/api/groups',
        create: { name: 'Audited group' },
        update: { description: 'Second line' },
      },
    ];
    for (const c of cases) {
      const created = await send('post', c.path, c.create, 201);
      await send('patch', `${c.path}/${created.id}`, c.update, 200);
      await send('delete', `${c.path}/${created.id}`, undefined, 204);
      const log = await entries(token);
      expect(
        log.slice(0, 3).map((e) => e.type),
        c.prefix,
      ).toEqual([`${c.prefix}.deleted`, `${c.prefix}.updated`, `${c.prefix}.created`]);
      const [deleted, updated, createdEntry] = log;
      for (const entry of [deleted, updated, createdEntry]) {
        expect(entry?.ip, c.prefix).toBe('198.51.100.40');
      }
      expect(createdEntry?.after?.id, c.prefix).toBe(created.id);
      expect(updated?.before?.id, c.prefix).toBe(created.id);
      expect(updated?.after, c.prefix).toMatchObject(c.update);
      expect(deleted?.before?.id, c.prefix).toBe(created.id);
      expect(JSON.stringify(log.slice(0, 3)), c.prefix).not.toMatch(/whsec_|inboundSecret"/);
    }
    expect(await verify(token)).toMatchObject({ valid: true, checked: 16 });
  });
});

describe('the hash chain', () => {
  it('verifies an untouched chain, positions 1…n each linked to the one before', async () => {
    const { organizationId, token } = await organizationWithAdmin();
    await createKey(token, 'One');
    await createKey(token, 'Two');
    expect(await verify(token)).toEqual({ valid: true, checked: 3, firstInvalid: null });
    const rows = await t.prisma.organizationActivity.findMany({
      where: { organizationId },
      orderBy: { position: 'asc' },
    });
    expect(rows.map((r) => Number(r.position))).toEqual([1, 2, 3]);
    expect(rows[0]!.previousHash).toBeNull();
    expect(rows[1]!.previousHash).toBe(rows[0]!.hash);
    expect(rows[2]!.previousHash).toBe(rows[1]!.hash);
    for (const row of rows) expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds an entry altered in the database', async () => {
    const { organizationId, token } = await organizationWithAdmin();
    await createKey(token, 'One');
    await createKey(token, 'Two');
    const second = await t.prisma.organizationActivity.findFirstOrThrow({
      where: { organizationId, position: 2 },
    });
    await t.prisma
      .$executeRaw`UPDATE organization_activity SET data = '{"name":"forged"}' WHERE id = ${second.id}::uuid`;
    expect(await verify(token)).toEqual({
      valid: false,
      checked: 1,
      firstInvalid: { id: second.id, position: 2, reason: 'altered' },
    });
  });

  it('finds an entry altered with its hash recomputed: the next one no longer links to it', async () => {
    const { organizationId, token } = await organizationWithAdmin();
    await createKey(token, 'One');
    await createKey(token, 'Two');
    await t.prisma.$executeRaw`
      UPDATE organization_activity
      SET ip = '10.0.0.1',
        hash = organization_activity_hash("organizationId", "position", "type", "actorId",
          '10.0.0.1', "userAgent", "data", "before", "after", "createdAt", "previousHash")
      WHERE "organizationId" = ${organizationId}::uuid AND position = 2`;
    const third = await t.prisma.organizationActivity.findFirstOrThrow({
      where: { organizationId, position: 3 },
    });
    expect(await verify(token)).toMatchObject({
      valid: false,
      checked: 2,
      firstInvalid: { id: third.id, position: 3, reason: 'broken_link' },
    });
  });

  it('finds an entry removed in the database', async () => {
    const { organizationId, token } = await organizationWithAdmin();
    await createKey(token, 'One');
    await createKey(token, 'Two');
    await t.prisma
      .$executeRaw`DELETE FROM organization_activity WHERE "organizationId" = ${organizationId}::uuid AND position = 2`;
    const third = await t.prisma.organizationActivity.findFirstOrThrow({
      where: { organizationId, position: 3 },
    });
    expect(await verify(token)).toEqual({
      valid: false,
      checked: 1,
      firstInvalid: { id: third.id, position: 3, reason: 'missing_before' },
    });
  });

  it('finds two entries swapped in the database', async () => {
    const { organizationId, token } = await organizationWithAdmin();
    await createKey(token, 'One');
    await createKey(token, 'Two');
    // Through a free position: (organizationId, position) is unique.
    const move = (from: number, to: number) =>
      t.prisma.$executeRaw`UPDATE organization_activity SET position = ${to}
        WHERE "organizationId" = ${organizationId}::uuid AND position = ${from}`;
    await move(2, -2);
    await move(3, 2);
    await move(-2, 3);
    const result = await verify(token);
    expect(result.valid).toBe(false);
    expect(result.firstInvalid?.position).toBe(2);
  });

  it('keeps one chain when 20 API keys are created at once', async () => {
    const { organizationId, token } = await organizationWithAdmin();
    await Promise.all(Array.from({ length: 20 }, (_, i) => createKey(token, `Parallel ${i}`)));
    expect(await verify(token)).toEqual({ valid: true, checked: 21, firstInvalid: null });
    const positions = await t.prisma.organizationActivity.findMany({
      where: { organizationId },
      select: { position: true },
      orderBy: { position: 'asc' },
    });
    expect(positions.map((p) => Number(p.position))).toEqual(
      Array.from({ length: 21 }, (_, i) => i + 1),
    );
  });

  it('has one chain per organization', async () => {
    const a = await organizationWithAdmin();
    const b = await organizationWithAdmin();
    await createKey(a.token, 'A');
    expect(await verify(a.token)).toMatchObject({ valid: true, checked: 2 });
    expect(await verify(b.token)).toMatchObject({ valid: true, checked: 1 });
  });
});

describe('reading the log', () => {
  let org: { organizationId: string; admin: User; agent: User; token: string };
  beforeAll(async () => {
    org = await organizationWithAdmin();
    await createKey(org.token, 'Filtered');
  });

  it('filters by type, actor and time range', async () => {
    expect((await entries(org.token, { type: 'api_key.created' })).map((e) => e.type)).toEqual([
      'api_key.created',
    ]);
    expect(await entries(org.token, { actorId: org.agent.id })).toEqual([]);
    expect(await entries(org.token, { actorId: org.admin.id })).toHaveLength(2);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await entries(org.token, { from: future })).toEqual([]);
    expect(await entries(org.token, { to: future })).toHaveLength(2);
  });

  it('answers 400 naming the field for a bad filter', async () => {
    const res = await t
      .http()
      .get('/api/organization/activity')
      .query({ actorId: 'nope' })
      .set(authHeader(org.token));
    expect(res.status).toBe(400);
    expect(res.text).toContain('actorId');
  });

  it('exports the filtered log as CSV, escaping formulas', async () => {
    await t
      .http()
      .post('/api/auth/login')
      .set('User-Agent', '=HYPERLINK("http://evil.example")')
      .send({ email: org.admin.email, password: 'not-the-password' });
    const res = await t
      .http()
      .get('/api/organization/activity.csv')
      .query({ type: 'auth.sign_in_failed' })
      .set(authHeader(org.token));
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('organization-activity.csv');
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'created_at,position,type,actor_id,actor,ip,user_agent,data,before,after,previous_hash,hash',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('auth.sign_in_failed');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
  });

  it('refuses agents and API keys', async () => {
    const agentToken = await signIn(t, org.agent);
    const key = await t
      .http()
      .post('/api/api-keys')
      .set(authHeader(org.token))
      .send({ name: 'Admin key', role: 'ADMIN' });
    for (const path of [
      '/api/organization/activity',
      '/api/organization/activity/verify',
      '/api/organization/activity.csv',
    ]) {
      for (const token of [agentToken, key.body.key as string]) {
        const res = await t.http().get(path).set(authHeader(token));
        expect(res.status, `${path}: ${res.text}`).toBe(403);
      }
    }
  });

  it('has no route that changes or removes an entry (append-only through the API)', async () => {
    const [entry] = await entries(org.token);
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      for (const url of ['/api/organization/activity', `/api/organization/activity/${entry!.id}`]) {
        expect(t.app.hasRoute({ method, url }), `${method} ${url}`).toBe(false);
        const verb = method.toLowerCase() as 'put' | 'patch' | 'delete';
        const res = await t.http()[verb](url).set(authHeader(org.token)).send({});
        expect(res.status, `${method} ${url}`).toBe(404);
      }
    }
    expect(await verify(org.token)).toMatchObject({ valid: true });
  });
});
