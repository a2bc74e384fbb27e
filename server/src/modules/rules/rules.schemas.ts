/**
 * Triggers and time-based rules (docs/api.md "Rules"; docs/product.md "Rules"): a rule's
 * conditions and actions, the rule as admins see it, its create and update bodies, the dry run
 * (`POST /api/rules/:id/test`) and a ticket's rule runs.
 */
import { z } from 'zod';
import { Timestamp } from '../../lib/common.schemas.js';
import { MacroActionSchema } from '../macros/macros.schemas.js';

/**
 * What a rule listens to: a ticket event (the names of docs/api.md "Events"; `ticket.updated`
 * also hears status changes and assignments, see docs/product.md "Rules"), or `schedule` for a
 * time-based rule, evaluated every few minutes. `response.added` is accepted for
 * `ticket.response_added`.
 */
export const RULE_EVENTS = [
  'ticket.created',
  'ticket.updated',
  'ticket.status_changed',
  'ticket.assigned',
  'ticket.response_added',
  'ticket.sla_warning',
  'ticket.sla_breached',
  'ticket.satisfaction_rated',
  'schedule',
] as const;
export type RuleEvent = (typeof RULE_EVENTS)[number];

/** The fields a condition reads, besides `ticket.customFields.<key>`. */
export const RULE_FIELDS = [
  'ticket.status',
  'ticket.priority',
  'ticket.category',
  'ticket.channel',
  'ticket.subject',
  'ticket.tags',
  'ticket.assigneeId',
  'ticket.groupId',
  'requester.email',
  'requester.domain',
  'requester.name',
  'response.authorType',
  'response.isInternal',
  'response.content',
  'satisfaction.score',
  'satisfaction.comment',
  'satisfaction.reason',
  'ticket.hoursInStatus',
  'ticket.hoursSinceCreated',
  'ticket.hoursSinceUpdated',
] as const;

/** `ticket.customFields.<key>`. */
export const CUSTOM_FIELD_PATTERN = /^ticket\.customFields\.[A-Za-z0-9_-]{1,100}$/;

export const RULE_OPERATORS = [
  'is',
  'is_not',
  'in',
  'not_in',
  'contains',
  'not_contains',
  'starts_with',
  'ends_with',
  'is_empty',
  'is_not_empty',
  'greater_than',
  'less_than',
  'changed',
  'changed_to',
  'changed_from',
] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

const ConditionValue = z.union([
  z.string().max(500),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string().max(500)).max(50),
]);

/** One condition: `{field, operator, value}`; `value` is left out for is_empty, changed… */
export const RuleConditionSchema = z
  .strictObject({
    field: z
      .string()
      .max(130)
      .refine(
        (f) => (RULE_FIELDS as readonly string[]).includes(f) || CUSTOM_FIELD_PATTERN.test(f),
        { message: `one of ${RULE_FIELDS.join(', ')} or ticket.customFields.<key>` },
      ),
    operator: z.enum(RULE_OPERATORS),
    value: ConditionValue.optional(),
  })
  .meta({ id: 'RuleCondition' });
export type RuleCondition = z.output<typeof RuleConditionSchema>;

/** `all` must all hold, and at least one of `any` when it is not empty. */
export const RuleConditionsSchema = z
  .strictObject({
    all: z.array(RuleConditionSchema).max(20).default([]),
    any: z.array(RuleConditionSchema).max(20).default([]),
  })
  .meta({ id: 'RuleConditions' });
export type RuleConditions = z.output<typeof RuleConditionsSchema>;

/** A macro's actions (`assign` takes a user id or null: a rule has no "me"), and the rule's own. */
export const RuleActionSchema = z
  .discriminatedUnion('type', [
    ...MacroActionSchema.options,
    z.strictObject({
      type: z.literal('apply_macro'),
      macroId: z.uuid().describe('A shared macro'),
    }),
    z.strictObject({
      type: z.literal('notify_email'),
      to: z.array(z.email().max(254)).min(1).max(10),
      subject: z.string().trim().min(1).max(200).describe('With placeholders'),
      content: z.string().trim().min(1).max(20_000).describe('Plain text with placeholders'),
    }),
    z.strictObject({
      type: z.literal('send_webhook'),
      note: z.string().trim().max(500).nullable().default(null),
    }),
    z.strictObject({ type: z.literal('stop') }),
  ])
  .meta({ id: 'RuleAction' });
export type RuleAction = z.output<typeof RuleActionSchema>;

const RuleEventInput = z
  .enum([...RULE_EVENTS, 'response.added'])
  .transform((event): RuleEvent => (event === 'response.added' ? 'ticket.response_added' : event));

