/**
 * Ticket requests and whitelisted responses (docs/api.md "Ticket", "Tickets").
 * The response schemas are the security boundary: nothing leaves the server that they do not name.
 */
import { examples } from '../../lib/openapi-examples.js';
import { z } from 'zod';
import {
  SESSION_MODES,
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
} from '../../lib/domain.js';
import { PageQuerySchema, Timestamp, commaListMeta, pageOf } from '../../lib/common.schemas.js';
import { FREE_JSON_BOUNDS, boundedJsonObject } from '../../lib/json-bounds.js';
import { AttachmentSchema } from '../attachments/attachments.schemas.js';
import { TicketSatisfactionSchema } from '../satisfaction/satisfaction.schemas.js';
import { SLA_FILTERS, TicketSlaSchema } from '../sla/sla.schemas.js';
import { RECURRENCE_LIMITS } from './session-limits.js';

export const TicketStatusSchema = z.enum(TICKET_STATUSES).meta({ id: 'TicketStatus' });
export const TicketPrioritySchema = z.enum(TICKET_PRIORITIES).meta({ id: 'TicketPriority' });
export const TicketChannelSchema = z.enum(TICKET_CHANNELS).meta({ id: 'TicketChannel' });

const SessionSchema = z
  .object({
    mode: z.enum(SESSION_MODES),
    scheduledAt: Timestamp,
    durationMinutes: z.number().int().nullable(),
    meetingLink: z.string().nullable(),
    recurrence: z
      .object({
        rrule: z.string().describe('RFC 5545 RRULE, e.g. FREQ=WEEKLY;INTERVAL=2;COUNT=6'),
        interval: z.number().int().describe('Every so many weeks'),
        count: z.number().int().describe('Occurrences in all, the first at scheduledAt'),
      })
      .nullable()
      .optional()
      .describe(
        'The rule of a recurring session (docs/product.md "Sessions"); null for a one-off session',
      ),
    nextOccurrence: Timestamp.nullable()
      .optional()
      .describe(
        'A single ticket read or changed, for a recurring session: the start of the next occurrence neither cancelled nor over; null when none is left',
      ),
  })
  .meta({ id: 'TicketSession' });

const Requester = z.object({
  id: z.uuid().nullable(),
  name: z.string(),
  email: z.string(),
});

const JsonObject = z.record(z.string(), z.unknown());

/** `customFields` and `metadata` in a request: free JSON within FREE_JSON_BOUNDS. */
const FreeJsonInput = boundedJsonObject();

/** `externalRefs` in a request: up to 100 keys of ≤ 100 characters to strings of ≤ 200. */
const ExternalRefsInput = z
  .record(z.string().max(100), z.string().max(200))
  .refine((refs) => Object.keys(refs).length <= FREE_JSON_BOUNDS.maxKeys, {
    message: `at most ${FREE_JSON_BOUNDS.maxKeys} keys allowed`,
  });

