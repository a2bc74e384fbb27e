/**
 * API-key scopes (docs/product.md "API keys and scopes", docs/api.md "API keys"): what each scope
 * opens, over every route the app registers (the list comes from the app itself, so a new route
 * is covered as soon as it exists), the order of the checks (credentials 401, scope 403, shape
 * 400), keys made with a role before scopes, and creating keys with scopes and groups.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_SCOPES, type ApiKeyScope } from '../src/lib/api-key-scopes.js';
import apiKeyScopesPlugin from '../src/plugins/api-key-scopes.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createApiKey, createOrganizationWithUsers, createTicket } from './helpers/factories.js';

let t: TestApp;
let acmeId: string;
let adminUserId: string;
let tokens: Record<'admin' | 'agent', string>;
/** A key of Acme per scope, with that scope only. */
const keyWith = {} as Record<ApiKeyScope, string>;
/** A key of Acme with all six scopes. */
let allScopes: string;
let acmeGroupId: string;
let globexGroupId: string;

const validTicket = {
  subject: 'Order 1042 arrived damaged',
  description: 'The parcel was crushed and the mug inside is broken.',
  requesterName: 'Lena Fischer',
  requesterEmail: 'lena.fischer@example.com',
};

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const acme = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { admin: { role: 'ADMIN' } });
  acmeId = acme.organization.id;
  adminUserId = acme.users.admin.id;
  tokens = await signInAll(t, acme.users);
  for (const scope of API_KEY_SCOPES) {
    keyWith[scope] = (
      await createApiKey(t.prisma, {
        organizationId: acmeId,
        name: `Only ${scope}`,
        role: null,
        scopes: [scope],
      })
    ).key;
  }
  allScopes = (
    await createApiKey(t.prisma, {
      organizationId: acmeId,
      name: 'Every scope',
      role: null,
      scopes: [...API_KEY_SCOPES],
    })
  ).key;
  acmeGroupId = (await t.prisma.group.create({ data: { organizationId: acmeId, name: 'Billing' } }))
    .id;
  globexGroupId = (
    await t.prisma.group.create({
      data: { organizationId: globex.organization.id, name: 'Billing' },
    })
  ).id;
});
afterAll(async () => t?.close());

/** The routes an API key may call or is refused, as the app registered them (no HEAD twins). */
function routesAsking(which: 'scope' | 'none') {
  return t.app.apiKeyRoutes.filter(
    (r) =>
      r.url.startsWith('/api/') &&
      r.method !== 'HEAD' &&
      (which === 'none' ? r.scope === 'none' : r.scope !== 'none' && r.scope !== 'public'),
  );
}

/** Calls `method url` with the key, path parameters filled with unknown uuids, a `{}` body for writes. */
async function call(method: string, url: string, key: string) {
  const path = url.replace(/:[A-Za-z]+/g, () => randomUUID());
  // Agents and keys list staff only (users.service.ts).
  const query = path === '/api/users' ? '?role=AGENT,ADMIN' : '';
  return t.app.inject({
    method: method as 'GET',
    url: path + query,
    headers: authHeader(key),
    ...(['POST', 'PUT', 'PATCH'].includes(method) ? { payload: {} } : {}),
  });
}