const Name = z.string().trim().min(1).max(100);
const Actions = z.array(RuleActionSchema).min(1).max(20);

/** A rule as admins see it. */
export const RuleSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    position: z.number().int().describe('Rules run in ascending position'),
    active: z.boolean(),
    event: z.enum(RULE_EVENTS),
    conditions: RuleConditionsSchema,
    actions: z.array(RuleActionSchema),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Rule' });
export type Rule = z.output<typeof RuleSchema>;

export const RuleListSchema = z.object({ data: z.array(RuleSchema) }).meta({ id: 'RuleList' });

/** POST /api/rules: inactive unless `active`; at the end unless `position`. */
export const CreateRuleBodySchema = z
  .strictObject({
    name: Name,
    position: z.number().int().min(0).max(100_000).optional(),
    active: z.boolean().default(false),
    event: RuleEventInput,
    conditions: RuleConditionsSchema.default({ all: [], any: [] }),
    actions: Actions,
  })
  .meta({ id: 'CreateRuleBody' });
export type CreateRuleInput = z.output<typeof CreateRuleBodySchema>;

/** PATCH /api/rules/:id: any field; `conditions` and `actions` replace the old ones. */
export const UpdateRuleBodySchema = z
  .strictObject({
    name: Name.optional(),
    position: z.number().int().min(0).max(100_000).optional(),
    active: z.boolean().optional(),
    event: RuleEventInput.optional(),
    conditions: RuleConditionsSchema.optional(),
    actions: Actions.optional(),
  })
  .meta({ id: 'UpdateRuleBody' });
export type UpdateRuleInput = z.output<typeof UpdateRuleBodySchema>;

/** POST /api/rules/:id/test: tickets by id (or reference), or a list filter (GET /api/tickets's query). */
export const TestRuleBodySchema = z
  .strictObject({
    ticketIds: z.array(z.string().min(1).max(64)).min(1).max(100).optional(),
    filter: z
      .record(z.string().max(50), z.string().max(500))
      .optional()
      .describe(
        'GET /api/tickets query parameters, e.g. {"status": "RESOLVED"}; at most 100 tickets',
      ),
  })
  .refine((body) => (body.ticketIds === undefined) !== (body.filter === undefined), {
    message: 'give either ticketIds or filter',
    path: ['ticketIds'],
  })
  .meta({ id: 'TestRuleBody' });
export type TestRuleInput = z.output<typeof TestRuleBodySchema>;

const Changes = z
  .record(z.string(), z.object({ before: z.unknown(), after: z.unknown() }))
  .describe('Each field changed: status, priority, category, tags, assigneeId, customFields');

/** What a rule does (or would do) to one ticket. */
export const RuleEffectSchema = z
  .object({
    changes: Changes,
    reply: z.object({ content: z.string(), isInternal: z.boolean() }).nullable(),
    notified: z.array(z.string()).describe('Addresses mailed'),
    webhook: z.boolean().describe('A ticket.rule_triggered event was sent'),
    stop: z.boolean().describe('Later rules do not run on this event'),
  })
  .meta({ id: 'RuleEffect' });
export type RuleEffect = z.output<typeof RuleEffectSchema>;

/** The dry run's answer: nothing is written. */
export const RuleTestResultSchema = z
  .object({
    evaluated: z.number().int(),
    matched: z.number().int(),
    results: z.array(
      z.object({
        ticket: z.object({ id: z.uuid(), reference: z.string(), subject: z.string() }),
        matches: z.boolean(),
        reason: z.string().describe('The conditions that held, or the first that did not'),
        effect: RuleEffectSchema.nullable(),
        error: z.string().nullable().describe('Why applying it would fail (e.g. a CLOSED ticket)'),
      }),
    ),
  })
  .meta({ id: 'RuleTestResult' });
export type RuleTestResult = z.output<typeof RuleTestResultSchema>;

/** One rule's run on a ticket (agents and admins only). */
export const RuleRunSchema = z
  .object({
    id: z.uuid(),
    rule: z.object({ id: z.uuid().nullable().describe('null once deleted'), name: z.string() }),
    event: z.object({ type: z.string(), id: z.uuid().nullable() }),
    depth: z
      .number()
      .int()
      .describe('1 after a change by a person or Docket, +1 per rule in the chain'),
    outcome: z.enum(['applied', 'failed', 'depth_limit']),
    reason: z.string(),
    effect: RuleEffectSchema.partial(),
    error: z.string().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'RuleRun' });
export type RuleRun = z.output<typeof RuleRunSchema>;

export const RuleRunListSchema = z
  .object({ data: z.array(RuleRunSchema) })
  .meta({ id: 'RuleRunList' });

export const RuleIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