/** The ticket as agents, admins and API keys see it. */
export const TicketSchema = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    reference: z.string().describe('TKT-00042'),
    subject: z.string(),
    description: z.string(),
    status: TicketStatusSchema,
    priority: TicketPrioritySchema,
    category: z.string().nullable(),
    tags: z.array(z.string()),
    channel: TicketChannelSchema,
    requester: Requester,
    assignee: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    group: z
      .object({ id: z.uuid(), name: z.string() })
      .nullable()
      .describe('The group (team) that owns the ticket (docs/product.md "Groups and routing")'),
    organizationId: z.uuid(),
    originChatId: z.uuid().nullable(),
    linkedChatIds: z.array(z.uuid()),
    attachments: z
      .array(AttachmentSchema)
      .describe("The ticket's own files (a response's files are on the response)"),
    followUpOf: z
      .object({ id: z.uuid(), reference: z.string().describe('TKT-00042') })
      .nullable()
      .describe(
        'The CLOSED ticket this one follows up (docs/product.md "Ticket": a follow-up is a new ticket linked to the old one)',
      ),
    mergedInto: z
      .object({ id: z.uuid(), reference: z.string().describe('TKT-00042') })
      .nullable()
      .describe(
        'The ticket this one was merged into (docs/product.md "Merge and links"); it is then CLOSED',
      ),
    resolutionNote: z
      .string()
      .nullable()
      .describe(
        'A short summary for the requester, given when resolving (at most 2,000 characters)',
      ),
    customFields: JsonObject.describe(
      'Values by custom field key (docs/product.md "Custom fields"); customers see only the customer-visible fields',
    ),
    metadata: JsonObject,
    externalRefs: JsonObject,
    session: SessionSchema.nullable(),
    firstResponseDueAt: Timestamp.nullable(),
    resolutionDueAt: Timestamp.nullable(),
    sla: TicketSlaSchema.nullable().describe(
      'The SLA policy applied and its targets (docs/product.md "SLA"); null when no policy applies',
    ),
    firstRespondedAt: Timestamp.nullable(),
    resolvedAt: Timestamp.nullable(),
    closedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: z.number().int(),
    unread: z
      .boolean()
      .optional()
      .describe(
        'Lists and GET for a signed-in person: for an agent or admin, assigned to them and the customer acted since they last opened it; for the requester, staff replied or changed the status since they last opened it (docs/product.md "Unread markers")',
      ),
    satisfaction: TicketSatisfactionSchema.nullable()
      .optional()
      .describe(
        'GET /api/tickets/:id for staff: the latest satisfaction rating (docs/product.md "Satisfaction"); null when none',
      ),
  })
  .meta({ id: 'Ticket', examples: [examples.ticket] });
export type Ticket = z.output<typeof TicketSchema>;

/**
 * The ticket as its requester (a customer) sees it: internal-only data is absent and the
 * assignee is only `{assigned}` (docs/product.md roles table, docs/api.md "Ticket").
 */
export const CustomerTicketSchema = TicketSchema.pick({
  id: true,
  number: true,
  reference: true,
  subject: true,
  description: true,
  status: true,
  priority: true,
  category: true,
  channel: true,
  requester: true,
  organizationId: true,
  attachments: true,
  followUpOf: true,
  mergedInto: true,
  resolutionNote: true,
  unread: true,
  externalRefs: true,
  customFields: true,
  session: true,
  resolvedAt: true,
  closedAt: true,
  createdAt: true,
  updatedAt: true,
  version: true,
})
  .extend({ assignee: z.object({ assigned: z.boolean() }) })
  .meta({ id: 'CustomerTicket' });
export type CustomerTicket = z.output<typeof CustomerTicketSchema>;

/** Either view; the presenter picks by role (agent view first, so its stricter assignee shape decides). */
export const AnyTicketSchema = z.union([TicketSchema, CustomerTicketSchema]);
export type AnyTicket = Ticket | CustomerTicket;

export const TicketListSchema = pageOf(AnyTicketSchema).meta({ id: 'TicketList' });
export type TicketList = { data: AnyTicket[]; nextCursor: string | null };

/** One tag: lower-cased, 1–50 letters, digits and _ : . - (also used by POST /api/tickets/bulk). */
export const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(50)
  .regex(/^[\p{L}\p{N}_:.-]+$/u, 'tags hold letters, digits and _ : . - only');

