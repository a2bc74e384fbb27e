/**
 * The OpenAPI 3.1 `webhooks` section (OpenAPI 3.1 §4.8.1 "webhooks"): one entry per event type an
 * endpoint may subscribe to, with the Standard Webhooks headers, the body's schema (the
 * `<Type>Event` components generated from events.schemas.ts) and an example, so integrators see
 * every payload in the same reference as the API.
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import {
  WEBHOOK_EVENT_TYPES,
  eventExamples,
  eventSchemaId,
  type WebhookEventType,
} from './events.schemas.js';

const SUMMARIES: Record<WebhookEventType, [string, string]> = {
  'ticket.created': [
    'A ticket was created',
    'By anyone, on any channel (web, portal, API, chat, email). A ticket created with an assignee is followed by `ticket.assigned`.',
  ],
  'ticket.updated': [
    'Ticket fields changed',
    '`changes` names each changed field with its value before and after: subject, priority, category, tags, customFields, metadata, externalRefs, session (scheduled or cancelled) or linkedChatIds (a chat linked). Status and assignee changes have their own events.',
  ],
  'ticket.status_changed': [
    'A ticket changed status',
    '`previousStatus` → `status`, with the `reason` given and the `actor`. A requester’s reply to a RESOLVED or WAITING_ON_CUSTOMER ticket reopens it (actor: the requester).',
  ],
  'ticket.assigned': [
    'A ticket was assigned, unassigned, claimed or unclaimed',
    '`change` says which: `assigned`/`unassigned` (someone set the assignee), `claimed`/`unclaimed` (an agent took or released it). `assignee` is null after an unassignment.',
  ],
  'ticket.response_added': [
    'A public reply or an internal note was added',
    'Internal notes (`isInternal: true`) are sent only to endpoints created with `includeInternal: true`.',
  ],
  'ticket.deleted': [
    'A ticket was deleted (soft)',
    'An admin deleted it; it can be restored (`ticket.restored`).',
  ],
  'ticket.restored': ['A deleted ticket was restored', ''],
  'ticket.merged': [
    'A ticket was merged into another',
    '`ticket` is the source, now CLOSED with `mergedInto`; `target` the ticket its replies, files, chats and participants moved to. Later mail to the source’s thread lands on the target.',
  ],
  'ticket.sla_warning': [
    'An SLA target is at risk',
    'Sent once per target (ticket, metric, cycle) when the policy’s `warnAtPercent` of its business time is used. `target` names the metric and its due time; `notifyAt` is when Docket emails about it (null: the policy does not notify).',
  ],
  'ticket.sla_breached': [
    'An SLA target was breached',
    'Sent once per target (ticket, metric, cycle) when its due time passes unfulfilled, even with several instances and across restarts. `escalation` lists what the policy changed (priority, tag); those changes also arrive as `ticket.updated` with actor `system`.',
  ],
  'ticket.rule_triggered': [
    'An automation rule sent a webhook event',
    'A rule with a `send_webhook` action ran on the ticket (docs/product.md "Rules"); `rule` names it and `note` is its text. Changes the rule made arrive as their own events with actor type `rule`.',
  ],
  'chat.converted': [
    'A ticket was made from a live chat',
    'Follows the ticket’s `ticket.created` (and `ticket.assigned`).',
  ],
  'attachment.added': [
    'A file was attached to a ticket or a response',
    'Metadata only: the file itself is downloaded through the API by those who may see the ticket. Files on internal notes (`isInternal: true`) are sent only to endpoints created with `includeInternal: true`.',
  ],
  'ticket.satisfaction_rated': [
    'The requester rated a resolution',
    'The requester answered "How did we do?" for the resolution at `rating.resolvedAt` (docs/product.md "Satisfaction"), or changed their answer within 7 days: each change sends the event again with the same `resolvedAt`.',
  ],
};

const HEADERS = [
  {
    name: 'webhook-id',
    description:
      'The event id (also the body’s `id`): the same on every attempt of this event. Deduplicate on it.',
    schema: { type: 'string', format: 'uuid' },
  },
  {
    name: 'webhook-timestamp',
    description:
      'When this attempt was sent, in seconds since the Unix epoch. Refuse messages too far from your clock (replay protection).',
    schema: { type: 'string', pattern: '^\\d+$' },
  },
  {
    name: 'webhook-signature',
    description:
      'Space-separated `v1,<base64 HMAC-SHA256>` signatures of `${webhook-id}.${webhook-timestamp}.${body}`, keyed with the bytes after `whsec_` in your secret (base64-decoded). Two during a secret rotation: accept the message when one matches. Any Standard Webhooks library verifies it.',
    schema: { type: 'string' },
  },
].map((header) => ({ in: 'header', required: true, ...header }));

type OpenApiOptions = NonNullable<FastifyDynamicSwaggerOptions['openapi']>;
type WebhooksObject = NonNullable<Extract<OpenApiOptions, { webhooks?: unknown }>['webhooks']>;

/** The `webhooks` object of the OpenAPI document. */
export function webhooksOpenApi(): WebhooksObject {
  return Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => {
      const [summary, description] = SUMMARIES[type];
      return [
        type,
        {
          post: {
            tags: ['webhooks'],
            // camelCase as every operationId of the document: `ticket.status_changed` →
            // `webhookTicketStatusChanged`.
            operationId: `webhook${type
              .split(/[._]/)
              .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
              .join('')}`,
            summary,
            description:
              `${description} The body is the event envelope \`{id, type, timestamp, organizationId, data}\`; \`data.ticket\` is the ticket as the API shows it to an agent.`.trim(),
            security: [],
            parameters: HEADERS,
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: { $ref: `#/components/schemas/${eventSchemaId(type)}` },
                  example: eventExamples[type],
                },
              },
            },
            responses: {
              '2XX': {
                description:
                  'Received. Answer quickly (within 10 s) and process later. Any other answer, a redirect or a timeout is retried with exponential backoff for about a day (`Retry-After` honoured), then the delivery is marked failed.',
              },
              '410': {
                description: 'Gone: the endpoint is disabled and receives nothing more.',
              },
            },
          },
        },
      ];
    }),
  ) as WebhooksObject;
}
