/**
 * Hostile input that once crashed the server or answered 500, now a clear 4xx naming what is at
 * fault: free JSON fields bounded in size, keys and depth (so no list or activity page can grow
 * past what the heap holds); bodies nested thousands of levels deep refused before parsing;
 * tampered cursors and headers; tokens without the claims that bound their life; fields a
 * customer may not set; and a search whose exclusions must hold over everything the searcher
 * may see. Properties (fast-check) cover cursors and headers at random.
 */
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../src/generated/prisma/client.js';
import { FREE_JSON_BOUNDS } from '../src/lib/json-bounds.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let admin: string;
let agent: string;
let customer: string;
let agentUser: User;
let ticketId: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const { users } = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT' },
    customer: { role: 'CUSTOMER' },
  });
  ({ admin, agent, customer } = await signInAll(t, users));
  agentUser = users.agent;
  const created = await t.http().post('/api/tickets').set(authHeader(agent)).send({
    subject: 'Bounded metadata',
    description: 'A ticket whose free fields are tried.',
    requesterName: 'Mia',
    requesterEmail: 'mia@example.com',
  });
  expect(created.status).toBe(201);
  ticketId = created.body.id;
});
afterAll(async () => t?.close());

/** A JSON object of about `bytes` bytes in `keys` keys. */
function bigObject(bytes: number, keys = 10): Record<string, string> {
  const each = Math.ceil(bytes / keys);
  return Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, 'x'.repeat(each)]));
}

/** `{"a":{"a":…}}` nested `depth` levels. */
function nested(depth: number): string {
  return '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
}

function expectFieldError(
  res: { status: number; body: unknown; headers: Record<string, string> },
  status: number,
  field: string,
) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.body as { errors?: { path: string }[] };
  expect(body.errors?.map((e) => e.path)).toContain(field);
}

const patch = (body: unknown) =>
  t
    .http()
    .patch(`/api/tickets/${ticketId}`)
    .set(authHeader(agent))
    .send(body as object);

describe('free JSON fields are bounded', () => {
  it('refuses metadata and customFields over the size, key or depth bound, naming the field', async () => {
    expectFieldError(
      await patch({ metadata: bigObject(FREE_JSON_BOUNDS.maxBytes + 100) }),
      400,
      'metadata',
    );
    expectFieldError(
      await patch({ customFields: bigObject(1000, FREE_JSON_BOUNDS.maxKeys + 1) }),
      400,
      'customFields',
    );
    expectFieldError(
      await t
        .http()
        .patch(`/api/tickets/${ticketId}`)
        .set(authHeader(agent))
        .set('Content-Type', 'application/json')
        .send(`{"metadata":${nested(FREE_JSON_BOUNDS.maxDepth + 1)}}`),
      400,
      'metadata',
    );
    const externalRefs = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`r${i}`, 'x']));
    expectFieldError(await patch({ externalRefs }), 400, 'externalRefs');
    // On create too, and the 1 MB metadata of the outside test is refused outright.
    const create = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(agent))
      .send({
        subject: 'Huge metadata',
        description: 'Nearly a megabyte of metadata.',
        metadata: bigObject(900_000),
      });
    expectFieldError(create, 400, 'metadata');
    expect(await t.prisma.ticket.count({ where: { subject: 'Huge metadata' } })).toBe(0);
    // Within the bounds it is stored.
    const ok = await patch({ metadata: bigObject(FREE_JSON_BOUNDS.maxBytes - 500) });
    expect(ok.status).toBe(200);
  });

  it('keeps the activity of many large changes, and its pages, bounded', async () => {
    // The outside test: sixty large changes of one ticket, then one activity page of 100.
    for (let i = 0; i < 60; i++) {
      const res = await patch({ metadata: { ...bigObject(FREE_JSON_BOUNDS.maxBytes - 500), i } });
      expect(res.status).toBe(200);
    }
    expect((await patch({ metadata: {} })).status).toBe(200);
    const page = await t
      .http()
      .get(`/api/tickets/${ticketId}/activity?limit=100`)
      .set(authHeader(agent));
    expect(page.status).toBe(200);
    expect(page.body.data.length).toBeGreaterThanOrEqual(62);
    // Each row holds at most a before and an after of one bounded field (plus its own fields).
    const perRow = 2 * FREE_JSON_BOUNDS.maxBytes + 2048;
    expect(page.text.length).toBeLessThan(100 * perRow);
    for (const row of page.body.data) expect(JSON.stringify(row).length).toBeLessThan(perRow);
  });
});

