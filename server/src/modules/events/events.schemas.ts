/**
 * Domain events: their types and payloads (docs/product.md "Notifications and integrations").
 * The same zod schemas type the emitting code, document the webhooks in the OpenAPI document
 * (events.openapi.ts) and check the examples (test/webhooks-openapi.test.ts).
 *
 * Every event is an envelope `{id, type, timestamp, organizationId, data}`:
 * - `id`: the event's uuid, also the `webhook-id` header of every delivery of it (stable across
 *   retries: receivers deduplicate on it);
 * - `timestamp`: when the change happened (ISO 8601 UTC);
 * - `data`: the ticket as the API shows it to an agent (the `Ticket` schema, a whitelist), who did
 *   it (`actor`), and what the event type adds.
 */
import { z } from 'zod';
import { Timestamp } from '../../lib/common.schemas.js';
import { examples } from '../../lib/openapi-examples.js';
import { ActivityActorSchema } from '../activity/activity.schemas.js';
import { TicketResponseSchema } from '../responses/responses.schemas.js';
import { TicketSchema, TicketStatusSchema } from '../tickets/tickets.schemas.js';
import { SlaMetricSchema } from '../sla/sla.schemas.js';
import { TICKET_PRIORITIES } from '../../lib/domain.js';
import {
  SATISFACTION_REASONS,
  SatisfactionScaleSchema,
} from '../satisfaction/satisfaction.schemas.js';

/** The event types integrators may subscribe a webhook endpoint to. */
export const WEBHOOK_EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.status_changed',
  'ticket.assigned',
  'ticket.response_added',
  'ticket.deleted',
  'ticket.restored',
  'ticket.merged',
  'ticket.sla_warning',
  'ticket.sla_breached',
  'ticket.rule_triggered',
  'chat.converted',
  'attachment.added',
  'ticket.satisfaction_rated',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * Events for Docket's own subscribers only, never sent to webhooks: `webhook_endpoint.disabled`
 * tells admins (through the email notifications' subscriber) that an endpoint was turned off;
 * `chat.created`, `chat.message_added` and `chat.updated` feed the agents' live chat inbox
 * (modules/live): ids and small fields only, never a message's content. `routing.requested` asks
 * the routing subscriber to place the queued tickets of some groups (modules/groups).
 */
export const INTERNAL_EVENT_TYPES = [
  'webhook_endpoint.disabled',
  'rule.email_requested',
  'routing.requested',
  'chat.created',
  'chat.message_added',
  'chat.updated',
] as const;
export type InternalEventType = (typeof INTERNAL_EVENT_TYPES)[number];

/**
 * Event types whose `data.isInternal` marks an internal note or a file on one: they reach only
 * webhook endpoints with `includeInternal`, and the event feed only with `includeInternal=true`.
 * Without an explicit `isInternal: false` such an event is taken as internal.
 */
export const INTERNAL_CAPABLE_EVENT_TYPES = ['ticket.response_added', 'attachment.added'] as const;

/** The internal chat events (the live inbox's; never sent to webhooks). */
export const CHAT_EVENT_TYPES = ['chat.created', 'chat.message_added', 'chat.updated'] as const;

export const EVENT_TYPES = [...WEBHOOK_EVENT_TYPES, ...INTERNAL_EVENT_TYPES] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES).meta({ id: 'WebhookEventType' });

/**
 * Who caused the event: a user, an integrator's API key, Docket itself, or an automation rule
 * (`rule`, with the rule's id and name). Integrators should tolerate actor types added later.
 */
export const EventActorSchema = ActivityActorSchema;
export type EventActor = z.output<typeof EventActorSchema>;

const AssigneeSchema = z.object({ id: z.uuid(), name: z.string() }).nullable();

/** The SLA target an SLA event is about (docs/product.md "SLA"). */
const SlaEventTargetSchema = z.object({
  metric: SlaMetricSchema,
  cycle: z.number().int(),
  policyId: z.uuid().nullable(),
  policyName: z.string().nullable(),
  dueAt: Timestamp,
  warnAt: Timestamp.nullable(),
  breachedAt: Timestamp.nullable(),
});

