import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../src/generated/prisma/client.js';
import { ProblemSchema } from '../src/lib/common.schemas.js';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../src/lib/domain.js';
import { API_KEY_SCOPES } from '../src/lib/api-key-scopes.js';
import { examples } from '../src/lib/openapi-examples.js';
import { LoginBodySchema } from '../src/modules/auth/auth.schemas.js';
import {
  CreateResponseBodySchema,
  TicketResponseSchema,
} from '../src/modules/responses/responses.schemas.js';
import {
  CreateTicketBodySchema,
  TicketSchema,
  UpdateTicketBodySchema,
} from '../src/modules/tickets/tickets.schemas.js';
import { deriveOperationId } from '../src/plugins/openapi-conventions.js';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { authHeader, signIn } from './helpers/auth.js';
import { createOrganizationWithUsers, createTicket } from './helpers/factories.js';

/** The deployment's address: the document's server must be this (PUBLIC_URL), not localhost. */
const PUBLIC_URL = 'https://help.acme.test';

let t: TestApp;
let users: Record<'agent' | 'admin', User>;
beforeAll(async () => {
  t = await createTestApp({ seed: false, config: testConfig({ PUBLIC_URL }) });
  const acme = await createOrganizationWithUsers(t.prisma, {
    agent: { role: 'AGENT' },
    admin: { role: 'ADMIN' },
  });
  users = acme.users;
  // Ticket number 1, read below.
  await createTicket(t.prisma, { organizationId: acme.organization.id });
});
afterAll(async () => t?.close());

