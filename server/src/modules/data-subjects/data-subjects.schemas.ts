/**
 * Data-subject requests and retention (docs/product.md "Data-subject requests"): the request
 * bodies and the whitelisted answers, shared with the OpenAPI document and the SPA's contract.
 */
import { z } from 'zod';

/** Longest email accepted (RFC 5321's path limit). */
export const DATA_SUBJECT_EMAIL_MAX = 254;

const SubjectEmail = z
  .email()
  .max(DATA_SUBJECT_EMAIL_MAX)
  .describe("The person's email (any case): a user of the organization, or a guest requester");

/** POST /api/data-subjects/export body. */
export const ExportDataSubjectBodySchema = z.strictObject({ email: SubjectEmail });
export type ExportDataSubjectBody = z.output<typeof ExportDataSubjectBodySchema>;

/** POST /api/data-subjects/erase body. */
export const EraseDataSubjectBodySchema = z.strictObject({
  email: SubjectEmail,
  confirm: z.literal(true).describe('Must be `true`: erasure cannot be undone'),
});
export type EraseDataSubjectBody = z.output<typeof EraseDataSubjectBodySchema>;

/** What an erasure rewrote or removed, by kind of row. */
export const ErasureCountsSchema = z
  .object({
    tickets: z.number().int(),
    responses: z.number().int(),
    activities: z.number().int(),
    chats: z.number().int(),
    chatMessages: z.number().int(),
    ticketCcs: z.number().int(),
    inboundEmails: z.number().int(),
    emailNotifications: z.number().int(),
    outboxMessages: z.number().int(),
    webhookDeliveries: z.number().int(),
    idempotencyRecords: z.number().int().describe('Deleted'),
    accountTokens: z.number().int().describe('Deleted'),
    sessions: z.number().int().describe('Deleted (with their refresh tokens)'),
    recoveryCodes: z.number().int().describe('Two-factor recovery codes deleted'),
    attachments: z.number().int().describe('Attachment rows deleted'),
    storedFilesRemoved: z
      .number()
      .int()
      .describe('Objects removed from the attachment store (local or S3) after the commit'),
    auditEntriesRewritten: z.number().int(),
    auditEntriesResealed: z.number().int(),
  })
  .meta({ id: 'ErasureCounts' });
export type ErasureCounts = z.output<typeof ErasureCountsSchema>;

/** POST /api/data-subjects/erase answer. */
export const ErasureResultSchema = z
  .object({
    userId: z.uuid().nullable().describe("The person's user, kept pseudonymised; null for a guest"),
    pseudonym: z.object({ name: z.string(), email: z.string() }),
    counts: ErasureCountsSchema,
  })
  .meta({
    id: 'ErasureResult',
    examples: [
      {
        userId: '7f3a0c1e-5b2d-4e8f-9a6b-1c2d3e4f5a6b',
        pseudonym: {
          name: 'Erased person 7f3a',
          email: 'erased-7f3a0c1e-5b2d-4e8f-9a6b-1c2d3e4f5a6b@erased.invalid',
        },
        counts: {
          tickets: 3,
          responses: 9,
          activities: 14,
          chats: 1,
          chatMessages: 4,
          ticketCcs: 1,
          inboundEmails: 1,
          emailNotifications: 6,
          outboxMessages: 20,
          webhookDeliveries: 5,
          idempotencyRecords: 1,
          accountTokens: 0,
          sessions: 2,
          recoveryCodes: 0,
          attachments: 1,
          storedFilesRemoved: 1,
          auditEntriesRewritten: 2,
          auditEntriesResealed: 40,
        },
      },
    ],
  });
export type ErasureResult = z.output<typeof ErasureResultSchema>;

/** The retention setting (organization settings `retention`). */
export const RetentionSettingsSchema = z
  .object({
    closedTicketsMonths: z
      .number()
      .int()
      .min(1)
      .max(120)
      .nullable()
      .describe('CLOSED tickets closed more than this many months ago are processed; null: never'),
    action: z
      .enum(['erase', 'delete'])
      .describe(
        "erase: the requester's name and email pseudonymised, the ticket kept; delete: the ticket removed",
      ),
  })
  .meta({ id: 'RetentionSettings' });
export type RetentionSettings = z.output<typeof RetentionSettingsSchema>;

/** PUT /api/data-subjects/retention body. */
export const UpdateRetentionBodySchema = z.strictObject({
  closedTicketsMonths: RetentionSettingsSchema.shape.closedTicketsMonths,
  action: RetentionSettingsSchema.shape.action,
});
export type UpdateRetentionBody = z.output<typeof UpdateRetentionBodySchema>;

/** GET /api/data-subjects/retention answer: the setting and the last run. */
export const RetentionStateSchema = RetentionSettingsSchema.extend({
  lastRunAt: z.iso
    .datetime()
    .nullable()
    .describe('When the daily job last ran for the organization'),
}).meta({ id: 'RetentionState' });
export type RetentionState = z.output<typeof RetentionStateSchema>;
