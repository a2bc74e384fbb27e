/**
 * Saved views (docs/product.md "Dashboard": "Ticket list with filters, search, sort and saved views"):
 * requests and whitelisted responses. A view's `filters` are the ticket list's query parameters
 * in their query-string form (`{status: "NEW,OPEN", assigneeId: "me"}`), so the dashboard puts
 * them straight into its URL and GET /api/tickets accepts them; they are validated by the very
 * schema of that list (ListTicketsQuerySchema), so a saved view can never hold a filter the list
 * would refuse. A view is personal (its owner's), or shared by an admin with the organization or
 * with one group; it may also choose the inbox table's columns. Built-in views (BUILT_IN_VIEWS in
 * built-in-views.ts) are defined in code and answered by GET /api/saved-views/built-in.
 */
import { z } from 'zod';
import { Timestamp } from '../../lib/common.schemas.js';
import { ListTicketsQuerySchema } from '../tickets/tickets.schemas.js';

/** The list's filter and sort parameters a view may hold (not `limit` nor `cursor`). */
export const SAVED_VIEW_FILTER_KEYS = [
  'status',
  'priority',
  'assigneeId',
  'groupId',
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

const FILTER_KEYS = new Set<string>(SAVED_VIEW_FILTER_KEYS);
/** A custom field filter of the list (`cf.<key>`, the custom fields' key rule). */
const CUSTOM_FIELD_FILTER_KEY = /^cf\.[a-z][a-z0-9_]{0,39}$/;

/**
 * `{status?, priority?, …, "cf.<key>"?}`: each a non-empty string as in GET /api/tickets' query,
 * custom field filters (`cf.<key>`, up to 5) included; other keys refused; each value checked by
 * ListTicketsQuerySchema (errors name `filters.<key>`). Whether a `cf.<key>` names a field, and
 * its value fits it, is checked against the definitions by saved-views.service.ts.
 */
export const SavedViewFiltersSchema = z
  .strictObject(
    Object.fromEntries(SAVED_VIEW_FILTER_KEYS.map((key) => [key, FilterValue.optional()])) as {
      [K in (typeof SAVED_VIEW_FILTER_KEYS)[number]]: z.ZodOptional<typeof FilterValue>;
    },
  )
  .catchall(FilterValue)
  .superRefine((filters, ctx) => {
    const unknown = Object.keys(filters).filter(
      (key) => !FILTER_KEYS.has(key) && !CUSTOM_FIELD_FILTER_KEY.test(key),
    );
    if (unknown.length) {
      ctx.addIssue({
        code: 'unrecognized_keys',
        keys: unknown,
        input: filters,
        message: 'unknown field',
      } as never);
      return;
    }
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

/** Who sees a view: its owner; every agent and admin of the organization; a group's members. */
export const SAVED_VIEW_VISIBILITIES = ['personal', 'organization', 'group'] as const;
export type SavedViewVisibility = (typeof SAVED_VIEW_VISIBILITIES)[number];
const VisibilitySchema = z.enum(SAVED_VIEW_VISIBILITIES).meta({ id: 'SavedViewVisibility' });

/** The inbox table's column keys, in their default order. */
export const VIEW_COLUMN_KEYS = [
  'reference',
  'subject',
  'requester',
  'status',
  'priority',
  'sla',
  'assignee',
  'group',
  'category',
  'channel',
  'updatedAt',
  'createdAt',
] as const;
export type ViewColumnKey = (typeof VIEW_COLUMN_KEYS)[number];

/** `columns`: the table's columns in order, each at most once; `[]`: the default set. */
const ColumnsSchema = z
  .array(z.enum(VIEW_COLUMN_KEYS))
  .max(VIEW_COLUMN_KEYS.length)
  .refine((columns) => new Set(columns).size === columns.length, {
    message: 'each column at most once',
  })
  .describe('The inbox table’s column keys in order; empty: the default columns');

/** A saved view as those who may see it see it (docs/product.md "Views"). */
export const SavedViewSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    filters: SavedViewFiltersSchema,
    visibility: VisibilitySchema,
    groupId: z.uuid().nullable().describe('The group a `group` view is shared with; else null'),
    group: z
      .object({ id: z.uuid(), name: z.string() })
      .nullable()
      .describe('That group, with its name (null unless `group`)'),
    columns: z.array(z.enum(VIEW_COLUMN_KEYS)),
    editable: z
      .boolean()
      .describe(
        'Whether the caller may change or delete it: their own personal view; a shared one for admins',
      ),
    createdAt: Timestamp,
  })
  .meta({
    id: 'SavedView',
    examples: [
      {
        id: '6f1c3a52-8a55-4f0e-9a55-0c1f7f4d2b10',
        name: 'My open',
        filters: { status: 'NEW,OPEN,IN_PROGRESS', assigneeId: 'me' },
        visibility: 'personal',
        groupId: null,
        group: null,
        columns: [],
        editable: true,
        createdAt: '2026-11-21T09:30:00.000Z',
      },
    ],
  });
export type SavedView = z.output<typeof SavedViewSchema>;

export const SavedViewListSchema = z
  .object({ data: z.array(SavedViewSchema) })
  .meta({ id: 'SavedViewList' });
export type SavedViewList = z.output<typeof SavedViewListSchema>;

/** A group view needs its group; the other visibilities none. */
function groupMatchesVisibility(b: { visibility?: SavedViewVisibility; groupId?: string | null }) {
  if (b.visibility === 'group') return typeof b.groupId === 'string';
  if (b.visibility !== undefined) return b.groupId === undefined || b.groupId === null;
  return b.groupId === undefined;
}
const groupMessage = {
  message: 'groupId is required with visibility "group" and only then (send visibility with it)',
  path: ['groupId'],
};

/** POST /api/saved-views body. `visibility` other than personal: admins only (403). */
export const CreateSavedViewBodySchema = z
  .strictObject({
    name: ViewName,
    filters: SavedViewFiltersSchema,
    visibility: VisibilitySchema.default('personal'),
    groupId: z.uuid().optional(),
    columns: ColumnsSchema.default([]),
  })
  .refine(groupMatchesVisibility, groupMessage)
  .meta({ id: 'CreateSavedViewBody' });
export type CreateSavedViewBody = z.input<typeof CreateSavedViewBodySchema>;
export type CreateSavedViewInput = z.output<typeof CreateSavedViewBodySchema>;

/**
 * PATCH /api/saved-views/:id body: a new name, new filters (replacing the old ones), new columns,
 * a new visibility (with `groupId` for a group), or several.
 */
export const UpdateSavedViewBodySchema = z
  .strictObject({
    name: ViewName.optional(),
    filters: SavedViewFiltersSchema.optional(),
    visibility: VisibilitySchema.optional(),
    groupId: z.uuid().nullable().optional(),
    columns: ColumnsSchema.optional(),
  })
  .refine(
    (b) =>
      b.name !== undefined ||
      b.filters !== undefined ||
      b.columns !== undefined ||
      b.visibility !== undefined,
    { message: 'give name, filters, columns or visibility', path: ['name'] },
  )
  .refine(groupMatchesVisibility, groupMessage)
  .meta({ id: 'UpdateSavedViewBody' });
export type UpdateSavedViewBody = z.input<typeof UpdateSavedViewBodySchema>;
export type UpdateSavedViewInput = z.output<typeof UpdateSavedViewBodySchema>;

export const SavedViewIdParamsSchema = z.object({ id: z.uuid() });

/** A view defined in code (built-in-views.ts), the same for everyone; its filters as of now. */
export const BuiltInViewSchema = z
  .object({
    id: z.string().describe('builtin:<key>'),
    key: z.string().describe('Stable key, e.g. my-open (the dashboard translates its name)'),
    name: z.string().describe('English name'),
    filters: SavedViewFiltersSchema,
    columns: z.array(z.enum(VIEW_COLUMN_KEYS)),
  })
  .meta({ id: 'BuiltInView' });
export type BuiltInView = z.output<typeof BuiltInViewSchema>;

export const BuiltInViewListSchema = z
  .object({ data: z.array(BuiltInViewSchema) })
  .meta({ id: 'BuiltInViewList' });
export type BuiltInViewList = z.output<typeof BuiltInViewListSchema>;

/**
 * GET /api/saved-views/counts answer: for every view the caller sees (built-in first, then
 * shared and personal), how many tickets its list shows, counted up to a cap: `capped` means more
 * than `count` (show "1000+").
 */
export const SavedViewCountsSchema = z
  .object({
    data: z.array(
      z.object({
        viewId: z.string().describe('A saved view uuid or a built-in id (builtin:<key>)'),
        count: z.number().int().min(0),
        capped: z.boolean().describe('true: more than `count` tickets match'),
      }),
    ),
  })
  .meta({
    id: 'SavedViewCounts',
    examples: [
      {
        data: [
          { viewId: 'builtin:my-open', count: 12, capped: false },
          { viewId: 'builtin:all-unsolved', count: 1000, capped: true },
        ],
      },
    ],
  });
export type SavedViewCounts = z.output<typeof SavedViewCountsSchema>;
