import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemSchema } from '../src/lib/common.schemas.js';
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
import { createTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
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
    // Shared schemas are referenced by name, and the Ticket schema names every field of API.md.
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
