/**
 * Saved views of the ticket list (docs/product.md "Views"; Zendesk's personal and shared views):
 * - A view is personal (its owner alone lists, changes and deletes it), shared with the
 *   organization (every agent and admin sees it) or shared with a group (its members see it;
 *   admins see every group's, since they manage them). Only admins create, change or delete
 *   shared views (403 for an agent); an admin may share their own personal view, and may make a
 *   shared view personal only when they made it.
 * - A view the caller does not see — another user's personal view, another organization's, a
 *   group view of a group they are not in — is 404 (its existence is nobody else's business).
 * - Names are unique per creator whatever their case (409 `saved_view_exists`): "My open" and
 *   "my open" would be the same entry in a menu. The database's unique index is case-sensitive,
 *   so the check runs in the write's transaction under a per-creator advisory lock.
 * - At most MAX_VIEWS_PER_USER views per creator (409 `too_many_saved_views`).
 * - Filters are validated by the routes' schema (saved-views.schemas.ts), and their `cf.<key>`
 *   custom field filters against the organization's fields; they are stored as sent.
 * - Counts (`counts`): per view the caller sees, built-in ones included, how many tickets its list
 *   shows them, capped at VIEW_COUNT_CAP so they stay cheap at a million tickets.
 */
import { isUniqueViolation } from '../../lib/db-errors.js';
import type { Db, PrismaClient } from '../../lib/db.js';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { customFieldFilterMatch } from '../custom-fields/index.js';
import { ListTicketsQuerySchema, type ListTicketsQuery } from '../tickets/tickets.schemas.js';
import { builtInViews } from './built-in-views.js';
import type {
  BuiltInViewList,
  CreateSavedViewInput,
  SavedView,
  SavedViewCounts,
  SavedViewFilters,
  SavedViewList,
  SavedViewVisibility,
  UpdateSavedViewInput,
  ViewColumnKey,
} from './saved-views.schemas.js';
import {
  countOwnedViews,
  countTicketsCapped,
  deleteView,
  findMemberGroupIds,
  findOrganizationView,
  findViewIdsByNameIgnoringCase,
  groupExists,
  insertView,
  listVisibleViews,
  lockUserViews,
  updateView,
  type SavedViewRow,
} from './saved-views.repository.js';

/** A generous cap: a menu of more views than this is no longer a shortcut. */
export const MAX_VIEWS_PER_USER = 100;

/**
 * Counts stop here: a view with more tickets shows "1000+" (docs/product.md "Views"). Each count
 * reads at most VIEW_COUNT_CAP + 1 index entries or rows, whatever the number of tickets.
 */
export const VIEW_COUNT_CAP = 1000;

/** How long the counts statement may run (ms) before a 503: views with a search `q` can be slow. */
export const COUNTS_TIMEOUT_MS = 3000;

/** Distinct filter sets whose parsed list query viewListQuery keeps (then it starts over). */
const VIEW_QUERY_CACHE_MAX_ENTRIES = 1000;

const viewQueries = new Map<string, Readonly<ListTicketsQuery> | null>();

/**
 * A view's `filters` read as GET /api/tickets reads its query (ListTicketsQuerySchema), or null
 * when the list would refuse them; parsed once per distinct filter set (by their JSON text) and
 * reused while at most VIEW_QUERY_CACHE_MAX_ENTRIES are kept: the counts read every view the
 * agent sees on each answer, and the built-in ones are the same for everyone (the "recently
 * solved" window moves by the second). The parse is a pure function of the text; the result is
 * shared, so it is frozen (callers copy it to add to it).
 */
export function viewListQuery(filters: unknown): Readonly<ListTicketsQuery> | null {
  const key = JSON.stringify(filters) ?? '';
  let query = viewQueries.get(key);
  if (query === undefined) {
    if (viewQueries.size >= VIEW_QUERY_CACHE_MAX_ENTRIES) viewQueries.clear();
    const parsed = ListTicketsQuerySchema.safeParse(filters);
    query = parsed.success ? Object.freeze(parsed.data) : null;
    viewQueries.set(key, query);
  }
  return query;
}

/** Whether `principal` may change `row`: their own personal view; any shared view for an admin. */
function canEdit(principal: Principal, row: SavedViewRow): boolean {
  if (row.visibility === 'personal') return row.userId === principal.id;
  return principal.role === 'ADMIN';
}

/** The API shape of a saved view as `principal` sees it. */
function toSavedView(principal: Principal, row: SavedViewRow): SavedView {
  return {
    id: row.id,
    name: row.name,
    filters: row.filters as SavedViewFilters,
    visibility: row.visibility,
    groupId: row.groupId,
    group: row.group,
    columns: row.columns as ViewColumnKey[],
    editable: canEdit(principal, row),
    createdAt: row.createdAt.toISOString(),
  };
}

const viewExists = (name: string) =>
  new ConflictError(
    `A view named "${name}" exists already (names ignore case)`,
    'saved_view_exists',
  );

/** Views are a dashboard feature: signed-in agents and admins (the routes check it too). */
function checkViewerKind(principal: Principal): void {
  if (principal.kind !== 'user' || !isStaff(principal)) {
    throw new ForbiddenError('Saved views belong to signed-in agents and admins');
  }
}

