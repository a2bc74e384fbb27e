/**
 * Saved views (docs/product.md "Dashboard": "Ticket list with filters, search, sort and saved views"):
 * requests and whitelisted responses. A view's `filters` are the ticket list's query parameters
 * in their query-string form (`{status: "NEW,OPEN", assigneeId: "me"}`), so the dashboard puts
 * them straight into its URL and GET /api/tickets accepts them; they are validated by the very
 * schema of that list (ListTicketsQuerySchema), so a saved view can never hold a filter the list
 * would refuse.
 */
import { z } from 'zod';
import { Timestamp } from '../../lib/common.schemas.js';
import { ListTicketsQuerySchema } from '../tickets/tickets.schemas.js';

/** The list's filter and sort parameters a view may hold (not `limit` nor `cursor`). */
export const SAVED_VIEW_FILTER_KEYS = [
  'status',
  'priority',
  'assigneeId',
  'requesterId',
  'requesterEmail',
  'category',
  'tags',
  'channel',
  'sla',
  'createdFrom',
  'createdTo',
  'updatedFrom',
  'updatedTo',
  'q',
  'sortBy',
  'sortOrder',
] as const;

const FilterValue = z.string().trim().min(1).max(500);

/**
 * `{status?, priority?, …}`: each a non-empty string as in GET /api/tickets' query; unknown keys
 * refused; each value checked by ListTicketsQuerySchema (errors name `filters.<key>`).
 */
export const SavedViewFiltersSchema = z
  .strictObject(
    Object.fromEntries(SAVED_VIEW_FILTER_KEYS.map((key) => [key, FilterValue.optional()])) as {
      [K in (typeof SAVED_VIEW_FILTER_KEYS)[number]]: z.ZodOptional<typeof FilterValue>;
    },
  )
  .superRefine((filters, ctx) => {
    const result = ListTicketsQuerySchema.safeParse(filters);
    if (result.success) return;
    // The key only: "status", not "status.1" (the value is one string, not an array).
    for (const issue of result.error.issues) {
      const key = issue.path[0];
      const message =
        issue.path.length > 1 ? `${issue.message} (item ${String(issue.path[1])})` : issue.message;
      ctx.addIssue({ code: 'custom', message, path: key === undefined ? [] : [key] });
    }
  })
  .meta({
    id: 'SavedViewFilters',
    description: 'GET /api/tickets query parameters (filters and sort), as strings',
    examples: [{ status: 'NEW,OPEN,IN_PROGRESS', assigneeId: 'me', sortBy: 'updatedAt' }],
  });
export type SavedViewFilters = z.output<typeof SavedViewFiltersSchema>;

const ViewName = z.string().trim().min(1).max(80);

/** A saved view as its owner sees it (nobody else ever does). */
export const SavedViewSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    filters: SavedViewFiltersSchema,
    createdAt: Timestamp,
  })
  .meta({
    id: 'SavedView',
    examples: [
      {
        id: '6f1c3a52-8a55-4f0e-9a55-0c1f7f4d2b10',
        name: 'My open',
        filters: { status: 'NEW,OPEN,IN_PROGRESS', assigneeId: 'me' },
        createdAt: '2026-11-21T09:30:00.000Z',
      },
    ],
  });
export type SavedView = z.output<typeof SavedViewSchema>;

export const SavedViewListSchema = z
  .object({ data: z.array(SavedViewSchema) })
  .meta({ id: 'SavedViewList' });
export type SavedViewList = z.output<typeof SavedViewListSchema>;

/** POST /api/saved-views body. */
export const CreateSavedViewBodySchema = z
  .strictObject({ name: ViewName, filters: SavedViewFiltersSchema })
  .meta({ id: 'CreateSavedViewBody' });
export type CreateSavedViewBody = z.input<typeof CreateSavedViewBodySchema>;
export type CreateSavedViewInput = z.output<typeof CreateSavedViewBodySchema>;

/** PATCH /api/saved-views/:id body: a new name, new filters (replacing the old ones), or both. */
export const UpdateSavedViewBodySchema = z
  .strictObject({ name: ViewName.optional(), filters: SavedViewFiltersSchema.optional() })
  .refine((b) => b.name !== undefined || b.filters !== undefined, {
    message: 'give name, filters or both',
    path: ['name'],
  })
  .meta({ id: 'UpdateSavedViewBody' });
export type UpdateSavedViewBody = z.input<typeof UpdateSavedViewBodySchema>;
export type UpdateSavedViewInput = z.output<typeof UpdateSavedViewBodySchema>;

export const SavedViewIdParamsSchema = z.object({ id: z.uuid() });