describe('the scope of every route', () => {
  it('covers every operation of the OpenAPI document, and says what each asks of a key', async () => {
    const doc = (await t.http().get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const registered = new Set(
      t.app.apiKeyRoutes.map((r) => `${r.method} ${r.url.replace(/:([A-Za-z]+)/g, '{$1}')}`),
    );
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.filter((route) => !registered.has(route))).toEqual([]);
    const unmapped = t.app.apiKeyRoutes.filter(
      (r) => r.url.startsWith('/api/') && r.scope === undefined,
    );
    expect(unmapped).toEqual([]);
    // The routes of the table in docs/api.md "API keys", spot-checked.
    const scopeOf = (method: string, url: string) =>
      t.app.apiKeyRoutes.find((r) => r.method === method && r.url === url)?.scope;
    expect(scopeOf('GET', '/api/tickets')).toBe('tickets:read');
    expect(scopeOf('POST', '/api/tickets')).toBe('tickets:write');
    expect(scopeOf('DELETE', '/api/tickets/:id')).toBe('admin');
    expect(scopeOf('POST', '/api/tickets/:id/restore')).toBe('admin');
    expect(scopeOf('POST', '/api/chats')).toBe('chats:write');
    expect(scopeOf('GET', '/api/chats')).toBe('tickets:read');
    expect(scopeOf('POST', '/api/inbound/email')).toBe('inbound:write');
    expect(scopeOf('GET', '/api/live')).toBe('tickets:read');
    expect(scopeOf('POST', '/api/api-keys')).toBe('none');
    expect(scopeOf('POST', '/api/tickets/:id/claim')).toBe('none');
    expect(scopeOf('GET', '/api/health')).toBe('public');
  });

  for (const scope of API_KEY_SCOPES) {
    it(`a key with only ${scope}: its routes are open, every other one is 403 naming the scope`, async () => {
      const routes = routesAsking('scope');
      expect(routes.length).toBeGreaterThan(40);
      if (scope !== 'events:read') expect(routes.some((r) => r.scope === scope)).toBe(true);
      const failures: string[] = [];
      for (const route of routes) {
        const res = await call(route.method, route.url, keyWith[scope]);
        const where = `${route.method} ${route.url} (${route.scope})`;
        if (route.scope === scope) {
          if ([401, 403].includes(res.statusCode) || res.statusCode >= 500) {
            failures.push(`${where}: allowed, got ${res.statusCode} ${res.body.slice(0, 200)}`);
          }
          continue;
        }
        const body = res.json() as { detail?: string; missingScope?: string; code?: string };
        if (
          res.statusCode !== 403 ||
          !String(res.headers['content-type']).startsWith('application/problem+json') ||
          body.code !== 'forbidden' ||
          body.detail !== `This API key lacks the scope ${route.scope}` ||
          body.missingScope !== route.scope
        ) {
          failures.push(`${where}: refused, got ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('refuses every key, whatever its scopes, on the routes of people (users, keys, claim, …)', async () => {
    const routes = routesAsking('none');
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        'POST /api/api-keys',
        'POST /api/users',
        'POST /api/webhooks',
        'POST /api/tickets/:id/claim',
        'PUT /api/tickets/:id/presence',
        'GET /api/auth/me',
      ]),
    );
    const failures: string[] = [];
    for (const route of routes) {
      const res = await call(route.method, route.url, allScopes);
      if (
        res.statusCode !== 403 ||
        !String(res.headers['content-type']).startsWith('application/problem+json')
      ) {
        failures.push(`${route.method} ${route.url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('stops the app from starting when a route under /api has no scope', async () => {
    const app = Fastify({ logger: false });
    await app.register(fp(async () => {}, { name: 'auth' }));
    await app.register(apiKeyScopesPlugin);
    expect(() => app.get('/api/forgotten', async () => 'x')).toThrow(
      'GET /api/forgotten has no API-key scope',
    );
    // A route that names its scope, or one outside /api, is fine.
    app.get('/api/declared', { config: { scope: 'tickets:read' } }, async () => 'x');
    app.get('/elsewhere', async () => 'x');
    await app.ready();
    expect(app.apiKeyRoutes.map((r) => `${r.method} ${r.url} ${r.scope}`)).toEqual(
      expect.arrayContaining(['GET /api/declared tickets:read', 'GET /elsewhere undefined']),
    );
    await app.close();
  });
});

describe('checking a scope', () => {
  it('a tickets:read key lists tickets but may not create one (403 naming tickets:write)', async () => {
    await createTicket(t.prisma, { organizationId: acmeId });
    const list = await t.http().get('/api/tickets').set(authHeader(keyWith['tickets:read']));
    expect(list.status).toBe(200);
    expect(list.body.data.length).toBeGreaterThan(0);
    const before = await t.prisma.ticket.count();
    const create = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(keyWith['tickets:read']))
      .send(validTicket);
    expect(create.status).toBe(403);
    expect(create.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(create.body).toMatchObject({
      type: '/problems/forbidden',
      title: 'Forbidden',
      status: 403,
      code: 'forbidden',
      detail: 'This API key lacks the scope tickets:write',
      missingScope: 'tickets:write',
    });
    expect(await t.prisma.ticket.count()).toBe(before);
  });

  it('checks credentials (401), then the scope (403), then the request (400)', async () => {
    const invalid = { subject: 42 };
    expect((await t.http().post('/api/tickets').send(invalid)).status).toBe(401);
    const noScope = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(keyWith['tickets:read']))
      .send(invalid);
    expect(noScope.status).toBe(403);
    const withScope = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(keyWith['tickets:write']))
      .send(invalid);
    expect(withScope.status).toBe(400);
    // The scope is named before the role check of DELETE (ADMIN) speaks.
    const ticket = await createTicket(t.prisma, { organizationId: acmeId });
    const del = await t
      .http()
      .delete(`/api/tickets/${ticket.id}`)
      .set(authHeader(keyWith['tickets:write']));
    expect(del.status).toBe(403);
    expect(del.body.missingScope).toBe('admin');
  });

  it('leaves signed-in people alone: they have roles, not scopes', async () => {
    const res = await t.http().post('/api/tickets').set(authHeader(tokens.agent)).send(validTicket);
    expect(res.status).toBe(201);
  });

  it('the admin scope soft-deletes and restores a ticket', async () => {
    const ticket = await createTicket(t.prisma, { organizationId: acmeId });
    const del = await t.http().delete(`/api/tickets/${ticket.id}`).set(authHeader(keyWith.admin));
    expect(del.status).toBe(204);
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row.deletedAt).toBeInstanceOf(Date);
    const restore = await t
      .http()
      .post(`/api/tickets/${ticket.id}/restore`)
      .set(authHeader(keyWith.admin));
    expect(restore.status).toBe(200);
    expect(restore.body.id).toBe(ticket.id);
  });

  it('inbound:write delivers mail; a key without it gets 403 before the message is read', async () => {
    const raw = 'From: someone@example.net\r\nTo: nobody@acme.test\r\nSubject: Hi\r\n\r\nHello\r\n';
    const refused = await t
      .http()
      .post('/api/inbound/email')
      .set(authHeader(keyWith['tickets:write']))
      .set('Content-Type', 'message/rfc822')
      .send(raw);
    expect(refused.status).toBe(403);
    expect(refused.body.missingScope).toBe('inbound:write');
    const delivered = await t
      .http()
      .post('/api/inbound/email')
      .set(authHeader(keyWith['inbound:write']))
      .set('Content-Type', 'message/rfc822')
      .send(raw);
    expect(delivered.status).toBe(202);
  });
});

describe('keys made with a role before scopes', () => {
  it('an AGENT key (no scopes stored) still creates tickets, and gets 403 on DELETE', async () => {
    const legacy = await createApiKey(t.prisma, {
      organizationId: acmeId,
      name: 'Legacy agent',
      role: 'AGENT',
      scopes: [],
    });
    const created = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(legacy.key))
      .send(validTicket);
    expect(created.status).toBe(201);
    const del = await t
      .http()
      .delete(`/api/tickets/${created.body.id}`)
      .set(authHeader(legacy.key));
    expect(del.status).toBe(403);
    expect(del.body.detail).toBe('This API key lacks the scope admin');
    const inbound = await t
      .http()
      .post('/api/inbound/email')
      .set(authHeader(legacy.key))
      .set('Content-Type', 'message/rfc822')
      .send('Subject: x\r\n\r\nx\r\n');
    expect(inbound.status).toBe(403);
  });

  it('an ADMIN key (no scopes stored) has every scope: it deletes', async () => {
    const legacy = await createApiKey(t.prisma, {
      organizationId: acmeId,
      name: 'Legacy admin',
      role: 'ADMIN',
      scopes: [],
    });
    const ticket = await createTicket(t.prisma, { organizationId: acmeId });
    const del = await t.http().delete(`/api/tickets/${ticket.id}`).set(authHeader(legacy.key));
    expect(del.status).toBe(204);
  });
});

describe('POST /api/api-keys with scopes and groups', () => {
  const create = (body: object) =>
    t
      .http()
      .post('/api/api-keys')
      .set(authHeader(tokens.admin))
      .send({ name: 'Scoped integration', ...body });
  const paths = (res: { body: { errors?: { path: string }[] } }) =>
    (res.body.errors ?? []).map((e) => e.path);

  it('refuses an unknown scope, role with scopes, neither, and groups not of the organization', async () => {
    const before = await t.prisma.apiKey.count();
    const unknown = await create({ scopes: ['tickets:delete'] });
    expect(unknown.status).toBe(400);
    expect(paths(unknown)).toEqual(['scopes.0']);
    const second = await create({ scopes: ['tickets:read', 'everything'] });
    expect(paths(second)).toEqual(['scopes.1']);
    const both = await create({ role: 'AGENT', scopes: ['tickets:read'] });
    expect(both.status).toBe(400);
    expect(paths(both)).toEqual(['role']);
    const neither = await create({});
    expect(neither.status).toBe(400);
    expect(paths(neither)).toEqual(['scopes']);
    const empty = await create({ scopes: [] });
    expect(empty.status).toBe(400);
    expect(paths(empty)).toEqual(['scopes']);
    const foreign = await create({ scopes: ['tickets:read'], groupIds: [globexGroupId] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([
      { path: 'groupIds.0', message: 'not a group of this organization' },
    ]);
    const missing = await create({
      scopes: ['tickets:read'],
      groupIds: [acmeGroupId, randomUUID()],
    });
    expect(missing.status).toBe(400);
    expect(paths(missing)).toEqual(['groupIds.1']);
    const malformed = await create({ scopes: ['tickets:read'], groupIds: ['billing'] });
    expect(malformed.status).toBe(400);
    expect(paths(malformed)).toEqual(['groupIds.0']);
    expect(await t.prisma.apiKey.count()).toBe(before);
  });

  it('creates a scope key (role null) limited to groups, and lists scopes, groupIds and role', async () => {
    const res = await create({
      name: 'Billing reader',
      scopes: ['tickets:read', 'events:read', 'tickets:read'],
      groupIds: [acmeGroupId.toUpperCase()],
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Billing reader',
      role: null,
      scopes: ['tickets:read', 'events:read'],
      groupIds: [acmeGroupId],
      createdBy: { id: adminUserId },
    });
    const row = await t.prisma.apiKey.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row).toMatchObject({
      role: null,
      scopes: ['tickets:read', 'events:read'],
      groupIds: [acmeGroupId],
    });
    const roleKey = await create({ name: 'Role admin', role: 'ADMIN' });
    expect(roleKey.status).toBe(201);
    expect(roleKey.body).toMatchObject({
      role: 'ADMIN',
      scopes: [...API_KEY_SCOPES],
      groupIds: [],
    });

    const list = await t.http().get('/api/api-keys').set(authHeader(tokens.admin));
    expect(list.status).toBe(200);
    const listed = (id: string) => list.body.data.find((k: { id: string }) => k.id === id);
    expect(listed(res.body.id)).toMatchObject({
      role: null,
      scopes: ['tickets:read', 'events:read'],
      groupIds: [acmeGroupId],
    });
    expect(listed(roleKey.body.id)).toMatchObject({ role: 'ADMIN', scopes: [...API_KEY_SCOPES] });
    // A legacy role key without stored scopes is listed with its role's.
    const legacy = await createApiKey(t.prisma, {
      organizationId: acmeId,
      name: 'Listed legacy',
      role: 'AGENT',
      scopes: [],
    });
    const again = await t.http().get('/api/api-keys').set(authHeader(tokens.admin));
    expect(again.body.data.find((k: { id: string }) => k.id === legacy.id)).toMatchObject({
      role: 'AGENT',
      scopes: ['tickets:read', 'tickets:write', 'chats:write'],
      groupIds: [],
    });

    // The new key acts with its scopes.
    const key = res.body.key as string;
    expect((await t.http().get('/api/tickets').set(authHeader(key))).status).toBe(200);
    const refused = await t.http().post('/api/tickets').set(authHeader(key)).send(validTicket);
    expect(refused.status).toBe(403);
    expect(refused.body.missingScope).toBe('tickets:write');
  });
});