describe('OpenAPI document and reference', () => {
  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const res = await t.http().get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const path of [
      '/api/auth/login',
      '/api/auth/me',
      '/api/tickets',
      '/api/tickets/{id}',
      '/api/tickets/{id}/responses',
      '/api/health',
    ]) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    // Shared schemas are referenced by name, and the Ticket schema names every field of docs/api.md.
    const ticket = doc.components.schemas.Ticket;
    for (const field of [
      'id',
      'number',
      'reference',
      'subject',
      'status',
      'priority',
      'requester',
      'assignee',
      'session',
      'version',
    ]) {
      expect(Object.keys(ticket.properties)).toContain(field);
    }
    expect(doc.components.schemas.Problem.properties).toHaveProperty('code');
    const create = doc.paths['/api/tickets'].post;
    expect(create.requestBody.content['application/json'].schema).toBeDefined();
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401']));
    // Sign-in and health need no token.
    expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
  });

  it('serves a browsable reference that works offline', async () => {
    const page = await t.http().get('/api/docs/').redirects(2);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/swagger-ui/i);
    expect(page.text).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
    const bundle = await t.http().get('/api/docs/static/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
  });

  it('shows examples that the schemas themselves accept', async () => {
    const doc = (await t.http().get('/api/openapi.json')).body;
    expect(doc.components.schemas.Ticket.examples[0].reference).toBe('TKT-00042');
    expect(doc.components.schemas.Problem.examples[0].code).toBe('validation_failed');
    const pairs = [
      [TicketSchema, examples.ticket],
      [CreateTicketBodySchema, examples.createTicket],
      [UpdateTicketBodySchema, examples.updateTicket],
      [TicketResponseSchema, examples.response],
      [CreateResponseBodySchema, examples.createResponse],
      [ProblemSchema, examples.problem],
      [LoginBodySchema, examples.login],
    ] as const;
    for (const [schema, example] of pairs) {
      const result = schema.safeParse(example);
      expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
    }
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is walked as untyped JSON
type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Every operation of the document: `GET /api/tickets` → operation, paths and webhooks apart. */
function operationsOf(doc: Json, section: 'paths' | 'webhooks' = 'paths') {
  return Object.entries(doc[section] as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
  );
}

/** The object a `$ref` points to (`#/components/responses/NotFound`), or the object itself. */
function resolve(doc: Json, value: Json): Json {
  if (typeof value.$ref !== 'string') return value;
  return value.$ref
    .slice(2)
    .split('/')
    .reduce((node: Json, part: string) => node[part], doc);
}

describe('OpenAPI contract conventions', () => {
  let doc: Json;
  beforeAll(async () => {
    doc = (await t.http().get('/api/openapi.json')).body;
  });

  it('gives every operation a readable camelCase operationId, unique in the document', () => {
    const operations = [...operationsOf(doc), ...operationsOf(doc, 'webhooks')];
    expect(operations.length).toBeGreaterThan(70);
    const ids = operations.map(({ key, operation }) => {
      expect(operation.operationId, key).toMatch(/^[a-z][a-zA-Z0-9]+$/);
      return operation.operationId as string;
    });
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(duplicates).toEqual([]);

    const idOf = (path: string, method: string) => doc.paths[path][method].operationId;
    expect(idOf('/api/tickets', 'get')).toBe('listTickets');
    expect(idOf('/api/tickets', 'post')).toBe('createTicket');
    expect(idOf('/api/tickets/{id}', 'get')).toBe('getTicket');
    expect(idOf('/api/tickets/{id}', 'patch')).toBe('updateTicket');
    expect(idOf('/api/tickets/{id}/responses', 'post')).toBe('createTicketResponse');
    expect(idOf('/api/tickets/{id}/claim', 'post')).toBe('claimTicket');
    expect(idOf('/api/webhooks/{id}/deliveries/{deliveryId}', 'get')).toBe('getWebhookDelivery');
    // The route's own name where the derived one would read poorly.
    expect(idOf('/api/tickets/counts', 'get')).toBe('countTickets');
    expect(idOf('/api/auth/login', 'post')).toBe('login');
    expect(doc.webhooks['ticket.status_changed'].post.operationId).toBe(
      'webhookTicketStatusChanged',
    );
    // The derivation itself, on Fastify and OpenAPI path styles alike.
    expect(deriveOperationId('GET', '/api/saved-views')).toBe('listSavedViews');
    expect(deriveOperationId('DELETE', '/api/api-keys/:id')).toBe('deleteApiKey');
    expect(deriveOperationId('POST', '/api/notifications/{id}/retry')).toBe('retryNotification');
    expect(deriveOperationId('PUT', '/api/tickets/:id/presence')).toBe('setTicketPresence');
  });

  it('lists the API-key scope of every operation open to keys, as the server checks it', () => {
    const schemes = doc.components.securitySchemes;
    expect(schemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const scope of API_KEY_SCOPES) expect(schemes.apiKey.description).toContain(scope);
    // What the server checks, per route (plugins/api-key-scopes.ts), in OpenAPI's path style.
    const checked = new Map(
      t.app.apiKeyRoutes.map((r) => [
        `${r.method} ${r.url.replace(/:([A-Za-z]+)/g, '{$1}')}`,
        r.scope,
      ]),
    );
    const failures: string[] = [];
    for (const { key, operation } of operationsOf(doc)) {
      const scope = checked.get(key);
      const security = operation.security as Record<string, string[]>[] | undefined;
      const listed = (security ?? []).flatMap((requirement) => requirement.apiKey ?? []);
      if (scope === 'public') {
        if (JSON.stringify(security) !== '[]')
          failures.push(`${key}: public, security ${security}`);
      } else if (scope === 'none') {
        if (JSON.stringify(security) !== '[{"bearerAuth":[]}]' || listed.length > 0) {
          failures.push(`${key}: closed to API keys, yet lists ${JSON.stringify(security)}`);
        }
      } else if (
        !scope ||
        JSON.stringify(listed) !== JSON.stringify([scope]) ||
        !String(operation.description).includes(`API keys need the scope \`${scope}\``)
      ) {
        failures.push(`${key}: needs ${scope}, lists ${JSON.stringify(security)}`);
      }
    }
    expect(failures).toEqual([]);
    const security = (path: string, method: string) => doc.paths[path][method].security;
    expect(security('/api/tickets', 'post')).toEqual([
      { bearerAuth: [] },
      { apiKey: ['tickets:write'] },
    ]);
    expect(security('/api/tickets/{id}', 'delete')).toEqual([
      { bearerAuth: [] },
      { apiKey: ['admin'] },
    ]);
    expect(security('/api/api-keys', 'post')).toEqual([{ bearerAuth: [] }]);
  });

  it('declares every error as application/problem+json with the shared Problem schema', () => {
    const problem = doc.components.schemas.Problem;
    expect(Object.keys(problem.properties).sort()).toEqual(
      ['code', 'detail', 'errors', 'instance', 'status', 'title', 'type'].sort(),
    );
    expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'code']));
    expect(problem.properties.errors.items.required).toEqual(['path', 'message']);

    let checked = 0;
    for (const { key, operation } of operationsOf(doc)) {
      const statuses = Object.keys(operation.responses);
      // Any request may meet an unexpected error or load shedding.
      expect(statuses, key).toEqual(expect.arrayContaining(['500', '503']));
      if (!(Array.isArray(operation.security) && operation.security.length === 0)) {
        expect(statuses, key).toContain('401');
      }
      if (operation.requestBody) {
        expect(statuses, key).toEqual(expect.arrayContaining(['400', '413', '415']));
      }
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        // The health check's 503 is its own JSON body (`database: "unreachable"`).
        if (key === 'GET /api/health' && status === '503') continue;
        const response = resolve(doc, operation.responses[status]);
        expect(Object.keys(response.content), `${key} ${status}`).toEqual([
          'application/problem+json',
        ]);
        expect(response.content['application/problem+json'].schema).toEqual({
          $ref: '#/components/schemas/Problem',
        });
        expect(response.description, `${key} ${status}`).not.toBe('Default Response');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(400);
    // Statuses that only some routes send, where they send them.
    const statuses = (path: string, method: string) =>
      Object.keys(doc.paths[path][method].responses);
    expect(statuses('/api/tickets/{id}', 'patch')).toEqual(
      expect.arrayContaining(['400', '403', '404', '409', '412']),
    );
    expect(statuses('/api/tickets', 'post')).toEqual(expect.arrayContaining(['413', '415']));
    expect(statuses('/api/auth/login', 'post')).toContain('429');
    expect(statuses('/api/public/track', 'post')).toContain('429');
    expect(statuses('/api/auth/login', 'post')).not.toContain('403');
  });

  it('types the ticket list filters as comma-separated arrays of enums', () => {
    const parameters = doc.paths['/api/tickets'].get.parameters as Json[];
    const param = (name: string) => parameters.find((p) => p.name === name && p.in === 'query');
    for (const [name, values] of [
      ['status', TICKET_STATUSES],
      ['priority', TICKET_PRIORITIES],
    ] as const) {
      expect(param(name), name).toMatchObject({
        style: 'form',
        explode: false,
        schema: { type: 'array', items: { type: 'string', enum: [...values] } },
      });
    }
    expect(param('tags')).toMatchObject({
      style: 'form',
      explode: false,
      schema: { type: 'array', items: { type: 'string' } },
    });
    expect(param('sortBy')?.schema.enum).toEqual([
      'createdAt',
      'updatedAt',
      'priority',
      'number',
      'slaDueAt',
    ]);
    const role = (doc.paths['/api/users'].get.parameters as Json[]).find((p) => p.name === 'role');
    expect(role).toMatchObject({ style: 'form', explode: false, schema: { type: 'array' } });
  });

  it('accepts the comma lists it documents, and refuses their unknown values', async () => {
    const token = await signIn(t, users.agent);
    const list = await t
      .http()
      .get('/api/tickets')
      .query({ status: 'NEW,OPEN', priority: 'HIGH,URGENT', tags: 'billing,refund' })
      .set(authHeader(token));
    expect(list.status).toBe(200);
    const bad = await t
      .http()
      .get('/api/tickets')
      .query({ status: 'NEW,DONE' })
      .set(authHeader(token));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['status.1']);
  });

  it('declares the request and answer headers the server reads and sends', async () => {
    const op = (path: string, method: string) => doc.paths[path][method];
    const headerParams = (path: string, method: string) =>
      ((op(path, method).parameters ?? []) as Json[])
        .map((p) => resolve(doc, p))
        .filter((p) => p.in === 'header')
        .map((p) => p.name);

    expect(headerParams('/api/tickets/{id}', 'patch')).toContain('If-Match');
    // Idempotency-Key: authenticated POSTs, not sign-in, the public tracker, or secret answers.
    for (const [path, method] of [
      ['/api/tickets', 'post'],
      ['/api/tickets/{id}/responses', 'post'],
      ['/api/tickets/{id}/claim', 'post'],
      ['/api/tickets/bulk', 'post'],
    ]) {
      expect(headerParams(path!, method!), path).toContain('Idempotency-Key');
      expect(Object.keys(op(path!, method!).responses), path).toEqual(
        expect.arrayContaining(['409', '422']),
      );
    }
    for (const [path, method] of [
      ['/api/auth/login', 'post'],
      ['/api/public/track', 'post'],
      ['/api/api-keys', 'post'],
      ['/api/tickets/{id}', 'patch'],
    ]) {
      expect(headerParams(path!, method!), path).not.toContain('Idempotency-Key');
    }
    expect(doc.components.parameters.IdempotencyKey.schema).toMatchObject({ maxLength: 255 });

    const headersOf = (path: string, method: string, status: string) =>
      Object.keys(resolve(doc, op(path, method).responses[status]).headers ?? {});
    expect(headersOf('/api/tickets/{id}', 'get', '200')).toEqual(
      expect.arrayContaining(['ETag', 'X-Request-Id']),
    );
    expect(headersOf('/api/tickets', 'post', '201')).toEqual(
      expect.arrayContaining(['ETag', 'Idempotent-Replayed', 'X-Request-Id']),
    );
    expect(headersOf('/api/tickets', 'get', '200')).not.toContain('ETag');
    // X-Request-Id on every answer; Retry-After on every 429 and 503.
    for (const { key, operation } of operationsOf(doc)) {
      for (const [status, response] of Object.entries(operation.responses as Json)) {
        const names = Object.keys(resolve(doc, response).headers ?? {});
        expect(names, `${key} ${status}`).toContain('X-Request-Id');
        if (status === '429' || status === '503') {
          expect(names, `${key} ${status}`).toContain('Retry-After');
        }
      }
    }

    // What the document says of GET /api/tickets/{id} is what the server sends.
    const token = await signIn(t, users.agent);
    const ticket = await t
      .http()
      .get('/api/tickets/1')
      .set(authHeader(token))
      .set('X-Request-Id', 'trace-42');
    expect(ticket.status).toBe(200);
    expect(ticket.headers.etag).toBe(`"${ticket.body.version}"`);
    expect(ticket.headers['x-request-id']).toBe('trace-42');
  });

  it('names PUBLIC_URL as the server the reference sends requests to', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: PUBLIC_URL })]);
  });

  it('refuses an unknown query parameter with a 400 problem naming it', async () => {
    const agent = await signIn(t, users.agent);
    const admin = await signIn(t, users.admin);
    for (const [url, token] of [
      ['/api/tickets?status=OPEN&stauts=NEW', agent],
      ['/api/users?role=AGENT&page=2', admin],
      ['/api/tickets/1/responses?limit=5&offset=10', agent],
    ] as const) {
      const res = await t.http().get(url).set(authHeader(token));
      expect(res.status, url).toBe(400);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      const unknown = url.split('&')[1]!.split('=')[0]!;
      expect(res.body, url).toMatchObject({
        status: 400,
        code: 'validation_failed',
        errors: [{ path: unknown, message: 'unknown query parameter' }],
      });
      expect(res.body.detail, url).toContain(unknown);
    }
    // The same lists without the unknown parameter are fine.
    const ok = await t.http().get('/api/users?role=AGENT').set(authHeader(admin));
    expect(ok.status).toBe(200);
  });
});
