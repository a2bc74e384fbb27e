/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests and
 * whitelist responses (docs/product.md "REST API conventions"), served at `GET /api/openapi.json`, and a
 * browsable reference at `/api/docs` (Swagger UI, served from the package's own files: it works
 * offline). Must be registered before the routes: it collects them as they are added.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { API_KEY_SCOPES, API_KEY_SCOPE_DESCRIPTIONS } from '../lib/api-key-scopes.js';
import { webhooksOpenApi } from '../modules/events/index.js';
import { addMultipartRequestBodies, markMultipartRoutes } from './multipart.js';
import { applyOpenApiConventions, describeOperations } from './openapi-conventions.js';

async function openapi(app: FastifyInstance, opts: { publicUrl: string; version: string }) {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Docket API',
        version: opts.version,
        description: [
          'The REST API of Docket, an open-source helpdesk.',
          '',
          '- JSON under `/api`; fields are camelCase; times are ISO 8601 UTC; ids are UUIDs.',
          '- Authenticate with `Authorization: Bearer <token>`: an access token from `POST /api/auth/login`, or an API key (`dk_…`).',
          '- Errors are RFC 9457 `application/problem+json` with a stable `code` and per-field `errors[]`; an unknown query parameter is a 400 naming it.',
          '- Every answer carries `X-Request-Id`; 429 and 503 carry `Retry-After` (seconds).',
          '- List filters that take several values are comma-separated: `status=OPEN,NEW`.',
          '- Lists use keyset pagination: pass `nextCursor` back as `cursor`; `limit` is 1–100.',
          '- `PATCH` honours `If-Match` (the ticket `version`, also sent as `ETag`): a stale one gets 412.',
          '- `POST` honours `Idempotency-Key`: a retry with the same key and body gets the first answer (24 hours).',
        ].join('\n'),
        license: { name: 'MIT', identifier: 'MIT' },
      },
      // PUBLIC_URL: where the Swagger UI's "Try it out" sends requests.
      servers: [{ url: opts.publicUrl, description: 'This deployment (PUBLIC_URL)' }],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'An access token (JWT) from POST /api/auth/login.',
          },
          // Each operation open to API keys lists the scope it needs: `{apiKey: ['<scope>']}`.
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'dk_<prefix>_<secret>',
            description: apiKeySchemeDescription(),
          },
        },
      },
      security: [{ bearerAuth: [] }, { apiKey: [] }],
      // OpenAPI 3.1 top-level `webhooks`: every event Docket sends to integrators.
      webhooks: webhooksOpenApi(),
      tags: [
        { name: 'auth', description: 'Sign in and the current user' },
        { name: 'tickets', description: 'Tickets: create, list, search, update, claim, sessions' },
        { name: 'responses', description: 'Public replies and internal notes' },
        {
          name: 'activity',
          description: "The audit log of a ticket, and the organization's (admins)",
        },
        {
          name: 'attachments',
          description:
            'Files on tickets and responses: checked by content, downloaded by those who may see them',
        },
        { name: 'chats', description: 'Live-chat conversations and the chat-to-ticket flow' },
        { name: 'stats', description: 'Statistics' },
        {
          name: 'public',
          description: 'The public tracker and signed tracking links (no sign-in)',
        },
        {
          name: 'admin',
          description: 'Users, categories and API keys of an organization (admins)',
        },
        {
          name: 'webhooks',
          description:
            'Webhook endpoints and their delivery log (admins); the events themselves are in the `webhooks` section',
        },
        {
          name: 'events',
          description:
            'The event feed: the events webhooks receive, pulled in commit order from a cursor (admins, API keys with events:read)',
        },
        {
          name: 'live',
          description:
            'Live updates for the dashboard (Server-Sent Events) and presence on a ticket (agents and admins)',
        },
        {
          name: 'notifications',
          description: 'Email notifications and their delivery state (admins)',
        },
        { name: 'service', description: 'Health and documentation' },
      ],
    },
    // operationIds, error responses, headers and list parameters: plugins/openapi-conventions.ts.
    transform: describeOperations(markMultipartRoutes(jsonSchemaTransform)),
    transformObject: (document) =>
      applyOpenApiConventions(addMultipartRequestBodies(jsonSchemaTransformObject(document))),
  });

  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    uiConfig: { deepLinking: true, defaultModelsExpandDepth: 1, docExpansion: 'list' },
  });

  /** GET /api/openapi.json — the OpenAPI 3.1 document (no authentication). */
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

/** The `apiKey` scheme's description: how a key is sent, and each scope with what it allows. */
function apiKeySchemeDescription(): string {
  return [
    'An API key (`dk_…`), sent as `Authorization: Bearer <key>`. Each operation open to keys lists the scope it needs; a key without it gets 403 naming it (`missingScope`). Scopes:',
    '',
    ...API_KEY_SCOPES.map((scope) => `- \`${scope}\`: ${API_KEY_SCOPE_DESCRIPTIONS[scope]}`),
  ].join('\n');
}

export default fp(openapi, { name: 'openapi', fastify: '5.x' });
