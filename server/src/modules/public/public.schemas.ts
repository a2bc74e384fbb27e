/**
 * The public tracker and signed tracking links (docs/api.md "Public"; docs/product.md "Customers"): requests
 * and the whitelisted public view of a ticket. These schemas are the security boundary of routes
 * anyone may call: nothing internal (internal notes and activity, assignee, agents' names,
 * metadata, custom fields, SLA dates, ids) is named here, so nothing internal can be sent.
 */
import { z } from 'zod';
import { SESSION_MODES } from '../../lib/domain.js';
import { Timestamp } from '../../lib/common.schemas.js';
import { TicketResponseSchema } from '../responses/responses.schemas.js';
import { PublicAttachmentSchema } from '../attachments/attachments.schemas.js';
import {
  TicketPrioritySchema,
  TicketSchema,
  TicketStatusSchema,
} from '../tickets/tickets.schemas.js';

// The tracker's request bodies live in public-forms.schemas.ts (the SPA's forms load only them).
export {
  PublicReplyBodySchema,
  TrackTicketBodySchema,
  type PublicReplyBody,
  type TrackTicketBody,
} from './public-forms.schemas.js';

/** `:token` of the tracking-link routes; any string: a bad token is a 404, not a 400. */
export const TrackingTokenParamsSchema = z.object({
  token: z.string().describe('The token of a tracking link (`…/t/<token>`)'),
});

const TimelineCreatedSchema = z
  .object({ type: z.literal('created'), at: Timestamp })
  .meta({ id: 'PublicTimelineCreated' });

const TimelineStatusChangedSchema = z
  .object({
    type: z.literal('status_changed'),
    from: TicketStatusSchema,
    to: TicketStatusSchema,
    at: Timestamp,
  })
  .meta({ id: 'PublicTimelineStatusChanged' });

const TimelineReplySchema = z
  .object({
    type: z.literal('reply'),
    author: z.object({
      name: z
        .string()
        .describe('The requester\'s name for their own replies; "Support team" for the staff\'s'),
      type: z.enum(['customer', 'agent']),
    }),
    content: z.string(),
    format: TicketResponseSchema.shape.format,
    attachments: z.array(PublicAttachmentSchema).describe('Files sent with the reply'),
    at: Timestamp,
  })
  .meta({ id: 'PublicTimelineReply' });

const TimelineSessionScheduledSchema = z
  .object({
    type: z.literal('session_scheduled'),
    mode: z.enum(SESSION_MODES),
    scheduledAt: Timestamp,
    durationMinutes: z.number().int().nullable(),
    meetingLink: z.string().nullable(),
    at: Timestamp,
  })
  .meta({ id: 'PublicTimelineSessionScheduled' });

const TimelineSessionCancelledSchema = z
  .object({ type: z.literal('session_cancelled'), at: Timestamp })
  .meta({ id: 'PublicTimelineSessionCancelled' });

const TimelineSessionOccurrenceSchema = z
  .object({
    type: z.literal('session_occurrence_changed'),
    scheduledAt: Timestamp.describe("The occurrence's start (after the change)"),
    cancelled: z.boolean().describe('Cancelled on its own; false: moved or restored'),
    at: Timestamp,
  })
  .meta({ id: 'PublicTimelineSessionOccurrenceChanged' });

/** One entry of a ticket's public life (the timeline is oldest first). */
export const PublicTimelineItemSchema = z
  .discriminatedUnion('type', [
    TimelineCreatedSchema,
    TimelineStatusChangedSchema,
    TimelineReplySchema,
    TimelineSessionScheduledSchema,
    TimelineSessionCancelledSchema,
    TimelineSessionOccurrenceSchema,
  ])
  .meta({ id: 'PublicTimelineItem' });
export type PublicTimelineItem = z.output<typeof PublicTimelineItemSchema>;

/**
 * A ticket as the public tracker and tracking links show it (docs/api.md "Public", plus
 * `description`, `closedAt` and `session`). A RESOLVED ticket shows as a `status_changed` item
 * to RESOLVED and `resolvedAt`.
 */
export const PublicTicketSchema = z
  .object({
    reference: z.string().describe('TKT-00042'),
    subject: z.string(),
    description: z.string().describe("The requester's original message"),
    status: TicketStatusSchema,
    priority: TicketPrioritySchema,
    category: z.string().nullable(),
    session: TicketSchema.shape.session,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    resolvedAt: Timestamp.nullable(),
    closedAt: Timestamp.nullable(),
    resolutionNote: z
      .string()
      .nullable()
      .describe('The summary staff gave when resolving (docs/product.md "Resolution note")'),
    mergedInto: z
      .string()
      .nullable()
      .describe(
        'The reference (TKT-00042) of the ticket this one was merged into; the conversation goes on there',
      ),
    attachments: z
      .array(PublicAttachmentSchema)
      .describe("The ticket's own files (links under a tracking token)"),
    customFields: z
      .array(
        z.object({
          key: z.string(),
          label: z.object({ en: z.string(), fr: z.string() }),
          type: z.string(),
          value: z.unknown(),
        }),
      )
      .describe(
        'The values of the customer-visible custom fields, in their order (docs/product.md "Custom fields")',
      ),
    timeline: z.array(PublicTimelineItemSchema),
  })
  .meta({ id: 'PublicTicket' });
export type PublicTicket = z.output<typeof PublicTicketSchema>;

/** GET /api/tickets/:id/tracking-link answer. */
export const TrackingLinkSchema = z
  .object({
    url: z.string().describe('`<PUBLIC_URL>/t/<token>`: opens the ticket without signing in'),
    expiresAt: Timestamp,
    requesterLocale: z
      .string()
      .describe(
        'BCP 47 language to write to the requester in ("en", "fr-CA"): their account\'s locale; "en" for a guest requester without an account',
      ),
  })
  .meta({ id: 'TrackingLink' });
export type TrackingLink = z.output<typeof TrackingLinkSchema>;