/** `data` of each event type. */
export const EventDataSchemas = {
  'ticket.created': z.object({ ticket: TicketSchema, actor: EventActorSchema }),
  'ticket.updated': z.object({
    ticket: TicketSchema,
    changes: z
      .record(z.string(), z.object({ before: z.unknown(), after: z.unknown() }))
      .describe(
        'The changed fields, each with its value before and after: any of subject, priority, category, group ({id, name}), tags, customFields, metadata, externalRefs, session, sessionOccurrence (one occurrence of a recurring session moved or cancelled: {originalStart, scheduledAt, durationMinutes, cancelled}), linkedChatIds',
      ),
    reason: z.string().nullable(),
    actor: EventActorSchema,
  }),
  'ticket.status_changed': z.object({
    ticket: TicketSchema,
    previousStatus: TicketStatusSchema,
    status: TicketStatusSchema,
    reason: z.string().nullable(),
    actor: EventActorSchema,
  }),
  'ticket.assigned': z.object({
    ticket: TicketSchema,
    change: z
      .enum(['assigned', 'unassigned', 'claimed', 'unclaimed'])
      .describe('claimed/unclaimed: an agent took or released the ticket themselves'),
    previousAssignee: AssigneeSchema,
    assignee: AssigneeSchema.describe('null when unassigned or unclaimed'),
    reason: z.string().nullable(),
    actor: EventActorSchema,
  }),
  'ticket.response_added': z.object({
    ticket: TicketSchema,
    isInternal: z
      .boolean()
      .describe(
        'An internal note; sent only to endpoints with includeInternal (never to customers)',
      ),
    response: TicketResponseSchema,
    actor: EventActorSchema,
  }),
  'ticket.deleted': z.object({
    ticket: TicketSchema,
    deletedAt: Timestamp,
    actor: EventActorSchema,
  }),
  'ticket.restored': z.object({ ticket: TicketSchema, actor: EventActorSchema }),
  'ticket.merged': z.object({
    ticket: TicketSchema.describe('The source, now CLOSED, with mergedInto set'),
    target: TicketSchema.describe('The ticket it was merged into, after the merge'),
    comment: z.string().nullable().describe('The comment given with the merge'),
    actor: EventActorSchema,
  }),
  'ticket.sla_warning': z.object({
    ticket: TicketSchema,
    target: SlaEventTargetSchema,
    notifyAt: Timestamp.nullable().describe(
      "When email about it may go: now, or the schedule's next opening when the policy holds notifications; null when the policy does not notify",
    ),
    actor: EventActorSchema,
  }),
  'ticket.sla_breached': z.object({
    ticket: TicketSchema,
    target: SlaEventTargetSchema,
    escalation: z
      .object({
        priority: z
          .object({ before: z.enum(TICKET_PRIORITIES), after: z.enum(TICKET_PRIORITIES) })
          .nullable(),
        addedTag: z.string().nullable(),
      })
      .describe("What the policy's escalation changed (already in `ticket`)"),
    notifyAt: Timestamp.nullable().describe(
      "When email about it may go: now, or the schedule's next opening when the policy holds notifications; null when the policy does not notify",
    ),
    actor: EventActorSchema,
  }),
  'ticket.rule_triggered': z.object({
    ticket: TicketSchema,
    rule: z.object({ id: z.uuid(), name: z.string() }),
    note: z.string().nullable().describe("The rule's send_webhook note"),
    actor: EventActorSchema,
  }),
  'chat.converted': z.object({
    ticket: TicketSchema,
    chat: z.object({
      id: z.uuid(),
      customerName: z.string(),
      customerEmail: z.string(),
      escalated: z.boolean(),
    }),
    actor: EventActorSchema,
  }),
  'attachment.added': z.object({
    ticket: TicketSchema,
    isInternal: z
      .boolean()
      .describe(
        'The file is on an internal note; sent only to endpoints with includeInternal (never to customers)',
      ),
    attachment: z.object({
      id: z.uuid(),
      responseId: z.uuid().nullable().describe('The response it was attached to, if any'),
      fileName: z.string(),
      mimeType: z.string().describe('Detected from the content'),
      sizeBytes: z.number().int(),
      createdAt: Timestamp,
    }),
    actor: EventActorSchema,
  }),
  'ticket.satisfaction_rated': z.object({
    ticket: TicketSchema,
    rating: z.object({
      scale: SatisfactionScaleSchema,
      score: z.number().int().describe('good_bad: 1 (bad) or 5 (good); five_point: 1–5'),
      comment: z.string().nullable(),
      reason: z.enum(SATISFACTION_REASONS).nullable(),
      resolvedAt: Timestamp.describe('The resolution rated'),
      createdAt: Timestamp.describe('When the rating was first given'),
      updatedAt: Timestamp.describe('When it was last changed'),
    }),
    actor: EventActorSchema,
  }),
  'webhook_endpoint.disabled': z.object({
    endpoint: z.object({ id: z.uuid(), url: z.string(), description: z.string().nullable() }),
    reason: z.string(),
    disabledAt: Timestamp,
    failingSince: Timestamp.nullable(),
    actor: EventActorSchema,
  }),
  'rule.email_requested': z.object({
    ticketId: z.uuid(),
    rule: z.object({ id: z.uuid(), name: z.string() }),
    to: z.array(z.string()),
    subject: z.string(),
    text: z.string(),
    actor: EventActorSchema,
  }),
  'routing.requested': z.object({
    groupIds: z.array(z.uuid()).describe('The groups whose queues may now move'),
    member: z
      .object({ userId: z.uuid(), availability: z.enum(['available', 'away']) })
      .nullable()
      .describe(
        'A member who went away or was deactivated (their tickets of groups with returnOnAway go back), or came back (their groups move)',
      ),
    reason: z.string(),
    actor: EventActorSchema,
  }),
  'chat.created': z.object({ chatId: z.uuid(), actor: EventActorSchema }),
  'chat.message_added': z.object({
    chatId: z.uuid(),
    messageId: z.uuid(),
    senderType: z.enum(['customer', 'agent', 'bot']),
    agentId: z
      .object({ before: z.uuid().nullable(), after: z.uuid().nullable() })
      .optional()
      .describe("Present when the message made its agent the chat's agent"),
    actor: EventActorSchema,
  }),
  'chat.updated': z.object({
    chatId: z.uuid(),
    changes: z
      .record(z.string(), z.object({ before: z.unknown(), after: z.unknown() }))
      .describe('The changed fields, each before and after: any of status, escalated, agentId'),
    actor: EventActorSchema,
  }),
} as const satisfies Record<EventType, z.ZodType>;