/** POST /api/tickets body. Unknown fields are refused (no mass assignment). */
export const CreateTicketBodySchema = z
  .strictObject({
    subject: z.string().trim().min(5).max(200),
    description: z.string().trim().min(10).max(5000),
    priority: TicketPrioritySchema.optional(),
    category: z.string().trim().min(1).max(100).optional(),
    tags: z.array(tagSchema).max(20).optional(),
    requesterId: z.uuid().optional(),
    requesterName: z.string().trim().min(1).max(200).optional(),
    requesterEmail: z.email().max(254).optional(),
    assigneeId: z.uuid().optional(),
    groupId: z
      .uuid()
      .optional()
      .describe(
        'The group (team) that owns the ticket; staff restricted to groups default to their first',
      ),
    customFields: FreeJsonInput.optional().describe(
      'Values by custom field key, checked against the organization’s definitions (customers: customer-editable fields only)',
    ),
    metadata: FreeJsonInput.optional(),
    externalRefs: ExternalRefsInput.optional(),
    followUpOf: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .describe(
        'The CLOSED ticket this one follows up: its uuid, number or reference (TKT-00042); a ticket the caller may see',
      ),
  })
  .refine((b) => !(b.requesterId && (b.requesterName || b.requesterEmail)), {
    message: 'give requesterId or requesterName and requesterEmail, not both',
    path: ['requesterId'],
  })
  .refine((b) => !(b.requesterName && !b.requesterEmail), {
    message: 'requesterEmail is required with requesterName',
    path: ['requesterEmail'],
  })
  .meta({ id: 'CreateTicketBody', examples: [examples.createTicket] });
export type CreateTicketBody = z.input<typeof CreateTicketBodySchema>;

/**
 * GET /api/tickets/counts answer: how many tickets the caller may see are in each status now
 * (customers: their own; staff and API keys: the organization's; deleted tickets left out), and
 * their total. Every status is present, 0 included.
 */
export const TicketCountsSchema = z
  .object({
    byStatus: z.object(
      Object.fromEntries(TICKET_STATUSES.map((status) => [status, z.number().int().min(0)])) as {
        [S in (typeof TICKET_STATUSES)[number]]: z.ZodNumber;
      },
    ),
    total: z.number().int().min(0),
    unread: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        'Signed-in customers only: how many of their tickets have a staff reply or change they have not opened yet',
      ),
  })
  .meta({
    id: 'TicketCounts',
    examples: [
      {
        byStatus: {
          NEW: 1,
          OPEN: 2,
          IN_PROGRESS: 1,
          WAITING_ON_CUSTOMER: 1,
          ON_HOLD: 0,
          RESOLVED: 3,
          CLOSED: 7,
        },
        total: 15,
      },
    ],
  });
export type TicketCounts = z.output<typeof TicketCountsSchema>;

/** A comma-separated list of enum values in a query string: "OPEN,NEW" → ["OPEN","NEW"]. */
function commaList<T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).min(1))
    .meta(commaListMeta({ type: 'string', enum: [...values] }));
}

export const TICKET_SORT_FIELDS = [
  'createdAt',
  'updatedAt',
  'priority',
  'number',
  'slaDueAt',
] as const;

/** At most this many `cf.<key>` filters in one list query. */
const MAX_CUSTOM_FIELD_FILTERS = 5;
/** A `cf.<key>` query parameter: a custom field key (custom-fields.schemas.ts KeySchema) after `cf.`. */
const CUSTOM_FIELD_FILTER_PARAM = /^cf\.[a-z][a-z0-9_]{0,39}$/;
/** A `cf.<key>` value: one string, 1–200 characters (typed against the field by the service). */
const CustomFieldFilterValue = z.string().trim().min(1).max(200);

/** The list's named filters, sort and page; `cf.<key>` parameters are added by ListTicketsQuerySchema. */
const ListTicketsParamsSchema = PageQuerySchema.extend({
  status: commaList(TICKET_STATUSES).optional(),
  priority: commaList(TICKET_PRIORITIES).optional(),
  assigneeId: z.union([z.literal('me'), z.literal('none'), z.uuid()]).optional(),
  groupId: z
    .union([z.literal('none'), z.uuid()])
    .optional()
    .describe('Tickets of this group (team); `none`: tickets of no group'),
  requesterId: z.uuid().optional(),
  requesterEmail: z.string().trim().toLowerCase().max(254).optional(),
  category: z.string().trim().max(100).optional(),
  tags: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim().toLowerCase())
        .filter(Boolean),
    )
    .meta(commaListMeta({ type: 'string' }, 'Comma list of tags: tickets carrying all of them'))
    .optional(),
  channel: TicketChannelSchema.optional(),
  sla: commaList(SLA_FILTERS)
    .optional()
    .describe(
      'at_risk: a running SLA target past its warning time; breached: a running target past due (docs/product.md "SLA")',
    ),
  createdFrom: z.iso.datetime({ offset: true }).optional(),
  createdTo: z.iso.datetime({ offset: true }).optional(),
  updatedFrom: z.iso.datetime({ offset: true }).optional(),
  updatedTo: z.iso.datetime({ offset: true }).optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'Full text over subject, description, replies and requester (websearch syntax: words, "a phrase", -word, or); also a reference (TKT-00042) or an email',
    ),
  sortBy: z
    .enum(TICKET_SORT_FIELDS)
    .default('updatedAt')
    .describe('slaDueAt: the nearest running SLA target; tickets without one come last (asc)'),
  sortOrder: z.enum(['asc', 'desc']).default('desc'),
});
const LIST_PARAMS = new Set(Object.keys(ListTicketsParamsSchema.shape));