describe('deep JSON is refused at parse time', () => {
  it.each([2_000, 5_000, 100_000])(
    'answers 400 to a body nested %i levels (create and PATCH)',
    async (depth) => {
      const deep = `{"subject":"Deep JSON here","description":"Nested far too deep.","metadata":${nested(depth)}}`;
      for (const req of [
        t.http().post('/api/tickets').set(authHeader(agent)),
        t.http().patch(`/api/tickets/${ticketId}`).set(authHeader(agent)),
      ]) {
        const res = await req.set('Content-Type', 'application/json').send(deep);
        expectFieldError(res, 400, 'body');
        expect(res.body.detail).toMatch(/nested deeper than/);
      }
      // The server is still there.
      expect((await t.http().get('/api/health')).status).toBe(200);
    },
  );

  it('does not count brackets inside strings', async () => {
    const res = await patch({
      metadata: { note: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{' },
    });
    expect(res.status).toBe(200);
  });
});

describe('tampered cursors are 400', () => {
  const cursor = (value: unknown, id: unknown = '00000000-0000-4000-8000-000000000000') =>
    Buffer.from(JSON.stringify([value, id])).toString('base64url');
  const list = (query: string) => t.http().get(`/api/tickets?${query}`).set(authHeader(agent));

  it.each([1e20, 2147483648, 1.5, -1, '12', null])('sortBy=number with %s', async (value) => {
    expectFieldError(await list(`sortBy=number&cursor=${cursor(value)}`), 400, 'cursor');
  });

  it.each([
    '-271821-04-20T00:00:00.000Z',
    '+275760-09-13T00:00:00.000Z',
    'yesterday',
    '1.5',
    2147483648,
  ])('sortBy=updatedAt with %s', async (value) => {
    expectFieldError(await list(`sortBy=updatedAt&cursor=${cursor(value)}`), 400, 'cursor');
  });

  it('refuses an id that is not a uuid, and a value with NUL', async () => {
    expectFieldError(
      await list(`cursor=${cursor('2026-01-01T00:00:00Z', '-'.repeat(36))}`),
      400,
      'cursor',
    );
    expectFieldError(
      await t
        .http()
        .get(`/api/users?cursor=${cursor('a\u0000b')}`)
        .set(authHeader(admin)),
      400,
      'cursor',
    );
  });

  it('never answers 5xx to a random cursor on any sort (property)', async () => {
    const value = fc.oneof(
      fc.jsonValue(),
      fc.double(),
      fc.integer(),
      fc.string(),
      fc
        .date({ noInvalidDate: false })
        .map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('number', 'updatedAt', 'createdAt', 'priority'),
        fc.oneof(
          fc.tuple(value, fc.oneof(fc.uuid(), fc.string())).map(([v, id]) => cursor(v, id)),
          fc.string({ maxLength: 80 }).map((s) => encodeURIComponent(s)),
        ),
        async (sortBy, c) => {
          const res = await list(`sortBy=${sortBy}&cursor=${c}`);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('headers never cause a 5xx (property)', () => {
  it('holds for random If-Match, Idempotency-Key, X-Request-Id, Accept and Authorization', async () => {
    const header = fc.string({ maxLength: 300 }).filter((s) => /^[\t\x20-\x7e]*$/.test(s));
    await fc.assert(
      fc.asyncProperty(
        header,
        header,
        header,
        header,
        header,
        async (ifMatch, key, id, accept, bearer) => {
          const res = await t
            .http()
            .patch(`/api/tickets/${ticketId}`)
            .set(authHeader(agent))
            .set('If-Match', ifMatch)
            .set('Idempotency-Key', key)
            .set('X-Request-Id', id)
            .set('Accept', accept)
            .send({ priority: 'HIGH' });
          expect(res.status).toBeLessThan(500);
          const anonymous = await t.http().get('/api/tickets').set(authHeader(bearer));
          expect(anonymous.status).toBeLessThan(500);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('access tokens must carry iss, aud and exp', () => {
  const secret = 'test-secret-that-is-long-enough-for-hs256-0123456789';
  let claims: { sub: string; org: string; role: string };
  beforeAll(() => {
    claims = { sub: agentUser.id, org: agentUser.organizationId, role: agentUser.role };
  });
  const call = (token: string) => t.http().get('/api/tickets?limit=1').set(authHeader(token));

  it('accepts a complete token', async () => {
    const sign = createSigner({ key: secret, iss: 'docket', aud: 'docket-api', expiresIn: 60_000 });
    expect((await call(sign(claims))).status).toBe(200);
  });

  it.each([
    ['no aud', { iss: 'docket', expiresIn: 60_000 }],
    ['no exp', { iss: 'docket', aud: 'docket-api' }],
    ['no iss', { aud: 'docket-api', expiresIn: 60_000 }],
    ['another aud', { iss: 'docket', aud: 'elsewhere', expiresIn: 60_000 }],
  ])('refuses a token with %s (401)', async (_what, options) => {
    const sign = createSigner({ key: secret, ...options });
    const res = await call(sign(claims));
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers 401, not 500, to a sub or org that is not a uuid', async () => {
    const sign = createSigner({ key: secret, iss: 'docket', aud: 'docket-api', expiresIn: 60_000 });
    for (const bad of [
      { ...claims, sub: 'admin' },
      { ...claims, org: "' OR 1=1 --" },
      { ...claims, sub: 42 },
    ]) {
      const res = await call(sign(bad));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthorized');
    }
  });
});

describe('customers may not set staff fields', () => {
  it('refuses tags on create with 403 naming the field, and stores nothing', async () => {
    const res = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(customer))
      .send({ subject: 'Tag it myself', description: 'I would like to set tags.', tags: ['vip'] });
    expectFieldError(res, 403, 'tags');
    expect(await t.prisma.ticket.count({ where: { subject: 'Tag it myself' } })).toBe(0);
  });
});

describe('search exclusions hold over everything the searcher may see', () => {
  it('does not let an internal note bring back an excluded ticket', async () => {
    const created = await t.http().post('/api/tickets').set(authHeader(agent)).send({
      subject: 'Updating info on Premium account',
      description: 'Please update my billing details.',
      requesterName: 'Pia',
      requesterEmail: 'pia@example.com',
    });
    expect(created.status).toBe(201);
    const note = await t
      .http()
      .post(`/api/tickets/${created.body.id}/responses`)
      .set(authHeader(agent))
      .send({ content: 'Internal: premium customer, handle first (quokka).', isInternal: true });
    expect(note.status).toBe(201);
    const ids = async (token: string, q: string) => {
      const res = await t
        .http()
        .get(`/api/tickets?q=${encodeURIComponent(q)}&limit=100`)
        .set(authHeader(token));
      expect(res.status).toBe(200);
      return (res.body.data as { id: string }[]).map((row) => row.id);
    };
    expect(await ids(agent, 'premium -account')).not.toContain(created.body.id);
    expect(await ids(admin, 'premium -account')).not.toContain(created.body.id);
    expect(await ids(agent, 'premium account')).toContain(created.body.id);
    // Words of the internal note still find it for staff, and together with public words.
    expect(await ids(agent, 'quokka')).toContain(created.body.id);
    expect(await ids(agent, 'quokka billing')).toContain(created.body.id);
    expect(await ids(agent, 'quokka -billing')).not.toContain(created.body.id);
  });
});
