/**
 * SLA requests and responses (docs/api.md "SLA"): business hours, SLA policies, a ticket's SLA
 * and its explanation. The semantics are docs/product.md "SLA"'s.
 */
import { z } from 'zod';
import { TICKET_PRIORITIES, TICKET_STATUSES, TICKET_CHANNELS } from '../../lib/domain.js';
import { Timestamp } from '../../lib/common.schemas.js';
import { WEEKDAYS } from '../../lib/business-time.js';

export const SLA_METRICS = ['first_response', 'next_response', 'resolution'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];
export const SLA_TARGET_STATES = ['active', 'paused', 'fulfilled', 'breached'] as const;
export type SlaTargetState = (typeof SLA_TARGET_STATES)[number];
/** The nearest target of a ticket as the list shows it. */
export const SLA_SUMMARY_STATES = ['on_track', 'at_risk', 'breached', 'paused', 'met'] as const;
/** `GET /api/tickets?sla=…`: tickets with a running target past its warning time, or past due. */
export const SLA_FILTERS = ['at_risk', 'breached'] as const;

export const SlaMetricSchema = z.enum(SLA_METRICS).meta({ id: 'SlaMetric' });

const LocalTime = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a local time HH:MM (00:00–24:00)');

const OpeningIntervalSchema = z.strictObject({
  day: z.enum(WEEKDAYS),
  start: LocalTime,
  end: LocalTime,
});

const HolidaySchema = z.strictObject({
  date: z.iso.date().describe('A local date, YYYY-MM-DD: the whole day is closed'),
  name: z.string().trim().min(1).max(100),
});

/** Business hours as admins see them. */
export const BusinessHoursSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    timeZone: z.string().describe('IANA time zone, e.g. America/Toronto'),
    intervals: z.array(OpeningIntervalSchema),
    holidays: z.array(HolidaySchema),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'BusinessHours' });
export type BusinessHours = z.output<typeof BusinessHoursSchema>;

export const BusinessHoursListSchema = z
  .object({ data: z.array(BusinessHoursSchema) })
  .meta({ id: 'BusinessHoursList' });

/** POST /api/business-hours; every field required. At most 70 intervals and 400 holidays. */
export const CreateBusinessHoursBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    timeZone: z.string().trim().min(1).max(64),
    intervals: z.array(OpeningIntervalSchema).min(1).max(70),
    holidays: z.array(HolidaySchema).max(400).default([]),
  })
  .meta({ id: 'CreateBusinessHoursBody' });
export type CreateBusinessHoursInput = z.output<typeof CreateBusinessHoursBodySchema>;

/** PATCH /api/business-hours/:id: any field of the create body. */
export const UpdateBusinessHoursBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    timeZone: z.string().trim().min(1).max(64).optional(),
    intervals: z.array(OpeningIntervalSchema).min(1).max(70).optional(),
    holidays: z.array(HolidaySchema).max(400).optional(),
  })
  .meta({ id: 'UpdateBusinessHoursBody' });
export type UpdateBusinessHoursInput = z.output<typeof UpdateBusinessHoursBodySchema>;

/** Minutes of a target: 1 minute to 365 days. */
const TargetMinutes = z.number().int().min(1).max(525_600).nullable();

const SlaConditionsSchema = z
  .strictObject({
    priorities: z.array(z.enum(TICKET_PRIORITIES)).min(1).max(5).optional(),
    categories: z.array(z.uuid()).min(1).max(100).optional().describe('Category ids'),
    channels: z.array(z.enum(TICKET_CHANNELS)).min(1).max(10).optional(),
    tags: z
      .array(z.string().trim().toLowerCase().min(1).max(50))
      .min(1)
      .max(20)
      .optional()
      .describe('The ticket has at least one of these tags'),
  })
  .describe('Every list given must match (a ticket matches a list when its value is in it)');

const SlaTargetsSchema = z.strictObject({
  firstResponseMinutes: TargetMinutes.default(null),
  nextResponseMinutes: TargetMinutes.default(null),
  resolutionMinutes: TargetMinutes.default(null),
});

const SlaEscalationSchema = z.strictObject({
  raisePriority: z
    .union([z.literal('one_step'), z.enum(TICKET_PRIORITIES)])
    .nullable()
    .default(null)
    .describe('On breach: one step up, or to this priority (never lowered); null: unchanged'),
  addTag: z.string().trim().toLowerCase().min(1).max(50).nullable().default(null),
  notify: z
    .boolean()
    .default(true)
    .describe('Email the assignee (the admins when unassigned) on warning and breach'),
});

/** An SLA policy as admins see it. */
export const SlaPolicySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    position: z.number().int(),
    active: z.boolean(),
    conditions: SlaConditionsSchema,
    businessHoursId: z.uuid().nullable().describe('null: the clock counts 24/7'),
    targets: z.object({
      firstResponseMinutes: z.number().int().nullable(),
      nextResponseMinutes: z.number().int().nullable(),
      resolutionMinutes: z.number().int().nullable(),
    }),
    pauseStatuses: z.array(z.enum(TICKET_STATUSES)),
    warnAtPercent: z.number().int(),
    holdNotificationsUntilOpen: z.boolean(),
    escalation: z.object({
      raisePriority: z.union([z.literal('one_step'), z.enum(TICKET_PRIORITIES)]).nullable(),
      addTag: z.string().nullable(),
      notify: z.boolean(),
    }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'SlaPolicy' });
