/**
 * Property: no request body makes a write route answer 5xx (docs/product.md "bad input is always a 4xx
 * with a clear message, never a 500"). For every POST, PUT, PATCH and DELETE in the OpenAPI
 * document, fast-check sends random JSON and random objects built from the route's documented
 * body fields with values of any JSON type, as an admin (the most permissive role) and as a
 * customer, and asserts every answer is below 500 and every error is problem+json.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import {
  createCategory,
  createChat,
  createOrganizationWithUsers,
  createTicket,
} from './helpers/factories.js';

let t: TestApp;
let admin: string;
let customer: string;
let ids: Record<string, string>;
let routes: { method: string; path: string; fields: string[] }[];

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const { organization, users } = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    customer: { role: 'CUSTOMER' },
    agent2: { role: 'AGENT' },
  });
  ({ admin, customer } = await signInAll(t, { admin: users.admin, customer: users.customer }));
  // The rows the routes' ids point at: the customer's ticket, a chat, a user, a category.
  const organizationId = organization.id;
  const ticket = await createTicket(t.prisma, { requesterId: users.customer.id, status: 'OPEN' });
  const chat = await createChat(t.prisma, {
    organizationId,
    messages: [{ senderType: 'customer', content: 'Hello?' }],
  });
  const category = await createCategory(t.prisma, { organizationId });
  ids = { ticket: ticket.id, chat: chat.id, user: users.agent2.id, category: category.id };

  const doc = (await t.http().get('/api/openapi.json')).body as {
    paths: Record<
      string,
      Record<
        string,
        { requestBody?: { content?: Record<string, { schema?: { properties?: object } }> } }
      >
    >;
  };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
      // Fuzzing sign-in would only exercise its rate limit.
      .filter(([, op]) => path !== '/api/auth/login' && op !== undefined)
      .map(([method, op]) => ({
        method,
        path,
        fields: Object.keys(
          op.requestBody?.content?.['application/json']?.schema?.properties ?? {},
        ),
      })),
  );
});
afterAll(async () => t?.close());

function concrete(path: string): string {
  return path
    .replace('{chatId}', ids.chat!)
    .replace('{token}', 'not-a-token')
    .replace(/^\/api\/tickets\/\{id\}/, `/api/tickets/${ids.ticket}`)
    .replace(/^\/api\/chats\/\{id\}/, `/api/chats/${ids.chat}`)
    .replace(/^\/api\/users\/\{id\}/, `/api/users/${ids.user}`)
    .replace(/^\/api\/categories\/\{id\}/, `/api/categories/${ids.category}`)
    .replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
}

/** Bodies: any JSON, or an object of the route's fields (some, all, plus extras) with any values. */
function bodies(fields: string[]) {
  const known = fields.length
    ? fc.record(Object.fromEntries(fields.map((f) => [f, fc.jsonValue()])), { requiredKeys: [] })
    : fc.constant({});
  return fc.oneof(
    fc.jsonValue(),
    known,
    fc
      .tuple(known, fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue()))
      .map(([a, b]) => ({ ...b, ...a })),
  );
}

describe('no body makes a write route fail with 5xx', () => {
  it('holds for every write route, for an admin and a customer', async () => {
    expect(routes.length).toBeGreaterThan(15);
    const seen: string[] = [];
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(bodies(route.fields), fc.boolean(), async (body, asCustomer) => {
          const http = t.http();
          const res = await http[route.method as 'post'](concrete(route.path))
            .set(authHeader(asCustomer ? customer : admin))
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body));
          seen.push(`${route.method} ${route.path} ${res.status}`);
          if (res.status >= 500) {
            throw new Error(
              `${route.method.toUpperCase()} ${route.path} → ${res.status} for ${JSON.stringify(body)}: ${res.text}`,
            );
          }
          if (res.status >= 400 && res.status !== 429) {
            expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          }
        }),
        { numRuns: 25 },
      );
    }
    expect(seen.length).toBe(routes.length * 25);
  });
});