export type EventData<T extends EventType> = z.output<(typeof EventDataSchemas)[T]>;

/** The envelope of an event of type `T`. */
export interface DomainEvent<T extends EventType = EventType> {
  id: string;
  type: T;
  /** ISO 8601 UTC. */
  timestamp: string;
  organizationId: string;
  data: EventData<T>;
}

/** Envelope schema of one event type (the body a webhook receives). */
function envelope<T extends EventType>(type: T) {
  return z.object({
    id: z.uuid().describe('The event id; also the webhook-id header. Deduplicate on it.'),
    type: z.literal(type),
    timestamp: Timestamp.describe('When the change happened'),
    organizationId: z.uuid(),
    data: EventDataSchemas[type],
  });
}

const ticket = examples.ticket;
const actor = { type: 'user', id: ticket.assignee.id, name: ticket.assignee.name } as const;
const base = {
  id: '6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c',
  timestamp: '2026-11-21T10:05:27.000Z',
  organizationId: ticket.organizationId,
};

const systemActor = { type: 'system', id: null, name: 'Docket' } as const;
const ruleRef = { id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'VIP → urgent' } as const;
const slaTarget = {
  metric: 'first_response',
  cycle: 1,
  policyId: '0b5c8a8e-3f1d-4c2a-9e7b-1d2c3b4a5e6f',
  policyName: 'High priority',
  dueAt: ticket.firstResponseDueAt,
  warnAt: '2026-11-21T12:36:00.000Z',
  breachedAt: null,
} as const;

