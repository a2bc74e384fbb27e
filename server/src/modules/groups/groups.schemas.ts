/**
 * Groups (teams) of agents and their routing (docs/product.md "Groups and routing"): requests and
 * answers of `/api/groups`, `/api/me/availability` and a ticket's suggested agents.
 */
import { z } from 'zod';
import { Timestamp } from '../../lib/common.schemas.js';

/** How a group places its new tickets: by hand, in turn, to the least loaded, or by skills. */
export const GROUP_ROUTINGS = ['manual', 'round_robin', 'load_balanced', 'skills'] as const;
export const GroupRoutingSchema = z
  .enum(GROUP_ROUTINGS)
  .describe(
    'manual: people assign; round_robin: in turn among available members under capacity; load_balanced: the available member with the fewest open tickets; skills: members whose skills cover the ticket’s, then load_balanced',
  )
  .meta({ id: 'GroupRouting' });
export type GroupRouting = z.output<typeof GroupRoutingSchema>;

/** Whether an agent takes routed tickets. */
export const AvailabilitySchema = z.enum(['available', 'away']).meta({ id: 'Availability' });
export type Availability = z.output<typeof AvailabilitySchema>;

/** A skill label: `anxiety`, `billing`, `lang:fr` (lower-cased). */
const Skill = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(50)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}:_.+-]*$/u, 'letters, digits and : _ . + - only');

const Skills = z
  .array(Skill)
  .max(20)
  .transform((skills) => [...new Set(skills)]);

/** A member as a request gives it. */
const MemberInput = z.strictObject({
  userId: z.uuid(),
  capacity: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .nullable()
    .optional()
    .describe(
      'The most open tickets the member holds for routing to give them more; absent or null: no cap',
    ),
  skills: Skills.optional().describe('Free labels, e.g. anxiety, billing, lang:fr'),
});

/** A skills rule: a ticket of the category, or carrying the tag, requires these skills. */
const SkillRuleSchema = z
  .strictObject({
    categoryId: z.uuid().optional(),
    tag: z.string().trim().toLowerCase().min(1).max(50).optional(),
    skills: Skills.pipe(z.array(z.string()).min(1)),
  })
  .refine((r) => (r.categoryId === undefined) !== (r.tag === undefined), {
    message: 'give exactly one of categoryId and tag',
  })
  .meta({ id: 'GroupSkillRule' });
export type SkillRule = z.output<typeof SkillRuleSchema>;

const GroupName = z.string().trim().min(1).max(100);
const GroupDescription = z.string().trim().max(500);

/** POST /api/groups body. */
export const CreateGroupBodySchema = z
  .strictObject({
    name: GroupName,
    description: GroupDescription.nullable().optional(),
    routing: GroupRoutingSchema.default('manual'),
    weightByPriority: z
      .boolean()
      .default(false)
      .describe(
        'load_balanced and skills: count an open ticket by its priority (LOW 1 … CRITICAL 4)',
      ),
    returnOnAway: z
      .boolean()
      .default(false)
      .describe(
        'When a member goes away or is deactivated, their open tickets of this group go back to its queue',
      ),
    skillRules: z.array(SkillRuleSchema).max(100).default([]),
    members: z.array(MemberInput).max(500).default([]),
  })
  .meta({ id: 'CreateGroupBody' });
export type CreateGroupBody = z.input<typeof CreateGroupBodySchema>;
export type CreateGroupInput = z.output<typeof CreateGroupBodySchema>;

/** PATCH /api/groups/:id body: any field of the create; `members` replaces the list. */
export const UpdateGroupBodySchema = z
  .strictObject({
    name: GroupName.optional(),
    description: GroupDescription.nullable().optional(),
    routing: GroupRoutingSchema.optional(),
    weightByPriority: z.boolean().optional(),
    returnOnAway: z.boolean().optional(),
    skillRules: z.array(SkillRuleSchema).max(100).optional(),
    members: z.array(MemberInput).max(500).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'give at least one field to change',
  })
  .meta({ id: 'UpdateGroupBody' });
export type UpdateGroupBody = z.input<typeof UpdateGroupBodySchema>;
export type UpdateGroupInput = z.output<typeof UpdateGroupBodySchema>;

/** A member as the API shows it, with their live load. */
export const GroupMemberSchema = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    capacity: z.number().int().nullable(),
    skills: z.array(z.string()),
    availability: AvailabilitySchema,
    isActive: z.boolean(),
    openTickets: z.number().int().describe('Open tickets assigned to them (any group)'),
  })
  .meta({ id: 'GroupMember' });
export type GroupMember = z.output<typeof GroupMemberSchema>;

/** A group (team). */
export const GroupSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    routing: GroupRoutingSchema,
    weightByPriority: z.boolean(),
    returnOnAway: z.boolean(),
    skillRules: z.array(
      z.object({
        categoryId: z.uuid().optional(),
        tag: z.string().optional(),
        skills: z.array(z.string()),
      }),
    ),
    members: z.array(GroupMemberSchema),
    queued: z.number().int().describe('Open, unassigned tickets of the group waiting for routing'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Group' });
export type Group = z.output<typeof GroupSchema>;

/** GET /api/groups answer, by name (short lists: not paginated). */
export const GroupListSchema = z.object({ data: z.array(GroupSchema) }).meta({ id: 'GroupList' });
export type GroupList = z.output<typeof GroupListSchema>;

export const GroupIdParamsSchema = z.strictObject({ id: z.string().max(64) });

/** PUT /api/me/availability body. */
export const AvailabilityBodySchema = z
  .strictObject({ status: AvailabilitySchema })
  .meta({ id: 'AvailabilityBody' });

/** PUT /api/me/availability answer. */
export const AvailabilityAnswerSchema = z
  .object({ status: AvailabilitySchema })
  .meta({ id: 'AvailabilityAnswer' });

/** One suggested agent for a ticket, with why. */
export const SuggestedAgentSchema = z
  .object({
    agent: z.object({ id: z.uuid(), name: z.string() }),
    group: z.object({ id: z.uuid(), name: z.string() }),
    availability: AvailabilitySchema,
    matchedSkills: z.array(z.string()).describe('The ticket’s required skills the agent has'),
    missingSkills: z.array(z.string()).describe('The ticket’s required skills the agent lacks'),
    openTickets: z.number().int(),
    capacity: z.number().int().nullable(),
    eligible: z
      .boolean()
      .describe('Routing could give them this ticket now: available, under capacity, every skill'),
    reason: z.string().describe('e.g. "skills anxiety, lang:fr; 2 open tickets"'),
  })
  .meta({ id: 'SuggestedAgent' });
export type SuggestedAgent = z.output<typeof SuggestedAgentSchema>;

/** GET /api/tickets/:id/suggested-agents answer, best first. */
export const SuggestedAgentListSchema = z
  .object({
    requiredSkills: z.array(z.string()),
    data: z.array(SuggestedAgentSchema),
  })
  .meta({ id: 'SuggestedAgentList' });
export type SuggestedAgentList = z.output<typeof SuggestedAgentListSchema>;
