// API keys: created by admins, shown once, hashed at rest, revocable, authenticating integrators
// (docs/product.md roles table "API key" column, docs/api.md "Auth").
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../src/generated/prisma/client.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers, createTicket } from './helpers/factories.js';

let t: TestApp;
let admin: string;
let agent: string;
let customer: string;
let globexAdmin: string;
const KEY_FORMAT = /^dk_([0-9A-Za-z]{8})_[A-Za-z0-9_-]{43}$/;

let acmeId: string;
let adminUser: User;
let globexTicketId: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const acme = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN', name: 'Ada Admin' },
    agent: { role: 'AGENT' },
    customer: { role: 'CUSTOMER' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { admin: { role: 'ADMIN' } });
  ({ admin, agent, customer } = await signInAll(t, acme.users));
  globexAdmin = await signIn(t, globex.users.admin);
  acmeId = acme.organization.id;
  adminUser = acme.users.admin;
  // Tickets of both organizations, for what a key may see.
  await createTicket(t.prisma, { requesterId: acme.users.customer.id });
  await createTicket(t.prisma, { organizationId: acmeId, status: 'OPEN' });
  globexTicketId = (await createTicket(t.prisma, { organizationId: globex.organization.id })).id;
});
afterAll(async () => t?.close());

/** Creates a key through the API as the organization's admin and returns the create answer. */
async function createKey(body: Record<string, unknown> = {}, token = admin) {
  const res = await t
    .http()
    .post('/api/api-keys')
    .set(authHeader(token))
    .send({ name: 'Booking system', role: 'AGENT', ...body });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; key: string; prefix: string; name: string; role: string };
}

const validTicket = {
  subject: 'Appointment could not be booked',
  description: 'The booking widget shows an error when choosing Tuesday at 10:00.',
  requesterName: 'Maya Patel',
  requesterEmail: 'maya.patel@example.com',
};

