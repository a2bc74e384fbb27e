/**
 * The `categories` table (docs/decisions/0005-repositories.md): each function takes the client or
 * a transaction client first and returns rows, `null` for a category that is not there; the
 * rules (case-insensitive names, who may see deactivated ones) are categories.service.ts's.
 */
import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../lib/db.js';

const categorySelect = {
  id: true,
  name: true,
  description: true,
  isActive: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.CategorySelect;
/** A category as the API shows it, before its dates are formatted. */
export type CategoryRow = Prisma.CategoryGetPayload<{ select: typeof categorySelect }>;

/**
 * Takes the transaction-scoped advisory lock on the category names of `organizationId`: held
 * until the transaction ends, it serializes the name checks and writes of that organization.
 */
export async function lockCategoryNames(tx: Db, organizationId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`categories:${organizationId}`}, 0))`;
}

/**
 * The ids of the organization's categories named `name` in any case (`lower(name)`), at most
 * one row.
 */
export function findCategoryIdsByNameIgnoringCase(
  db: Db,
  organizationId: string,
  name: string,
): Promise<{ id: string }[]> {
  return db.$queryRaw<{ id: string }[]>`
    SELECT id FROM categories
    WHERE "organizationId" = ${organizationId}::uuid AND lower(name) = lower(${name})
    LIMIT 1`;
}

/** The category `id` (already lower-cased) of `organizationId`, or null. */
export function findCategoryInOrganization(
  db: Db,
  organizationId: string,
  id: string,
): Promise<CategoryRow | null> {
  return db.category.findFirst({
    where: { id, organizationId },
    select: categorySelect,
  });
}

/** The organization's categories by name then id: the active ones, or all when `includeInactive`. */
export function listCategories(
  db: Db,
  organizationId: string,
  includeInactive: boolean,
): Promise<CategoryRow[]> {
  return db.category.findMany({
    where: {
      organizationId,
      ...(includeInactive ? {} : { isActive: true }),
    },
    select: categorySelect,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
}

/** A new category's columns (it starts active). */
export interface NewCategory {
  organizationId: string;
  name: string;
  description: string | null;
}

/** Inserts a category. Throws the database's unique violation for a name taken as written. */
export function insertCategory(db: Db, category: NewCategory): Promise<CategoryRow> {
  return db.category.create({ data: category, select: categorySelect });
}

/** The columns of a category that an update may change (those left out keep their value). */
export interface CategoryChanges {
  name?: string;
  description?: string | null;
  isActive?: boolean;
}

/** Applies `changes` to the category `id` and returns it after them. */
export function updateCategory(db: Db, id: string, changes: CategoryChanges): Promise<CategoryRow> {
  return db.category.update({ where: { id }, data: changes, select: categorySelect });
}

/** Marks the category `id` inactive. */
export async function deactivateCategory(db: Db, id: string): Promise<void> {
  await db.category.update({ where: { id }, data: { isActive: false } });
}
