/**
 * A session's occurrences (docs/api.md "Sessions", docs/product.md "Sessions"): requests and the
 * whitelisted answers. The requester's view of an occurrence has no outcome, notes or author.
 */
import { z } from 'zod';
import { SESSION_OUTCOMES } from '../../lib/domain.js';
import { Timestamp } from '../../lib/common.schemas.js';
import { SESSION_NOTES_MAX } from './session-limits.js';
import { TicketIdParamsSchema } from './tickets.schemas.js';

/** `:id` and `:occurrenceId` of the occurrence routes. */
export const OccurrenceParamsSchema = TicketIdParamsSchema.extend({ occurrenceId: z.uuid() });

/** An occurrence as staff see it. */
export const SessionOccurrenceSchema = z
  .object({
    id: z.uuid(),
    originalStart: Timestamp.describe(
      'Its start under the rule (RFC 5545 RECURRENCE-ID): its identity, kept when rescheduled',
    ),
    scheduledAt: Timestamp.describe('Its start now'),
    durationMinutes: z.number().int().nullable(),
    cancelledAt: Timestamp.nullable(),
    outcome: z.enum(SESSION_OUTCOMES).nullable(),
    notes: z.string().nullable().describe('Internal: never shown to the requester'),
    notesRecordedAt: Timestamp.nullable(),
    notesAuthor: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  })
  .meta({ id: 'SessionOccurrence' });
export type SessionOccurrence = z.output<typeof SessionOccurrenceSchema>;

/** An occurrence as the requester sees it: times and cancellation only. */
export const CustomerSessionOccurrenceSchema = SessionOccurrenceSchema.pick({
  id: true,
  originalStart: true,
  scheduledAt: true,
  durationMinutes: true,
  cancelledAt: true,
}).meta({ id: 'CustomerSessionOccurrence' });
export type CustomerSessionOccurrence = z.output<typeof CustomerSessionOccurrenceSchema>;

/** GET /api/tickets/:id/session/occurrences. */
export const SessionOccurrenceListSchema = z
  .object({
    data: z.array(z.union([SessionOccurrenceSchema, CustomerSessionOccurrenceSchema])),
  })
  .meta({ id: 'SessionOccurrenceList' });
export type SessionOccurrenceList = z.output<typeof SessionOccurrenceListSchema>;

/** PATCH /api/tickets/:id/session/occurrences/:occurrenceId body: at least one field. */
export const UpdateOccurrenceBodySchema = z
  .strictObject({
    scheduledAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Its new start, ISO 8601, e.g. 2026-12-01T15:00:00Z'),
    durationMinutes: z.number().int().min(1).max(480).nullable().optional(),
    cancelled: z
      .boolean()
      .optional()
      .describe('true cancels this occurrence alone; false restores it'),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'give scheduledAt, durationMinutes or cancelled',
  })
  .meta({ id: 'UpdateSessionOccurrenceBody' });
export type UpdateOccurrenceInput = z.output<typeof UpdateOccurrenceBodySchema>;

/** PUT /api/tickets/:id/session/occurrences/:occurrenceId/notes body. */
export const OccurrenceNotesBodySchema = z
  .strictObject({
    outcome: z.enum(SESSION_OUTCOMES),
    notes: z
      .string()
      .max(SESSION_NOTES_MAX)
      .nullable()
      .optional()
      .describe('Internal notes, at most 10,000 characters'),
  })
  .meta({ id: 'SessionOccurrenceNotesBody' });
export type OccurrenceNotesInput = z.output<typeof OccurrenceNotesBodySchema>;
