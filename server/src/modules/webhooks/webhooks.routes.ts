/**
 * Webhook routes (docs/product.md roles table: "manage … webhooks" is for admins, and never for
 * an API key, whatever its role). Thin: a schema, the checks as hooks (credentials 401, then
 * signed-in user and role 403, then the request's shape 400) and one service call each; the
 * rules live in webhooks.service.ts, delivery in webhook-deliveries.ts.
 * Every route: a signed-in ADMIN of the organization; agents and customers 403; API keys 403;
 * another organization's endpoint 404.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import type { WebhooksService } from './webhooks.service.js';
import {
  CreateWebhookEndpointBodySchema,
  ListDeliveriesQuerySchema,
  UpdateWebhookEndpointBodySchema,
  WebhookDeliveryDetailSchema,
  WebhookDeliveryListSchema,
  WebhookDeliveryParamsSchema,
  WebhookDeliverySchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
  WebhookIdParamsSchema,
} from './webhooks.schemas.js';

const SIGNING =
  'Deliveries follow Standard Webhooks: headers `webhook-id` (the event id, the same on every attempt), `webhook-timestamp` (seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the bytes of the secret after `whsec_`). See the `webhooks` section of this document for every event.';

/** Registers the webhook routes; `webhooks` is createWebhooksService(deps). */
export const webhooksRoutes: FastifyPluginAsyncZod<{ webhooks: WebhooksService }> = async (
  app,
  { webhooks },
) => {
  app.addHook('onRequest', app.authenticate);
  app.addHook('preValidation', app.requireUser);
  app.addHook('preValidation', app.requireRole('ADMIN'));

  /**
   * POST /api/webhooks — `{url, eventTypes, description?, includeInternal?, enabled?}` → 201 the
   * endpoint with `secret` (`whsec_…`), shown only here. 400 a refused URL (not http(s),
   * credentials, a private/loopback/… literal address) or unknown event type; 409
   * `too_many_endpoints`.
   */
  app.post(
    '/api/webhooks',
    {
      // The answer holds the secret; Idempotency-Key would keep it in clear for 24 hours.
      config: { idempotency: false },
      schema: {
        tags: ['webhooks'],
        summary: 'Create a webhook endpoint',
        description: `Subscribes a URL to event types. The signing \`secret\` is returned only in this answer. ${SIGNING}`,
        body: CreateWebhookEndpointBodySchema,
        response: { 201: WebhookEndpointWithSecretSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const created = await webhooks.create(principalOf(request), request.body);
      return reply
        .code(201)
        .header('Location', `/api/webhooks/${created.id}`)
        .header('Cache-Control', 'no-store')
        .send(created);
    },
  );

  /** GET /api/webhooks — `{data: [endpoint]}`, oldest first; never a secret. */
  app.get(
    '/api/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'List webhook endpoints',
        response: { 200: WebhookEndpointListSchema, ...commonProblems },
      },
    },
    async (request) => webhooks.list(principalOf(request)),
  );

  /** GET /api/webhooks/:id — the endpoint; 404 not in the organization. */
  app.get(
    '/api/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Get a webhook endpoint',
        params: WebhookIdParamsSchema,
        response: { 200: WebhookEndpointSchema, ...commonProblems },
      },
    },
    async (request) => webhooks.get(principalOf(request), request.params.id),
  );

  /**
   * PATCH /api/webhooks/:id — any of `{url, eventTypes, description, includeInternal, enabled}`
   * → 200 the endpoint. `enabled: true` re-enables an endpoint disabled by a 410 or by continuous
   * failure; its pending deliveries resume in order. 400 refused URL; 404.
   */
  app.patch(
    '/api/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Change a webhook endpoint',
        params: WebhookIdParamsSchema,
        body: UpdateWebhookEndpointBodySchema,
        response: { 200: WebhookEndpointSchema, ...commonProblems },
      },
    },
    async (request) => webhooks.update(principalOf(request), request.params.id, request.body),
  );

  /** DELETE /api/webhooks/:id — 204; the endpoint and its delivery log are removed. 404. */
  app.delete(
    '/api/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Delete a webhook endpoint',
        params: WebhookIdParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await webhooks.remove(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  /**
   * POST /api/webhooks/:id/rotate-secret — 200 the endpoint with a new `secret`, shown only here;
   * the previous secret keeps signing until `previousSecretExpiresAt`. 404.
   */
  app.post(
    '/api/webhooks/:id/rotate-secret',
    {
      config: { idempotency: false },
      schema: {
        tags: ['webhooks'],
        operationId: 'rotateWebhookSecret',
        summary: 'Rotate the signing secret',
        description:
          'Makes a new secret, returned only in this answer. Until `previousSecretExpiresAt` (WEBHOOK_SECRET_ROTATION_HOURS) deliveries carry two signatures, one per secret, so receivers can switch without losing a delivery.',
        params: WebhookIdParamsSchema,
        response: { 200: WebhookEndpointWithSecretSchema, ...commonProblems },
      },
    },
    async (request, reply) => {
      const rotated = await webhooks.rotateSecret(principalOf(request), request.params.id);
      return reply.header('Cache-Control', 'no-store').send(rotated);
    },
  );

  /**
   * GET /api/webhooks/:id/deliveries — `limit`, `cursor`, `status` → `{data: [delivery],
   * nextCursor}`, newest event first. 404.
   */
  app.get(
    '/api/webhooks/:id/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'List the deliveries of an endpoint',
        description:
          'The delivery log: event, attempts, last status code, latency, error and answer excerpt, next retry.',
        params: WebhookIdParamsSchema,
        querystring: ListDeliveriesQuerySchema,
        response: { 200: WebhookDeliveryListSchema, ...commonProblems },
      },
    },
    async (request) =>
      webhooks.listDeliveries(principalOf(request), request.params.id, request.query),
  );

  /** GET /api/webhooks/:id/deliveries/:deliveryId — the delivery with its body and every attempt. */
  app.get(
    '/api/webhooks/:id/deliveries/:deliveryId',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Get a delivery with its attempts',
        params: WebhookDeliveryParamsSchema,
        response: { 200: WebhookDeliveryDetailSchema, ...commonProblems },
      },
    },
    async (request) =>
      webhooks.getDelivery(principalOf(request), request.params.id, request.params.deliveryId),
  );

  /**
   * POST /api/webhooks/:id/deliveries/:deliveryId/retry — 202 the delivery, PENDING and due now
   * (same webhook-id). 409 `endpoint_disabled`; 404.
   */
  app.post(
    '/api/webhooks/:id/deliveries/:deliveryId/retry',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Redeliver',
        description:
          'Sends the delivery again as soon as the worker runs, with the same webhook-id; a failed or delivered one gets one more attempt.',
        params: WebhookDeliveryParamsSchema,
        response: { 202: WebhookDeliverySchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const delivery = await webhooks.retryDelivery(
        principalOf(request),
        request.params.id,
        request.params.deliveryId,
      );
      return reply.code(202).send(delivery);
    },
  );
};
