/**
 * Webhook endpoints and their delivery log: requests and whitelisted answers. The answers never hold a signing secret, except the create and rotate answers,
 * which show the new secret that once.
 */
import { z } from 'zod';
import { PageQuerySchema, Timestamp, pageOf } from '../../lib/common.schemas.js';
import { WEBHOOK_EVENT_TYPES, WebhookEventTypeSchema } from '../events/events.schemas.js';

export const WEBHOOK_DELIVERY_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED'] as const;
/** Longest webhook URL accepted, in characters. */
export const WEBHOOK_URL_MAX_LENGTH = 2048;

const endpointExample = {
  id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
  url: 'https://hooks.example.com/docket',
  description: 'CRM sync',
  eventTypes: ['ticket.created', 'ticket.status_changed', 'ticket.response_added'],
  includeInternal: false,
  enabled: true,
  failingSince: null,
  disabledAt: null,
  disabledReason: null,
  previousSecretExpiresAt: null,
  createdAt: '2026-11-21T09:00:00.000Z',
  updatedAt: '2026-11-21T09:00:00.000Z',
};

/** A webhook endpoint as admins see it: never its secret. */
export const WebhookEndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string().describe('Normalised: the URL exactly as it is called'),
    description: z.string().nullable(),
    eventTypes: z.array(WebhookEventTypeSchema),
    includeInternal: z
      .boolean()
      .describe(
        'Whether internal notes and their files (ticket.response_added, attachment.added with isInternal) are delivered',
      ),
    enabled: z.boolean(),
    failingSince: Timestamp.nullable().describe(
      'First failed attempt since the last success; the endpoint is disabled when it keeps failing',
    ),
    disabledAt: Timestamp.nullable(),
    disabledReason: z
      .string()
      .nullable()
      .describe('Why it was disabled: by an admin, a 410 Gone answer, or continuous failure'),
    previousSecretExpiresAt: Timestamp.nullable().describe(
      'After a rotation: until then the previous secret signs too (two signatures are sent)',
    ),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'WebhookEndpoint', examples: [endpointExample] });
export type WebhookEndpoint = z.output<typeof WebhookEndpointSchema>;

/** The create and rotate answers: the endpoint with its new signing secret, shown only here. */
export const WebhookEndpointWithSecretSchema = WebhookEndpointSchema.extend({
  secret: z
    .string()
    .describe(
      'The signing secret "whsec_<base64>" (Standard Webhooks), shown only in this answer: store it now',
    ),
}).meta({
  id: 'WebhookEndpointWithSecret',
  examples: [{ ...endpointExample, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw2fLH8KRPu1c=' }],
});
export type WebhookEndpointWithSecret = z.output<typeof WebhookEndpointWithSecretSchema>;

export const WebhookEndpointListSchema = z
  .object({ data: z.array(WebhookEndpointSchema) })
  .meta({ id: 'WebhookEndpointList' });
export type WebhookEndpointList = z.output<typeof WebhookEndpointListSchema>;

const eventTypes = z
  .array(WebhookEventTypeSchema)
  .min(1, 'subscribe to at least one event type')
  .max(WEBHOOK_EVENT_TYPES.length * 2)
  .describe(`Any of ${WEBHOOK_EVENT_TYPES.join(', ')}`);
const url = z.string().trim().min(1).max(WEBHOOK_URL_MAX_LENGTH);
const description = z.string().trim().max(500).nullable();

/** POST /api/webhooks body. */
export const CreateWebhookEndpointBodySchema = z
  .strictObject({
    url,
    eventTypes,
    description: description.optional(),
    includeInternal: z.boolean().default(false),
    enabled: z.boolean().default(true),
  })
  .meta({
    id: 'CreateWebhookEndpointBody',
    examples: [
      {
        url: 'https://hooks.example.com/docket',
        eventTypes: ['ticket.created', 'ticket.status_changed', 'ticket.response_added'],
        description: 'CRM sync',
      },
    ],
  });
export type CreateWebhookEndpointBody = z.input<typeof CreateWebhookEndpointBodySchema>;
export type CreateWebhookEndpointInput = z.output<typeof CreateWebhookEndpointBodySchema>;

/** PATCH /api/webhooks/:id body: any of the fields; `enabled: true` re-enables a disabled endpoint. */
export const UpdateWebhookEndpointBodySchema = z
  .strictObject({
    url: url.optional(),
    eventTypes: eventTypes.optional(),
    description: description.optional(),
    includeInternal: z.boolean().optional(),
    enabled: z.boolean().optional(),
  })
  .meta({ id: 'UpdateWebhookEndpointBody', examples: [{ enabled: true }] });
export type UpdateWebhookEndpointBody = z.input<typeof UpdateWebhookEndpointBodySchema>;
export type UpdateWebhookEndpointInput = z.output<typeof UpdateWebhookEndpointBodySchema>;

/** One delivery (one event to one endpoint) in the delivery log. */
export const WebhookDeliverySchema = z
  .object({
    id: z.uuid(),
    endpointId: z.uuid(),
    eventId: z.uuid().describe('Also the webhook-id header, the same on every attempt'),
    eventType: WebhookEventTypeSchema,
    ticketId: z.uuid().nullable(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    nextAttemptAt: Timestamp.nullable().describe('The next retry (PENDING only)'),
    lastAttemptAt: Timestamp.nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastLatencyMs: z.number().int().nullable(),
    lastError: z.string().nullable(),
    responseExcerpt: z.string().nullable().describe('The start of the last answer’s body'),
    deliveredAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.output<typeof WebhookDeliverySchema>;

/** One attempt of a delivery. */
export const WebhookDeliveryAttemptSchema = z
  .object({
    attempt: z.number().int(),
    startedAt: Timestamp,
    succeeded: z.boolean(),
    statusCode: z.number().int().nullable(),
    latencyMs: z.number().int().nullable(),
    error: z.string().nullable(),
    responseExcerpt: z.string().nullable(),
  })
  .meta({ id: 'WebhookDeliveryAttempt' });

/** A delivery with the body sent and every attempt. */
export const WebhookDeliveryDetailSchema = WebhookDeliverySchema.extend({
  payload: z.record(z.string(), z.unknown()).describe('The event body, exactly as sent'),
  attemptLog: z.array(WebhookDeliveryAttemptSchema),
}).meta({ id: 'WebhookDeliveryDetail' });
export type WebhookDeliveryDetail = z.output<typeof WebhookDeliveryDetailSchema>;

export const WebhookDeliveryListSchema = pageOf(WebhookDeliverySchema).meta({
  id: 'WebhookDeliveryList',
});
export type WebhookDeliveryList = z.output<typeof WebhookDeliveryListSchema>;

/** GET /api/webhooks/:id/deliveries query: newest first, optionally of one status. */
export const ListDeliveriesQuerySchema = PageQuerySchema.extend({
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
});
export type ListDeliveriesQuery = z.output<typeof ListDeliveriesQuerySchema>;

export const WebhookIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
export const WebhookDeliveryParamsSchema = WebhookIdParamsSchema.extend({
  deliveryId: z.string().min(1).max(64),
});
