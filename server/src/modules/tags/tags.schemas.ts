/** GET /api/tags: tag suggestions for the dashboard's filters and bulk "add tag". */
import { z } from 'zod';

/** How many recently updated tickets the suggestions are drawn from (see tags.service.ts). */
export const TAG_SAMPLE_TICKETS = 5000;

export const ListTagsQuerySchema = z.strictObject({
  q: z
    .string()
    .trim()
    .toLowerCase()
    .max(50)
    .optional()
    .describe('Tags starting with this (any case); all tags when absent'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type ListTagsQuery = z.output<typeof ListTagsQuerySchema>;

export const TagListSchema = z
  .object({
    data: z.array(
      z.object({
        name: z.string(),
        count: z.number().int().describe('Tickets carrying it, among those sampled'),
      }),
    ),
  })
  .meta({ id: 'TagList', examples: [{ data: [{ name: 'billing', count: 12 }] }] });
export type TagList = z.output<typeof TagListSchema>;