describe('POST /api/api-keys', () => {
  it('creates a key, shows the secret once, and stores only its SHA-256', async () => {
    const res = await t
      .http()
      .post('/api/api-keys')
      .set(authHeader(admin))
      .send({ name: '  Website form  ', role: 'AGENT' });
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body;
    expect(body.key).toMatch(KEY_FORMAT);
    expect(KEY_FORMAT.exec(body.key)![1]).toBe(body.prefix);
    expect(body).toMatchObject({
      name: 'Website form',
      role: 'AGENT',
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
      createdBy: { id: adminUser.id, name: 'Ada Admin' },
    });
    expect(Object.keys(body).sort()).toEqual([
      'createdAt',
      'createdBy',
      'expiresAt',
      'groupIds',
      'id',
      'key',
      'lastUsedAt',
      'name',
      'prefix',
      'revokedAt',
      'role',
      'scopes',
    ]);
    // A role key: its role kept, and that role's scopes stored (docs/api.md "API keys").
    expect(body.scopes).toEqual(['tickets:read', 'tickets:write', 'chats:write']);
    expect(body.groupIds).toEqual([]);
    const row = await t.prisma.apiKey.findUniqueOrThrow({ where: { id: body.id } });
    expect(row).toMatchObject({
      role: 'AGENT',
      scopes: ['tickets:read', 'tickets:write', 'chats:write'],
      groupIds: [],
    });
    expect(row.keyHash).toBe(createHash('sha256').update(body.key).digest('hex'));
    expect(row.organizationId).toBe(adminUser.organizationId);
    expect(JSON.stringify(row)).not.toContain(body.key.slice(12));
  });

  it('never keeps the secret for an Idempotency-Key replay: each create makes a new key', async () => {
    const send = () =>
      t
        .http()
        .post('/api/api-keys')
        .set(authHeader(admin))
        .set('Idempotency-Key', 'create-key-once')
        .send({ name: 'Retried', role: 'AGENT' });
    const first = await send();
    const second = await send();
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.body.key).not.toBe(first.body.key);
    const records = await t.prisma.idempotencyRecord.findMany();
    expect(JSON.stringify(records)).not.toContain(first.body.key);
  });

  it('makes a different key every time', async () => {
    const [a, b] = await Promise.all([createKey({ name: 'A' }), createKey({ name: 'B' })]);
    expect(a.key).not.toBe(b.key);
    expect(a.prefix).not.toBe(b.prefix);
  });

  it('accepts a future expiry, given with an offset, and answers it in UTC', async () => {
    const key = await createKey({ expiresAt: '2099-01-01T12:00:00+02:00' });
    expect((key as unknown as { expiresAt: string }).expiresAt).toBe('2099-01-01T10:00:00.000Z');
  });

  it('names each invalid field and writes nothing', async () => {
    const before = await t.prisma.apiKey.count();
    const res = await t
      .http()
      .post('/api/api-keys')
      .set(authHeader(admin))
      .send({ name: '', role: 'CUSTOMER', expiresAt: 'tomorrow', organizationId: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'role', 'expiresAt', 'organizationId']));

    const past = await t
      .http()
      .post('/api/api-keys')
      .set(authHeader(admin))
      .send({ name: 'Old', role: 'ADMIN', expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([{ path: 'expiresAt', message: 'must be in the future' }]);
    expect(await t.prisma.apiKey.count()).toBe(before);
  });

  it('is for signed-in admins only: agents, customers and API keys get 403, no token 401', async () => {
    const adminKey = await createKey({ name: 'Admin key', role: 'ADMIN' });
    const agentKey = await createKey({ name: 'Agent key', role: 'AGENT' });
    const before = await t.prisma.apiKey.count();
    for (const token of [agent, customer, adminKey.key, agentKey.key]) {
      const res = await t
        .http()
        .post('/api/api-keys')
        .set(authHeader(token))
        .send({ name: 'Sneaky', role: 'ADMIN' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
    const anonymous = await t.http().post('/api/api-keys').send({ name: 'Sneaky', role: 'ADMIN' });
    expect(anonymous.status).toBe(401);
    expect(await t.prisma.apiKey.count()).toBe(before);
  });
});

describe('GET /api/api-keys', () => {
  it("lists the organization's keys without secret or hash", async () => {
    const created = await createKey({ name: 'Listed key' });
    const res = await t.http().get('/api/api-keys').set(authHeader(admin));
    expect(res.status).toBe(200);
    const listed = res.body.data.find((k: { id: string }) => k.id === created.id);
    expect(listed).toMatchObject({ name: 'Listed key', prefix: created.prefix, role: 'AGENT' });
    expect(listed).not.toHaveProperty('key');
    expect(listed).not.toHaveProperty('keyHash');
    expect(res.text).not.toContain(created.key);
    expect(res.text).not.toContain(createHash('sha256').update(created.key).digest('hex'));
    // Newest first.
    const times = res.body.data.map((k: { createdAt: string }) => k.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    const globex = await t.http().get('/api/api-keys').set(authHeader(globexAdmin));
    expect(globex.status).toBe(200);
    expect(globex.body.data.map((k: { id: string }) => k.id)).not.toContain(created.id);
  });

  it('is for signed-in admins only', async () => {
    const adminKey = await createKey({ name: 'Admin key 2', role: 'ADMIN' });
    for (const token of [agent, customer, adminKey.key]) {
      const res = await t.http().get('/api/api-keys').set(authHeader(token));
      expect(res.status).toBe(403);
    }
  });
});

describe('authenticating with an API key', () => {
  it('creates a ticket on the api channel, acting as the key', async () => {
    const created = await createKey({ name: 'Booking system' });
    const res = await t.http().post('/api/tickets').set(authHeader(created.key)).send(validTicket);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      channel: 'api',
      requester: { id: null, name: 'Maya Patel', email: 'maya.patel@example.com' },
    });
    const activity = await t.prisma.ticketActivity.findFirstOrThrow({
      where: { ticketId: res.body.id },
    });
    expect(activity).toMatchObject({
      type: 'CREATED',
      actorType: 'api_key',
      actorId: created.id,
      actorName: 'API key "Booking system"',
    });
    // A key has no user of its own: it must name the requester.
    const anonymous = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(created.key))
      .send({ subject: validTicket.subject, description: validTicket.description });
    expect(anonymous.status).toBe(400);
    expect(anonymous.body.errors.map((e: { path: string }) => e.path)).toContain('requesterEmail');
  });

  it("sees its organization's tickets only", async () => {
    const created = await createKey();
    const res = await t.http().get('/api/tickets?limit=100').set(authHeader(created.key));
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    expect(new Set(res.body.data.map((x: { organizationId: string }) => x.organizationId))).toEqual(
      new Set([acmeId]),
    );
    const other = await t.http().get(`/api/tickets/${globexTicketId}`).set(authHeader(created.key));
    expect(other.status).toBe(404);
  });

  it('has no user profile: GET /api/auth/me is 403', async () => {
    const created = await createKey();
    const res = await t.http().get('/api/auth/me').set(authHeader(created.key));
    expect(res.status).toBe(403);
  });

  it('records lastUsedAt, at most once a minute', async () => {
    const created = await createKey();
    const ping = () =>
      t.http().get('/api/tickets?limit=1').set(authHeader(created.key)).expect(200);
    const lastUsed = async () =>
      (await t.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await ping();
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    expect(Math.abs(first!.getTime() - Date.now())).toBeLessThan(60_000);
    await ping();
    expect((await lastUsed())!.getTime()).toBe(first!.getTime());

    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await t.prisma.apiKey.update({
      where: { id: created.id },
      data: { lastUsedAt: twoMinutesAgo },
    });
    await ping();
    expect((await lastUsed())!.getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);
    const listed = await t.http().get('/api/api-keys').set(authHeader(admin));
    const row = listed.body.data.find((k: { id: string }) => k.id === created.id);
    expect(row.lastUsedAt).toBe((await lastUsed())!.toISOString());
  });

  it('refuses tampered, unknown and malformed keys with 401', async () => {
    const created = await createKey();
    const last = created.key.at(-1)!;
    const tampered = created.key.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    const otherPrefix = `dk_${created.prefix === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA'}${created.key.slice(11)}`;
    for (const key of [
      tampered,
      otherPrefix,
      'dk_short',
      `${created.key}x`,
      `dk_${created.prefix}`,
    ]) {
      const res = await t.http().get('/api/tickets').set(authHeader(key));
      expect(res.status, key).toBe(401);
      expect(res.body.code).toBe('unauthorized');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
    expect(
      (await t.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt,
    ).toBeNull();
  });

  it('refuses an expired key with 401', async () => {
    const created = await createKey({ expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    await t.http().get('/api/tickets?limit=1').set(authHeader(created.key)).expect(200);
    await t.prisma.apiKey.update({
      where: { id: created.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const res = await t.http().get('/api/tickets?limit=1').set(authHeader(created.key));
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/expired/);
  });

  it('acts with its role: an AGENT key cannot manage users, an ADMIN key cannot manage keys', async () => {
    const agentKey = await createKey({ name: 'Agent integration', role: 'AGENT' });
    const adminKey = await createKey({ name: 'Admin integration', role: 'ADMIN' });
    const users = await t.prisma.user.count();
    const newUser = { email: 'integration@acme.test', name: 'Integration', role: 'AGENT' };
    expect(
      (await t.http().post('/api/users').set(authHeader(agentKey.key)).send(newUser)).status,
    ).toBe(403);
    expect(
      (await t.http().post('/api/users').set(authHeader(adminKey.key)).send(newUser)).status,
    ).toBe(403);
    expect(await t.prisma.user.count()).toBe(users);
    const res = await t
      .http()
      .post('/api/api-keys')
      .set(authHeader(adminKey.key))
      .send({ name: 'Child', role: 'ADMIN' });
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/API keys may not/);
  });
});

describe('DELETE /api/api-keys/:id', () => {
  it('revokes the key: it stops working at once, and stays listed with revokedAt', async () => {
    const created = await createKey({ name: 'To revoke' });
    await t.http().get('/api/tickets?limit=1').set(authHeader(created.key)).expect(200);
    const res = await t.http().delete(`/api/api-keys/${created.id}`).set(authHeader(admin));
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const refused = await t.http().get('/api/tickets?limit=1').set(authHeader(created.key));
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/revoked/);

    const listed = await t.http().get('/api/api-keys').set(authHeader(admin));
    const row = listed.body.data.find((k: { id: string }) => k.id === created.id);
    expect(row.revokedAt).toEqual(expect.any(String));
    // Revoking again keeps the first revocation time.
    await t.http().delete(`/api/api-keys/${created.id}`).set(authHeader(admin)).expect(204);
    const again = await t.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(again.revokedAt!.toISOString()).toBe(row.revokedAt);
  });

  it("answers 404 for another organization's key, an unknown id or a non-uuid, and leaves the key working", async () => {
    const created = await createKey({ name: 'Acme only' });
    for (const id of [created.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await t
        .http()
        .delete(`/api/api-keys/${id}`)
        .set(authHeader(id === created.id ? globexAdmin : admin));
      expect(res.status, id).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    await t.http().get('/api/tickets?limit=1').set(authHeader(created.key)).expect(200);
  });

  it('is for signed-in admins only, and a key cannot revoke itself', async () => {
    const created = await createKey({ name: 'Self', role: 'ADMIN' });
    for (const token of [agent, customer, created.key]) {
      const res = await t.http().delete(`/api/api-keys/${created.id}`).set(authHeader(token));
      expect(res.status).toBe(403);
    }
    expect(
      (await t.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } })).revokedAt,
    ).toBeNull();
  });
});

describe('OpenAPI document', () => {
  it('documents the admin routes, with the secret only in the create answer', async () => {
    const res = await t.http().get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    for (const path of [
      '/api/api-keys',
      '/api/api-keys/{id}',
      '/api/users',
      '/api/users/{id}',
      '/api/categories',
      '/api/categories/{id}',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas.ApiKey.properties)).not.toContain('key');
    expect(Object.keys(schemas.CreatedApiKey.properties)).toContain('key');
    for (const name of ['ApiKey', 'CreatedApiKey', 'OrganizationUser']) {
      expect(JSON.stringify(schemas[name])).not.toMatch(/keyHash|passwordHash/);
    }
  });
});
