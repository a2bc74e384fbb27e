/**
 * The `saved_views` table (docs/decisions/0005-repositories.md): each function takes the client
 * or a transaction client first and returns rows, `null` for a view that is not there; the rules
 * (whose views, case-insensitive names, the cap) are saved-views.service.ts's.
 */
import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../lib/db.js';

const viewSelect = {
  id: true,
  name: true,
  filters: true,
  createdAt: true,
} satisfies Prisma.SavedViewSelect;
/** A saved view as the API shows it, before its filters are typed and its date formatted. */
export type SavedViewRow = Prisma.SavedViewGetPayload<{ select: typeof viewSelect }>;

/** Whose views: the user and their organization (every query is scoped by both). */
export interface ViewOwner {
  userId: string;
  organizationId: string;
}

/**
 * Takes the transaction-scoped advisory lock on the views of `userId`: held until the
 * transaction ends, it serializes that user's name checks and writes.
 */
export async function lockUserViews(tx: Db, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`saved-views:${userId}`}, 0))`;
}

/** The ids of the user's views named `name` in any case (`lower(name)`). */
export function findViewIdsByNameIgnoringCase(
  db: Db,
  userId: string,
  name: string,
): Promise<{ id: string }[]> {
  return db.$queryRaw<{ id: string }[]>`
    SELECT id FROM saved_views
    WHERE "userId" = ${userId}::uuid AND lower(name) = lower(${name})`;
}

/** The view `id` of `owner`, or null. */
export function findOwnedView(db: Db, owner: ViewOwner, id: string): Promise<SavedViewRow | null> {
  return db.savedView.findFirst({
    where: { id, ...owner },
    select: viewSelect,
  });
}

/** The views of `owner`, in no particular order. */
export function listOwnedViews(db: Db, owner: ViewOwner): Promise<SavedViewRow[]> {
  return db.savedView.findMany({
    where: owner,
    select: viewSelect,
  });
}

/** How many views `owner` has. */
export function countOwnedViews(db: Db, owner: ViewOwner): Promise<number> {
  return db.savedView.count({ where: owner });
}

/** Inserts a view of `owner`. Throws the database's unique violation for a name taken as written. */
export function insertView(
  db: Db,
  owner: ViewOwner,
  view: { name: string; filters: Prisma.InputJsonValue },
): Promise<SavedViewRow> {
  return db.savedView.create({
    data: { ...owner, name: view.name, filters: view.filters },
    select: viewSelect,
  });
}

/** Renames the view `id` and/or replaces its filters (left out: kept); returns it after. */
export function updateView(
  db: Db,
  id: string,
  changes: { name?: string; filters?: Prisma.InputJsonValue },
): Promise<SavedViewRow> {
  return db.savedView.update({
    where: { id },
    data: {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.filters !== undefined ? { filters: changes.filters } : {}),
    },
    select: viewSelect,
  });
}

/** Deletes the view `id` of `owner`; returns how many rows went (0 or 1). */
export async function deleteOwnedView(db: Db, owner: ViewOwner, id: string): Promise<number> {
  const { count } = await db.savedView.deleteMany({ where: { id, ...owner } });
  return count;
}