export type SlaPolicy = z.output<typeof SlaPolicySchema>;

export const SlaPolicyListSchema = z
  .object({ data: z.array(SlaPolicySchema) })
  .meta({ id: 'SlaPolicyList' });

/** Statuses a policy may pause in: any open status other than NEW. */
const PausableStatus = z.enum(['OPEN', 'IN_PROGRESS', 'WAITING_ON_CUSTOMER', 'ON_HOLD']);

/** POST /api/sla-policies. */
export const CreateSlaPolicyBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    position: z.number().int().min(0).max(100_000).default(0),
    active: z.boolean().default(true),
    conditions: SlaConditionsSchema.default({}),
    businessHoursId: z.uuid().nullable().default(null),
    targets: SlaTargetsSchema,
    pauseStatuses: z
      .array(PausableStatus)
      .max(4)
      .default(['WAITING_ON_CUSTOMER', 'ON_HOLD'])
      .describe('Statuses in which every clock of the ticket stops'),
    warnAtPercent: z.number().int().min(1).max(99).default(80),
    holdNotificationsUntilOpen: z.boolean().default(false),
    escalation: SlaEscalationSchema.default({ raisePriority: null, addTag: null, notify: true }),
  })
  .meta({ id: 'CreateSlaPolicyBody' });
export type CreateSlaPolicyInput = z.output<typeof CreateSlaPolicyBodySchema>;

/** PATCH /api/sla-policies/:id: any field of the create body (objects replace whole). */
export const UpdateSlaPolicyBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    position: z.number().int().min(0).max(100_000).optional(),
    active: z.boolean().optional(),
    conditions: SlaConditionsSchema.optional(),
    businessHoursId: z.uuid().nullable().optional(),
    targets: SlaTargetsSchema.optional(),
    pauseStatuses: z.array(PausableStatus).max(4).optional(),
    warnAtPercent: z.number().int().min(1).max(99).optional(),
    holdNotificationsUntilOpen: z.boolean().optional(),
    escalation: SlaEscalationSchema.optional(),
  })
  .meta({ id: 'UpdateSlaPolicyBody' });
export type UpdateSlaPolicyInput = z.output<typeof UpdateSlaPolicyBodySchema>;

/** One target on a ticket (docs/product.md "SLA"). */
export const TicketSlaTargetSchema = z
  .object({
    metric: SlaMetricSchema,
    cycle: z
      .number()
      .int()
      .describe('1 for first response and resolution; next responses count up'),
    state: z.enum(SLA_TARGET_STATES),
    targetMinutes: z.number().int(),
    dueAt: Timestamp.nullable().describe('null while paused; once fulfilled, the due time it had'),
    warnAt: Timestamp.nullable(),
    fulfilledAt: Timestamp.nullable(),
    breachedAt: Timestamp.nullable(),
    businessSecondsUsed: z.number().int(),
    businessSecondsLeft: z.number().int().describe('Negative once overdue'),
  })
  .meta({ id: 'TicketSlaTarget' });
export type TicketSlaTarget = z.output<typeof TicketSlaTargetSchema>;

/** `sla` of a ticket (staff only): the policy applied and the latest target of each metric. */
export const TicketSlaSchema = z
  .object({
    policyId: z.uuid().nullable(),
    policyName: z.string().nullable(),
    nextDueAt: Timestamp.nullable().describe("The nearest running target's due time"),
    nextMetric: SlaMetricSchema.nullable(),
    state: z
      .enum(SLA_SUMMARY_STATES)
      .describe(
        'Of the nearest running target: on_track, at_risk (past warnAt) or breached (past due); paused when every unfulfilled target is paused; met when none is left',
      ),
    targets: z.array(TicketSlaTargetSchema),
  })
  .meta({ id: 'TicketSla' });
export type TicketSla = z.output<typeof TicketSlaSchema>;

/** One stretch of a target's clock in its explanation. */
const SlaIntervalSchema = z.object({
  from: Timestamp,
  to: Timestamp.nullable().describe('null: still going'),
  counted: z.boolean(),
  businessSeconds: z.number().int(),
  reason: z.string().describe('What started the stretch, e.g. "status WAITING_ON_CUSTOMER"'),
});

/** GET /api/tickets/:id/sla: each target of the ticket with the stretches its clock counted. */
export const TicketSlaExplanationSchema = z
  .object({
    policy: z
      .object({
        id: z.uuid(),
        name: z.string(),
        businessHours: z
          .object({ id: z.uuid(), name: z.string(), timeZone: z.string() })
          .nullable()
          .describe('null: 24/7'),
        pauseStatuses: z.array(z.enum(TICKET_STATUSES)),
        warnAtPercent: z.number().int(),
      })
      .nullable(),
    targets: z.array(
      TicketSlaTargetSchema.extend({
        armedAt: Timestamp,
        intervals: z.array(SlaIntervalSchema),
      }),
    ),
  })
  .meta({ id: 'TicketSlaExplanation' });
export type TicketSlaExplanation = z.output<typeof TicketSlaExplanationSchema>;
