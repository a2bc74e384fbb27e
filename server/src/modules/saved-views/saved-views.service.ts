/**
 * Saved views of the ticket list (docs/product.md "Dashboard": saved views; Zendesk's personal views):
 * each belongs to one signed-in agent or admin, who alone lists, renames, changes and deletes it.
 * - Another user's view, or another organization's, is 404 (its existence is nobody else's
 *   business), never 403.
 * - Names are unique per user whatever their case (409 `saved_view_exists`): "My open" and "my
 *   open" would be the same entry in a menu. The database's unique index is case-sensitive, so
 *   the check runs in the write's transaction under a per-user advisory lock.
 * - At most MAX_VIEWS_PER_USER views per user (409 `too_many_saved_views`).
 * - Filters are validated by the routes' schema (saved-views.schemas.ts); they are stored as sent.
 */
import { isUniqueViolation } from '../../lib/db-errors.js';
import type { Db, PrismaClient } from '../../lib/db.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import type {
  CreateSavedViewInput,
  SavedView,
  SavedViewFilters,
  SavedViewList,
  UpdateSavedViewInput,
} from './saved-views.schemas.js';
import {
  countOwnedViews,
  deleteOwnedView,
  findOwnedView,
  findViewIdsByNameIgnoringCase,
  insertView,
  listOwnedViews,
  lockUserViews,
  updateView,
  type SavedViewRow,
  type ViewOwner,
} from './saved-views.repository.js';

/** A generous cap: a menu of more views than this is no longer a shortcut. */
export const MAX_VIEWS_PER_USER = 100;

/** The API shape of a saved view. */
function toSavedView(row: SavedViewRow): SavedView {
  return {
    id: row.id,
    name: row.name,
    filters: row.filters as SavedViewFilters,
    createdAt: row.createdAt.toISOString(),
  };
}

const viewExists = (name: string) =>
  new ConflictError(
    `You already have a view named "${name}" (names ignore case)`,
    'saved_view_exists',
  );

/**
 * The caller's other view with this name in any case, if any. Callers hold lockUserViews (one
 * user's view writes serialized until the transaction ends: name check, then write).
 */
async function findSameName(tx: Db, principal: Principal, name: string, exceptId?: string) {
  const rows = await findViewIdsByNameIgnoringCase(tx, principal.id, name);
  return rows.find((r) => r.id !== exceptId) ?? null;
}

/** Views are a dashboard feature: signed-in agents and admins (the routes check it too). */
function checkOwnerKind(principal: Principal): void {
  if (principal.kind !== 'user' || !isStaff(principal)) {
    throw new ForbiddenError('Saved views belong to signed-in agents and admins');
  }
}

/**
 * The saved-views service: `list`, `create`, `update`, `remove`, each taking the calling
 * principal first; every query is scoped to the principal's own views in its organization.
 */
export function createSavedViewsService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;
  const ownedBy = (principal: Principal): ViewOwner => ({
    userId: principal.id,
    organizationId: principal.organizationId,
  });

  async function findOwned(db: Db, principal: Principal, id: string): Promise<SavedViewRow> {
    const row = await findOwnedView(db, ownedBy(principal), id);
    if (!row) throw new NotFoundError('Saved view');
    return row;
  }

  /** The caller's views, by name (case-insensitive), then id. */
  async function list(principal: Principal): Promise<SavedViewList> {
    checkOwnerKind(principal);
    const rows = await listOwnedViews(prisma, ownedBy(principal));
    rows.sort(
      (a, b) =>
        a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) ||
        a.id.localeCompare(b.id),
    );
    return { data: rows.map(toSavedView) };
  }

  /**
   * Saves a view for the caller.
   * @throws ConflictError `saved_view_exists` (same name, any case) or `too_many_saved_views`.
   */
  async function create(principal: Principal, input: CreateSavedViewInput): Promise<SavedView> {
    checkOwnerKind(principal);
    try {
      const row = await prisma.$transaction(async (tx) => {
        await lockUserViews(tx, principal.id);
        if (await findSameName(tx, principal, input.name)) throw viewExists(input.name);
        const count = await countOwnedViews(tx, ownedBy(principal));
        if (count >= MAX_VIEWS_PER_USER) {
          throw new ConflictError(
            `You have ${MAX_VIEWS_PER_USER} saved views already; delete one first`,
            'too_many_saved_views',
          );
        }
        return insertView(tx, ownedBy(principal), { name: input.name, filters: input.filters });
      });
      return toSavedView(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw viewExists(input.name);
      throw error;
    }
  }

  /**
   * Renames a view and/or replaces its filters. @throws NotFoundError (not the caller's),
   * ConflictError `saved_view_exists`.
   */
  async function update(
    principal: Principal,
    id: string,
    input: UpdateSavedViewInput,
  ): Promise<SavedView> {
    checkOwnerKind(principal);
    try {
      const row = await prisma.$transaction(async (tx) => {
        await lockUserViews(tx, principal.id);
        await findOwned(tx, principal, id);
        if (input.name !== undefined && (await findSameName(tx, principal, input.name, id))) {
          throw viewExists(input.name);
        }
        return updateView(tx, id, { name: input.name, filters: input.filters });
      });
      return toSavedView(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw viewExists(input.name ?? '');
      throw error;
    }
  }

  /** Deletes one of the caller's views. @throws NotFoundError (not the caller's). */
  async function remove(principal: Principal, id: string): Promise<void> {
    checkOwnerKind(principal);
    const count = await deleteOwnedView(prisma, ownedBy(principal), id);
    if (count === 0) throw new NotFoundError('Saved view');
  }

  return { list, create, update, remove };
}

export type SavedViewsService = ReturnType<typeof createSavedViewsService>;