/** One example body per event type, consistent with the API's other examples. */
export const eventExamples = {
  'ticket.created': {
    ...base,
    type: 'ticket.created',
    data: { ticket: { ...ticket, status: 'NEW', version: 1 }, actor },
  },
  'ticket.updated': {
    ...base,
    type: 'ticket.updated',
    data: {
      ticket,
      changes: {
        priority: { before: 'MEDIUM', after: 'HIGH' },
        tags: { before: ['payment_issue'], after: ['payment_issue', 'escalated-from-chat'] },
      },
      reason: 'Double charge confirmed',
      actor,
    },
  },
  'ticket.status_changed': {
    ...base,
    type: 'ticket.status_changed',
    data: {
      ticket,
      previousStatus: 'OPEN',
      status: 'IN_PROGRESS',
      reason: null,
      actor,
    },
  },
  'ticket.assigned': {
    ...base,
    type: 'ticket.assigned',
    data: {
      ticket,
      change: 'claimed',
      previousAssignee: null,
      assignee: ticket.assignee,
      reason: null,
      actor,
    },
  },
  'ticket.response_added': {
    ...base,
    type: 'ticket.response_added',
    data: { ticket, isInternal: false, response: examples.response, actor },
  },
  'ticket.deleted': {
    ...base,
    type: 'ticket.deleted',
    data: { ticket, deletedAt: base.timestamp, actor },
  },
  'ticket.restored': { ...base, type: 'ticket.restored', data: { ticket, actor } },
  'ticket.merged': {
    ...base,
    type: 'ticket.merged',
    data: { ticket, target: ticket, comment: 'Same double charge as the other ticket', actor },
  },
  'ticket.sla_warning': {
    ...base,
    type: 'ticket.sla_warning',
    data: {
      ticket,
      target: slaTarget,
      notifyAt: base.timestamp,
      actor: systemActor,
    },
  },
  'ticket.sla_breached': {
    ...base,
    type: 'ticket.sla_breached',
    data: {
      ticket,
      target: { ...slaTarget, breachedAt: slaTarget.dueAt },
      escalation: { priority: { before: 'MEDIUM', after: 'HIGH' }, addedTag: 'sla-breached' },
      notifyAt: base.timestamp,
      actor: systemActor,
    },
  },
  'ticket.rule_triggered': {
    ...base,
    type: 'ticket.rule_triggered',
    data: {
      ticket,
      rule: ruleRef,
      note: 'VIP customer waiting',
      actor: { type: 'rule', ...ruleRef },
    },
  },
  'chat.converted': {
    ...base,
    type: 'chat.converted',
    data: {
      ticket,
      chat: {
        id: ticket.originChatId,
        customerName: ticket.requester.name,
        customerEmail: ticket.requester.email,
        escalated: true,
      },
      actor,
    },
  },
  'attachment.added': {
    ...base,
    type: 'attachment.added',
    data: {
      ticket,
      isInternal: false,
      attachment: {
        id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
        responseId: null,
        fileName: 'bank-statement.pdf',
        mimeType: 'application/pdf',
        sizeBytes: 184_320,
        createdAt: base.timestamp,
      },
      actor,
    },
  },
  'ticket.satisfaction_rated': {
    ...base,
    type: 'ticket.satisfaction_rated',
    data: {
      ticket: { ...ticket, status: 'RESOLVED', resolvedAt: base.timestamp },
      rating: {
        scale: 'five_point',
        score: 4,
        comment: 'Quick and clear, thanks.',
        reason: null,
        resolvedAt: base.timestamp,
        createdAt: base.timestamp,
        updatedAt: base.timestamp,
      },
      actor: { type: 'system', id: null, name: ticket.requester.name },
    },
  },
  'webhook_endpoint.disabled': {
    ...base,
    type: 'webhook_endpoint.disabled',
    data: {
      endpoint: {
        id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
        url: 'https://hooks.example.com/docket',
        description: 'CRM sync',
      },
      reason: 'The endpoint answered 410 Gone',
      disabledAt: base.timestamp,
      failingSince: null,
      actor: { type: 'system', id: null, name: 'Docket' },
    },
  },
  'rule.email_requested': {
    ...base,
    type: 'rule.email_requested',
    data: {
      ticketId: ticket.id,
      rule: ruleRef,
      to: ['oncall@example.com'],
      subject: `${ticket.reference} is urgent`,
      text: 'A VIP ticket became urgent.',
      actor: { type: 'rule', ...ruleRef },
    },
  },
  'routing.requested': {
    ...base,
    type: 'routing.requested',
    data: {
      groupIds: ['5b1d2c3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e'],
      member: null,
      reason: 'group changed',
      actor,
    },
  },
  'chat.created': {
    ...base,
    type: 'chat.created',
    data: { chatId: ticket.originChatId, actor },
  },
  'chat.message_added': {
    ...base,
    type: 'chat.message_added',
    data: {
      chatId: ticket.originChatId,
      messageId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
      senderType: 'agent',
      agentId: { before: null, after: ticket.assignee.id },
      actor,
    },
  },
  'chat.updated': {
    ...base,
    type: 'chat.updated',
    data: {
      chatId: ticket.originChatId,
      changes: { status: { before: 'OPEN', after: 'CLOSED' } },
      actor,
    },
  },
} as const satisfies Record<EventType, unknown>;

/**
 * The envelope schema of every event type. Those webhooks receive are registered for the
 * OpenAPI document (components `<Type>Event`, with their example); internal ones are not.
 */
export const EventSchemas = Object.fromEntries(
  EVENT_TYPES.map((type) => {
    const schema = envelope(type);
    return [
      type,
      isWebhookEventType(type)
        ? schema.meta({ id: eventSchemaId(type), examples: [eventExamples[type]] })
        : schema,
    ];
  }),
) as { [T in EventType]: ReturnType<typeof envelope<T>> };

/** True for the event types webhook endpoints may subscribe to. */
export function isWebhookEventType(type: string): type is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);
}

/** `ticket.status_changed` → `TicketStatusChangedEvent` (the component's name in the OpenAPI document). */
export function eventSchemaId(type: EventType): string {
  const words = type.split(/[._]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return `${words.join('')}Event`;
}
