/**
 * POST /api/tickets/bulk: one action on many tickets (docs/product.md "Dashboard"; Zendesk's bulk update),
 * answered per ticket. Request and whitelisted response schemas.
 */
import { z } from 'zod';
import { ProblemSchema } from '../../lib/common.schemas.js';
import { TicketStatusSchema, tagSchema } from './tickets.schemas.js';

/** At most this many tickets per request (one transaction each, so the request stays short). */
export const BULK_MAX_TICKETS = 100;

const AssignAction = z
  .strictObject({
    assign: z
      .uuid()
      .nullable()
      .describe('An active agent or admin of the organization, or null to unassign'),
  })
  .meta({ id: 'BulkAssignAction' });

const GroupAction = z
  .strictObject({
    group: z
      .uuid()
      .nullable()
      .describe(
        'A group of the organization, or null for none; a ticket whose assignee is not a member fails with 409',
      ),
  })
  .meta({ id: 'BulkGroupAction' });

const StatusAction = z
  .strictObject({
    status: TicketStatusSchema,
    reason: z.string().trim().min(1).max(1000).optional(),
  })
  .meta({ id: 'BulkStatusAction' });

const AddTagsAction = z
  .strictObject({
    addTags: z.array(tagSchema).min(1).max(20).describe('Added to each ticket’s tags (kept once)'),
  })
  .meta({ id: 'BulkAddTagsAction' });

const MacroAction = z
  .strictObject({
    macro: z
      .uuid()
      .describe('A macro the caller may apply (docs/product.md "Macros"), applied to each ticket'),
  })
  .meta({ id: 'BulkMacroAction' });

export const BulkActionSchema = z.union([
  AssignAction,
  GroupAction,
  StatusAction,
  AddTagsAction,
  MacroAction,
]);
export type BulkAction = z.output<typeof BulkActionSchema>;

/** `{ids: [uuid | number | reference] (1–100, distinct), action}`. */
export const BulkTicketsBodySchema = z
  .strictObject({
    ids: z
      .array(z.string().trim().min(1).max(64))
      .min(1)
      .max(BULK_MAX_TICKETS)
      .refine((ids) => new Set(ids).size === ids.length, 'ids must be distinct')
      .describe('The tickets: uuid, number (42) or reference (TKT-00042) each'),
    action: BulkActionSchema,
  })
  .meta({
    id: 'BulkTicketsBody',
    examples: [
      { ids: ['TKT-00042', 'TKT-00043'], action: { status: 'RESOLVED', reason: 'Duplicate' } },
      { ids: ['TKT-00042'], action: { assign: null } },
      { ids: ['TKT-00042'], action: { addTags: ['billing'] } },
      { ids: ['TKT-00042'], action: { macro: '3f2a9c1e-8b7d-4e6f-a5c4-1d2e3f4a5b6c' } },
    ],
  });
export type BulkTicketsInput = z.output<typeof BulkTicketsBodySchema>;
export type BulkTicketsBody = z.input<typeof BulkTicketsBodySchema>;

/** One ticket's outcome: `ok` with its new reference and version, or the problem it met. */
export const BulkTicketResultSchema = z.union([
  z.object({
    id: z.string().describe('As given in ids'),
    ok: z.literal(true),
    ticket: z.object({ id: z.uuid(), reference: z.string(), version: z.number().int() }),
    changed: z.boolean().describe('False when the ticket already was as asked'),
  }),
  z.object({
    id: z.string().describe('As given in ids'),
    ok: z.literal(false),
    problem: ProblemSchema.omit({ type: true, instance: true }),
  }),
]);
export type BulkTicketResult = z.output<typeof BulkTicketResultSchema>;

export const BulkTicketsResultSchema = z
  .object({
    results: z.array(BulkTicketResultSchema).describe('One per id, in the order given'),
    succeeded: z.number().int().min(0),
    failed: z.number().int().min(0),
  })
  .meta({ id: 'BulkTicketsResult' });
export type BulkTicketsResult = z.output<typeof BulkTicketsResultSchema>;
