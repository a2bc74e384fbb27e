/**
 * Activity (the audit log of a ticket): the whitelisted answer of `GET /api/tickets/:id/activity`
 * (docs/api.md "Activity"). Nothing leaves the server that this schema does not name.
 */
import { z } from 'zod';
import { ACTIVITY_TYPES, ACTOR_TYPES } from '../../lib/domain.js';
import { Timestamp, pageOf } from '../../lib/common.schemas.js';

/** Who made the change: a user, an integrator's API key, or Docket itself (automations). */
export const ActivityActorSchema = z
  .object({
    type: z.enum(ACTOR_TYPES),
    id: z
      .uuid()
      .nullable()
      .describe('The user or API key id; null for the system, and for staff as seen by a customer'),
    name: z.string(),
  })
  .meta({ id: 'ActivityActor' });

export const TicketActivitySchema = z
  .object({
    id: z.uuid(),
    ticketId: z.uuid(),
    type: z.enum(ACTIVITY_TYPES),
    actor: ActivityActorSchema,
    before: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('The changed values before, or null'),
    after: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('The changed values after, or null'),
    reason: z.string().nullable(),
    isInternal: z.boolean().describe('Internal rows are shown to agents only'),
    createdAt: Timestamp,
  })
  .meta({ id: 'TicketActivity' });
export type TicketActivity = z.output<typeof TicketActivitySchema>;

export const TicketActivityListSchema = pageOf(TicketActivitySchema).meta({
  id: 'TicketActivityList',
});
export type TicketActivityList = z.output<typeof TicketActivityListSchema>;