/**
 * GET /api/tickets query (docs/api.md "Tickets"): the named parameters, plus up to
 * MAX_CUSTOM_FIELD_FILTERS `cf.<key>=<value>` custom field filters (docs/product.md "Custom
 * fields"), gathered into `customFields` (`{<key>: "<value>"}`, the value still a string: its
 * type is the field's, checked against the organization's definitions by list-tickets.ts). Any
 * other parameter is a 400 `unknown query parameter` naming it, as for every strict query.
 */
export const ListTicketsQuerySchema = ListTicketsParamsSchema.catchall(CustomFieldFilterValue)
  .superRefine((query, ctx) => {
    const extra = Object.keys(query).filter((key) => !LIST_PARAMS.has(key));
    const unknown = extra.filter((key) => !CUSTOM_FIELD_FILTER_PARAM.test(key));
    if (unknown.length) {
      ctx.addIssue({
        code: 'unrecognized_keys',
        keys: unknown,
        input: query,
        message: 'unknown query parameter',
      } as never);
    }
    const filters = extra.length - unknown.length;
    if (filters > MAX_CUSTOM_FIELD_FILTERS) {
      ctx.addIssue({
        code: 'custom',
        path: [extra.find((key) => !unknown.includes(key))!],
        message: `at most ${MAX_CUSTOM_FIELD_FILTERS} cf.<key> filters`,
      });
    }
  })
  .transform((query): ListTicketsQuery => {
    const named: Record<string, unknown> = {};
    const customFields: Record<string, string> = {};
    for (const [key, value] of Object.entries(query)) {
      if (LIST_PARAMS.has(key)) named[key] = value;
      else customFields[key.slice('cf.'.length)] = value as string;
    }
    const parsed = named as z.output<typeof ListTicketsParamsSchema>;
    return Object.keys(customFields).length ? { ...parsed, customFields } : parsed;
  })
  .meta({
    description:
      'Also `cf.<key>=<value>` (up to 5): tickets whose custom field <key> equals the value (multi_select: holds the option); an unknown key or a value not of the field’s type is a 400 naming cf.<key>',
  });
export type ListTicketsQuery = z.output<typeof ListTicketsParamsSchema> & {
  /** `cf.<key>` filters: field key → the value as given (a string), at most 5. */
  customFields?: Record<string, string>;
};

/** `:id` of ticket routes: a uuid, a number ("42") or a reference ("TKT-00042"). */
export const TicketIdParamsSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .describe('The ticket uuid, its number (42) or its reference (TKT-00042)'),
});

/**
 * PATCH /api/tickets/:id body (docs/api.md "Tickets"): any of these fields; the others are refused.
 * `category: null` clears the category, `assigneeId: null` unassigns. `customFields` merges into
 * the current values (null removes a key); `metadata` and `externalRefs` replace the whole object.
 * `reason` is recorded on the activity rows of the change.
 */
