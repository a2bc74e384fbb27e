/**
 * Shapes of the merge and link routes (docs/api.md "Merge and links").
 */
import { z } from 'zod';
import { Timestamp } from '../../lib/common.schemas.js';
import { TicketSchema, TicketStatusSchema } from '../tickets/tickets.schemas.js';

/** A ticket named in a body: its uuid, number (42) or reference (TKT-00042). */
const TicketKey = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .describe('A ticket uuid, number (42) or reference (TKT-00042)');

/** POST /api/tickets/:id/merge body. */
export const MergeTicketBodySchema = z
  .strictObject({
    targetId: TicketKey.describe('The ticket to merge into (not CLOSED, same organization)'),
    comment: z
      .string()
      .trim()
      .min(1)
      .max(5000)
      .optional()
      .describe(
        'Posted as a public reply on the source before it closes (its requester is notified); also the activity rows’ reason',
      ),
  })
  .meta({ id: 'MergeTicketBody' });
export type MergeTicketInput = z.output<typeof MergeTicketBodySchema>;

/** POST /api/tickets/:id/merge answer: both tickets after the merge. */
export const MergeResultSchema = z
  .object({
    source: TicketSchema.describe('Now CLOSED, with mergedInto'),
    target: TicketSchema,
  })
  .meta({ id: 'MergeResult' });

/** What the other ticket of a link is to the ticket the link is read from. */
export const LINK_RELATIONS = ['related', 'parent', 'child'] as const;
export type LinkRelation = (typeof LINK_RELATIONS)[number];

/** POST /api/tickets/:id/links body. */
export const CreateLinkBodySchema = z
  .strictObject({
    ticketId: TicketKey.describe('The other ticket'),
    relation: z
      .enum(LINK_RELATIONS)
      .describe(
        'What the other ticket is to this one: related, its parent, or its child. A ticket has at most one parent; no cycles',
      ),
  })
  .meta({ id: 'CreateTicketLinkBody' });
export type CreateLinkInput = z.output<typeof CreateLinkBodySchema>;

/** A link as read from one of its two tickets. */
export const TicketLinkSchema = z
  .object({
    id: z.uuid(),
    relation: z.enum(LINK_RELATIONS),
    ticket: z.object({
      id: z.uuid(),
      reference: z.string().describe('TKT-00042'),
      subject: z.string(),
      status: TicketStatusSchema,
    }),
    createdAt: Timestamp,
  })
  .meta({ id: 'TicketLink' });
export type TicketLink = z.output<typeof TicketLinkSchema>;

export const TicketLinkListSchema = z
  .object({ data: z.array(TicketLinkSchema) })
  .meta({ id: 'TicketLinkList' });

/** `:id` and `:linkId` of DELETE /api/tickets/:id/links/:linkId. */
export const LinkParamsSchema = z.object({
  id: z.string().min(1).max(64).describe('The ticket uuid, its number or its reference'),
  linkId: z.uuid(),
});
