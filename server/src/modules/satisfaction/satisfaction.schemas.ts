/**
 * Satisfaction ratings (docs/product.md "Satisfaction"; docs/api.md "Satisfaction"): the
 * requester's answer to "How did we do?" for one resolution of their ticket, and what agents see
 * of it. Request schemas and whitelisted answers, shared with the OpenAPI document.
 */
import { z } from 'zod';
import { Timestamp } from '../../lib/common.schemas.js';

/** The scales (organization setting `csatScale`): good/bad (stored 1 or 5), or 1–5. */
export const SATISFACTION_SCALES = ['good_bad', 'five_point'] as const;
export type SatisfactionScale = (typeof SATISFACTION_SCALES)[number];
export const SatisfactionScaleSchema = z
  .enum(SATISFACTION_SCALES)
  .meta({ id: 'SatisfactionScale' })
  .describe('good_bad: score 1 (bad) or 5 (good); five_point: 1–5');

/** Why a rating is not good: a small fixed list, so that statistics can count them. */
export const SATISFACTION_REASONS = ['slow', 'unresolved', 'unfriendly', 'other'] as const;

/** Longest comment, in characters. */
export const SATISFACTION_COMMENT_MAX = 2000;
/** How long a rating may be changed after it was first given, in days. */
export const SATISFACTION_CHANGE_DAYS = 7;

/** PUT …/satisfaction body. */
export const RateBodySchema = z.strictObject({
  score: z
    .number()
    .int()
    .min(1)
    .max(5)
    .describe('1–5; on the good_bad scale only 1 (bad) or 5 (good)'),
  comment: z
    .string()
    .trim()
    .max(SATISFACTION_COMMENT_MAX)
    .nullish()
    .describe(`Optional, at most ${SATISFACTION_COMMENT_MAX} characters; empty means none`),
  reason: z
    .enum(SATISFACTION_REASONS)
    .nullish()
    .describe('Optional: slow, unresolved, unfriendly or other'),
});
export type RateBody = z.output<typeof RateBodySchema>;

/** A rating as its requester sees it. */
export const SatisfactionRatingSchema = z
  .object({
    score: z.number().int(),
    comment: z.string().nullable(),
    reason: z.enum(SATISFACTION_REASONS).nullable(),
    createdAt: Timestamp.describe('When it was first given'),
    updatedAt: Timestamp.describe('When it was last changed'),
  })
  .meta({ id: 'SatisfactionRating' });

/** GET/PUT …/satisfaction answer: the rating of the ticket's current resolution. */
export const SatisfactionStateSchema = z
  .object({
    scale: SatisfactionScaleSchema.describe(
      "The scale of this resolution's rating, else the organization's",
    ),
    rating: SatisfactionRatingSchema.nullable().describe(
      "The rating of the ticket's current resolution; null when none was given",
    ),
    open: z
      .boolean()
      .describe(
        `Whether a rating may be given or changed now: the ticket is RESOLVED or CLOSED, ratings are enabled, and no rating was given more than ${SATISFACTION_CHANGE_DAYS} days ago`,
      ),
    resolvedAt: Timestamp.nullable().describe('The resolution being rated; null when not resolved'),
    changeableUntil: Timestamp.nullable().describe(
      'Until when the given rating may be changed; null when none was given',
    ),
  })
  .meta({ id: 'SatisfactionState' });
export type SatisfactionState = z.output<typeof SatisfactionStateSchema>;

/** The latest rating of a ticket as agents see it (GET /api/tickets/:id `satisfaction`). */
export const TicketSatisfactionSchema = z
  .object({
    score: z.number().int(),
    scale: SatisfactionScaleSchema,
    comment: z.string().nullable(),
    reason: z.enum(SATISFACTION_REASONS).nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'TicketSatisfaction' });
export type TicketSatisfaction = z.output<typeof TicketSatisfactionSchema>;

/** GET/PATCH /api/satisfaction/settings answer: the organization's rating settings. */
export const SatisfactionSettingsSchema = z
  .object({
    enabled: z
      .boolean()
      .describe('Whether resolved tickets ask "How did we do?" (settings csatEnabled)'),
    scale: SatisfactionScaleSchema.describe('The scale of new ratings (settings csatScale)'),
  })
  .meta({ id: 'SatisfactionSettings' });
export type SatisfactionSettings = z.output<typeof SatisfactionSettingsSchema>;

/** PATCH /api/satisfaction/settings body: either or both. */
export const UpdateSatisfactionSettingsBodySchema = z
  .strictObject({
    enabled: z.boolean().optional(),
    scale: SatisfactionScaleSchema.optional(),
  })
  .refine((body) => body.enabled !== undefined || body.scale !== undefined, {
    message: 'give enabled, scale or both',
  })
  .meta({ id: 'UpdateSatisfactionSettingsBody' });
export type UpdateSatisfactionSettingsBody = z.input<typeof UpdateSatisfactionSettingsBodySchema>;
export type UpdateSatisfactionSettingsInput = z.output<typeof UpdateSatisfactionSettingsBodySchema>;
