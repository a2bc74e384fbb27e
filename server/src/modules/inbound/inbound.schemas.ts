/**
 * Inbound email (docs/api.md "Inbound email"): the endpoint's answer and the inbound log.
 */
import { z } from 'zod';
import { PageQuerySchema, Timestamp, pageOf } from '../../lib/common.schemas.js';
import { SUSPEND_CAUSES } from './mail-checks.js';

export { SUSPEND_CAUSES };

export const INBOUND_OUTCOMES = [
  'ticket_created',
  'response_added',
  'suspended',
  'duplicate',
] as const;
export const INBOUND_LOG_OUTCOMES = [
  'ticket_created',
  'response_added',
  'suspended',
  'discarded',
] as const;

const SkippedFileSchema = z.object({
  fileName: z.string(),
  reason: z
    .string()
    .describe('The intake’s error code, e.g. unsupported_file_type, file_too_large'),
});

/** `POST /api/inbound/email` answer (202). */
export const InboundResultSchema = z
  .object({
    id: z.uuid().describe('The inbound log entry (for a duplicate: the first delivery’s)'),
    outcome: z.enum(INBOUND_OUTCOMES),
    cause: z.enum(SUSPEND_CAUSES).nullable().describe('Why it was suspended'),
    ticketId: z.uuid().nullable(),
    reference: z.string().nullable(),
    responseId: z.uuid().nullable(),
    followUpOf: z
      .uuid()
      .nullable()
      .describe('A reply to a CLOSED ticket makes a new ticket following up this one'),
    skippedFiles: z.array(SkippedFileSchema),
  })
  .meta({ id: 'InboundResult' });
export type InboundResultBody = z.output<typeof InboundResultSchema>;

/** A row of the inbound log, as admins see it (never the message itself: see `/original`). */
export const InboundEmailSchema = z
  .object({
    id: z.uuid(),
    mailboxId: z.uuid().nullable(),
    source: z.enum(['imap', 'endpoint']),
    messageId: z.string().nullable(),
    from: z.object({ address: z.string().nullable(), name: z.string().nullable() }),
    subject: z.string(),
    sizeBytes: z.int(),
    outcome: z.enum(INBOUND_LOG_OUTCOMES),
    cause: z.string().nullable(),
    ticketId: z.uuid().nullable(),
    responseId: z.uuid().nullable(),
    skippedFiles: z.array(SkippedFileSchema),
    receivedAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'InboundEmail' });
export type InboundEmail = z.output<typeof InboundEmailSchema>;

export const InboundEmailListSchema = pageOf(InboundEmailSchema).meta({ id: 'InboundEmailList' });
export type InboundEmailList = z.output<typeof InboundEmailListSchema>;

/** `GET /api/inbound-emails` query: newest first; filter by outcome or ticket. */
export const ListInboundEmailsQuerySchema = PageQuerySchema.extend({
  outcome: z.enum(INBOUND_LOG_OUTCOMES).optional(),
  ticketId: z.uuid().optional(),
});
export type ListInboundEmailsQuery = z.output<typeof ListInboundEmailsQuerySchema>;

export const InboundEmailIdParamsSchema = z.strictObject({ id: z.uuid() });
