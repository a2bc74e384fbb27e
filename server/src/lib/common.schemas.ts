/**
 * Schemas shared by several modules: problem details (RFC 9457), pagination, ids.
 * Registered in zod's global registry with an id so the OpenAPI document references them.
 */
import { examples } from './openapi-examples.js';
import { z } from 'zod';

/** RFC 9457 problem details, as every error of the API is answered (docs/api.md "Errors"). */
export const ProblemSchema = z
  .object({
    type: z.string().describe('URI reference identifying the problem type'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z
      .string()
      .describe(
        'Stable machine-readable code: validation_failed, not_found, unauthorized, forbidden, conflict, precondition_failed, rate_limited, …',
      ),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('Per-field errors, with the path of the field at fault (e.g. "subject", "tags.2")'),
  })
  .meta({ id: 'Problem', examples: [examples.problem] });
export type Problem = z.output<typeof ProblemSchema>;

/** ISO 8601 UTC timestamp as sent by the API (e.g. "2026-11-21T09:30:00.000Z"). */
export const Timestamp = z.iso.datetime();

/**
 * The OpenAPI shape of a query parameter that takes a comma-separated list (`status=OPEN,NEW`):
 * an array of `items` (a JSON Schema). Its zod schema parses one string, which is what the
 * document would show without this: put it on that schema with `.meta(commaListMeta(…))`. The
 * document marks array query parameters `style: form, explode: false` (plugins/openapi-conventions.ts).
 */
export function commaListMeta(items: Record<string, unknown>, description?: string) {
  return { type: 'array', items, ...(description ? { description } : {}) };
}

/**
 * Keyset pagination parameters of every list (docs/api.md: limit 1–100, default 25; opaque cursor).
 * Strict, as every query schema extended from it: an unknown parameter is a 400 naming it, rather
 * than a filter silently ignored (a misspelt `stauts=OPEN` would list every ticket).
 */
export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(500).optional(),
});

/** `{data: [item], nextCursor}`; nextCursor is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

/** Problem responses every authenticated route can give, for the OpenAPI document. */
export const commonProblems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
} as const;