export const UpdateTicketBodySchema = z
  .strictObject({
    subject: z.string().trim().min(5).max(200).optional(),
    status: TicketStatusSchema.optional(),
    priority: TicketPrioritySchema.optional(),
    category: z.string().trim().min(1).max(100).nullable().optional(),
    tags: z.array(tagSchema).max(20).optional(),
    assigneeId: z.uuid().nullable().optional(),
    groupId: z
      .uuid()
      .nullable()
      .optional()
      .describe(
        'The group (team) that owns the ticket; null: none. Its assignee must be a member (409)',
      ),
    customFields: FreeJsonInput.optional().describe(
      'Merged into the current values, checked against the custom field definitions; a key set to null is removed',
    ),
    metadata: FreeJsonInput.optional(),
    externalRefs: ExternalRefsInput.optional(),
    resolutionNote: z
      .string()
      .trim()
      .max(2000)
      .transform((note) => (note === '' ? null : note))
      .nullable()
      .optional()
      .describe(
        'A short summary for the requester, shown on the tracker, in the portal and in the "resolved" email; null or "" removes it. Editable until CLOSED',
      ),
    force: z
      .boolean()
      .optional()
      .describe(
        'Resolve or close a parent ticket whose child tickets are still open; needs a `reason` (409 `open_children` otherwise)',
      ),
    reason: z.string().trim().min(1).max(1000).optional(),
  })
  .meta({ id: 'UpdateTicketBody', examples: [examples.updateTicket] });
export type UpdateTicketBody = z.input<typeof UpdateTicketBodySchema>;
export type UpdateTicketInput = z.output<typeof UpdateTicketBodySchema>;

/** Headers of PATCH /api/tickets/:id: `If-Match` carries the version the change is based on. */
export const IfMatchHeadersSchema = z.looseObject({
  'if-match': z
    .string()
    .max(200)
    .optional()
    .describe('The ticket version the change is based on, as sent in ETag: "3" (also 3 or W/"3")'),
});

/**
 * PUT /api/tickets/:id/session body: a scheduled meeting (docs/product.md "Ticket": session). Without a
 * `meetingLink`, video and audio sessions get a generated, unguessable link.
 */
export const ScheduleSessionBodySchema = z
  .strictObject({
    mode: z.enum(SESSION_MODES),
    scheduledAt: z.iso.datetime({ offset: true }).describe('ISO 8601, e.g. 2026-12-01T15:00:00Z'),
    durationMinutes: z.number().int().min(1).max(480).optional(),
    meetingLink: z
      .url({ protocol: /^https$/, hostname: z.regexes.domain })
      .max(2000)
      .optional()
      .describe('An https URL; generated for video and audio when absent'),
    recurrence: z
      .strictObject({
        interval: z
          .number()
          .int()
          .min(RECURRENCE_LIMITS.interval.min)
          .max(RECURRENCE_LIMITS.interval.max)
          .describe('Every so many weeks (1–12)'),
        count: z
          .number()
          .int()
          .min(RECURRENCE_LIMITS.count.min)
          .max(RECURRENCE_LIMITS.count.max)
          .describe('Occurrences in all (2–52), the first at scheduledAt'),
      })
      .nullable()
      .optional()
      .describe(
        'Repeat weekly or every N weeks, M times (RFC 5545 RRULE); absent or null: one-off',
      ),
  })
  .meta({ id: 'ScheduleSessionBody' });
export type ScheduleSessionInput = z.output<typeof ScheduleSessionBodySchema>;

/** `:chatId` of POST /api/tickets/from-chat/:chatId. */
export const ChatIdParamsSchema = z.object({ chatId: z.uuid() });

/** POST /api/tickets/from-chat/:chatId body; every field optional (see the route). */
export const TicketFromChatBodySchema = z
  .strictObject({
    subject: z.string().trim().min(5).max(200).optional(),
    priority: TicketPrioritySchema.optional(),
    category: z.string().trim().min(1).max(100).optional(),
    includeTranscript: z.boolean().default(true),
  })
  .meta({ id: 'TicketFromChatBody' });
export type TicketFromChatInput = z.output<typeof TicketFromChatBodySchema>;

/** POST /api/tickets/:id/chats body: the chat to link. */
export const LinkChatBodySchema = z.strictObject({ chatId: z.uuid() }).meta({ id: 'LinkChatBody' });