/** Shared views are the admins'. @throws ForbiddenError naming `visibility`. */
function checkMayShare(principal: Principal, visibility: SavedViewVisibility | undefined): void {
  if (visibility !== undefined && visibility !== 'personal' && principal.role !== 'ADMIN') {
    throw new ForbiddenError('Only admins share views', [
      { path: 'visibility', message: 'agents save personal views' },
    ]);
  }
}

/**
 * The saved-views service: `list`, `builtIn`, `counts`, `create`, `update`, `remove`, each
 * taking the calling principal first; every query is scoped to the principal's organization and
 * to the views they see.
 */
export function createSavedViewsService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  /** The views `principal` sees (see the file comment), in no particular order. */
  function visibleRows(db: Db, principal: Principal): Promise<SavedViewRow[]> {
    return listVisibleViews(db, {
      userId: principal.id,
      organizationId: principal.organizationId,
      allGroups: principal.role === 'ADMIN',
    });
  }

  /**
   * The view `id` as `principal` may change it. @throws NotFoundError (not seen),
   * ForbiddenError (a shared view, for an agent).
   */
  async function findEditable(db: Db, principal: Principal, id: string): Promise<SavedViewRow> {
    const row = await findOrganizationView(db, principal.organizationId, id);
    if (!row) throw new NotFoundError('Saved view');
    if (row.visibility === 'personal' && row.userId !== principal.id) {
      throw new NotFoundError('Saved view');
    }
    if (row.visibility === 'group' && principal.role !== 'ADMIN') {
      const groups = await findMemberGroupIds(db, principal.id);
      if (!row.groupId || !groups.includes(row.groupId)) throw new NotFoundError('Saved view');
    }
    if (!canEdit(principal, row)) throw new ForbiddenError('Only admins change shared views');
    return row;
  }

  /** @throws ValidationError on `groupId` when it is not a group of the organization. */
  async function checkGroup(db: Db, principal: Principal, groupId: string | null | undefined) {
    if (!groupId) return;
    if (!(await groupExists(db, principal.organizationId, groupId))) {
      throw new ValidationError('No such group in this organization', [
        { path: 'groupId', message: 'not a group of this organization' },
      ]);
    }
  }

  /** The creator's other view with this name in any case, if any (callers hold lockUserViews). */
  async function findSameName(tx: Db, creatorId: string, name: string, exceptId?: string) {
    const rows = await findViewIdsByNameIgnoringCase(tx, creatorId, name);
    return rows.find((r) => r.id !== exceptId) ?? null;
  }

  /** The views the caller sees, by name (case-insensitive), then id. */
  /**
   * The `cf.<key>` filters of `filters`, checked against the organization's custom fields (the
   * list's own check, custom-fields module customFieldFilterMatch), so a view never stores a
   * filter its list would refuse. @throws ValidationError naming `filters.cf.<key>`
   */
  async function checkCustomFieldFilters(
    principal: Principal,
    filters: SavedViewFilters,
  ): Promise<void> {
    const parsed = ListTicketsQuerySchema.safeParse(filters);
    if (!parsed.success || !parsed.data.customFields) return;
    try {
      await customFieldFilterMatch(prisma, principal, parsed.data.customFields);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw new ValidationError(
        'Some custom field filters are not valid',
        (error.errors ?? []).map((e) => ({ path: `filters.${e.path}`, message: e.message })),
      );
    }
  }

  /**
   * `query` with its `cf.<key>` filters resolved for the counts (ticket-list.repository.ts
   * ResolvedListQuery); null when one no longer fits a field (deleted, or its options changed):
   * such a view is left out of the counts, as any view whose filters the list refuses.
   */
  async function withCustomFieldMatch(
    principal: Principal,
    query: ListTicketsQuery,
  ): Promise<ListTicketsQuery | null> {
    if (!query.customFields) return query;
    try {
      const customFieldMatch = await customFieldFilterMatch(prisma, principal, query.customFields);
      return { ...query, customFieldMatch } as ListTicketsQuery;
    } catch (error) {
      if (error instanceof ValidationError) return null;
      throw error;
    }
  }

  async function list(principal: Principal): Promise<SavedViewList> {
    checkViewerKind(principal);
    const rows = await visibleRows(prisma, principal);
    rows.sort(
      (a, b) =>
        a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) ||
        a.id.localeCompare(b.id),
    );
    return { data: rows.map((row) => toSavedView(principal, row)) };
  }

  /** The built-in views (built-in-views.ts) with their filters as of now. */
  function builtIn(principal: Principal): BuiltInViewList {
    checkViewerKind(principal);
    return { data: builtInViews() };
  }

  /**
   * How many tickets each view the caller sees would list for them (built-in first, then the
   * saved ones by name): the list's own conditions and visibility (ticket-list.repository.ts
   * ticketListConditions), each count stopping past VIEW_COUNT_CAP (`capped`). One statement.
   * A stored view whose filters the list no longer accepts is left out.
   * @throws AppError 503 `counts_timeout` when the statement runs past COUNTS_TIMEOUT_MS.
   */
  async function counts(principal: Principal): Promise<SavedViewCounts> {
    checkViewerKind(principal);
    const now = new Date();
    const views: { id: string; filters: unknown }[] = [
      ...builtInViews(now),
      ...(await list(principal)).data,
    ];
    const queries: { viewId: string; query: ListTicketsQuery }[] = [];
    for (const view of views) {
      const parsed = viewListQuery(view.filters);
      if (!parsed) continue;
      const query = await withCustomFieldMatch(principal, parsed);
      if (query) queries.push({ viewId: view.id, query });
    }
    let found: number[];
    try {
      found = await countTicketsCapped(
        prisma,
        principal,
        queries.map((q) => q.query),
        { cap: VIEW_COUNT_CAP, now, statementTimeoutMs: COUNTS_TIMEOUT_MS },
      );
    } catch (error) {
      if (
        /57014|statement timeout/i.test(String((error as Error)?.message) + JSON.stringify(error))
      ) {
        throw new AppError(
          503,
          'counts_timeout',
          'Counting took too long',
          'A view searches too much text to count in time; narrow its search.',
          undefined,
          { 'Retry-After': '5' },
        );
      }
      throw error;
    }
    return {
      data: queries.map((q, index) => {
        const n = found[index] ?? 0;
        return n > VIEW_COUNT_CAP
          ? { viewId: q.viewId, count: VIEW_COUNT_CAP, capped: true }
          : { viewId: q.viewId, count: n, capped: false };
      }),
    };
  }

  /**
   * Saves a view for the caller. @throws ForbiddenError (an agent sharing), ValidationError
   * (`groupId` not of the organization), ConflictError `saved_view_exists` (same name, any case)
   * or `too_many_saved_views`.
   */
  async function create(principal: Principal, input: CreateSavedViewInput): Promise<SavedView> {
    checkViewerKind(principal);
    checkMayShare(principal, input.visibility);
    await checkCustomFieldFilters(principal, input.filters);
    try {
      const row = await prisma.$transaction(async (tx) => {
        await checkGroup(tx, principal, input.groupId);
        await lockUserViews(tx, principal.id);
        if (await findSameName(tx, principal.id, input.name)) throw viewExists(input.name);
        const count = await countOwnedViews(tx, {
          userId: principal.id,
          organizationId: principal.organizationId,
        });
        if (count >= MAX_VIEWS_PER_USER) {
          throw new ConflictError(
            `You have ${MAX_VIEWS_PER_USER} saved views already; delete one first`,
            'too_many_saved_views',
          );
        }
        return insertView(
          tx,
          { userId: principal.id, organizationId: principal.organizationId },
          {
            name: input.name,
            filters: input.filters,
            visibility: input.visibility,
            groupId: input.visibility === 'group' ? (input.groupId ?? null) : null,
            columns: input.columns,
          },
        );
      });
      return toSavedView(principal, row);
    } catch (error) {
      if (isUniqueViolation(error)) throw viewExists(input.name);
      throw error;
    }
  }

  /**
   * Changes a view's name, filters, columns or visibility. @throws NotFoundError (not seen),
   * ForbiddenError (an agent and a shared view or sharing; an admin making another's shared view
   * personal), ValidationError (`groupId`), ConflictError `saved_view_exists`.
   */
  async function update(
    principal: Principal,
    id: string,
    input: UpdateSavedViewInput,
  ): Promise<SavedView> {
    checkViewerKind(principal);
    checkMayShare(principal, input.visibility);
    if (input.filters) await checkCustomFieldFilters(principal, input.filters);
    try {
      const row = await prisma.$transaction(async (tx) => {
        const before = await findEditable(tx, principal, id);
        if (input.visibility === 'personal' && before.userId !== principal.id) {
          throw new ForbiddenError('Only its creator can make a shared view personal', [
            { path: 'visibility', message: 'not your view' },
          ]);
        }
        await checkGroup(tx, principal, input.groupId);
        await lockUserViews(tx, before.userId);
        if (input.name !== undefined && (await findSameName(tx, before.userId, input.name, id))) {
          throw viewExists(input.name);
        }
        return updateView(tx, id, {
          name: input.name,
          filters: input.filters,
          columns: input.columns,
          visibility: input.visibility,
          groupId:
            input.visibility === undefined
              ? undefined
              : input.visibility === 'group'
                ? (input.groupId ?? null)
                : null,
        });
      });
      return toSavedView(principal, row);
    } catch (error) {
      if (isUniqueViolation(error)) throw viewExists(input.name ?? '');
      throw error;
    }
  }

  /** Deletes a view. @throws NotFoundError (not seen), ForbiddenError (shared, for an agent). */
  async function remove(principal: Principal, id: string): Promise<void> {
    checkViewerKind(principal);
    await prisma.$transaction(async (tx) => {
      await findEditable(tx, principal, id);
      const count = await deleteView(tx, principal.organizationId, id);
      if (count === 0) throw new NotFoundError('Saved view');
    });
  }

  return { list, builtIn, counts, create, update, remove };
}

export type SavedViewsService = ReturnType<typeof createSavedViewsService>;
