/**
 * Ticket categories (docs/product.md "Ticket": a ticket's category comes "from the organization's list";
 * roles table: admins manage categories, API keys never do). Everyone in the organization may list
 * the active ones: customers pick one on the portal's create form.
 * - Names are unique in the organization whatever their case (409 `category_exists`): "Refund"
 *   and "refund" would be the same choice to a person. The database's unique index is
 *   case-sensitive, so creates and renames of one organization take a transaction-scoped advisory
 *   lock and check under it.
 * - Deleting deactivates: tickets keep their category, new tickets can no longer use it
 *   (tickets.service accepts active categories only).
 * Every query is scoped by the caller's organization: another organization's category is 404.
 */
import { isUniqueViolation } from '../../lib/db-errors.js';
import { isUuid } from '../../lib/cursor.js';
import type { Db, PrismaClient } from '../../lib/db.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import type {
  Category,
  CategoryList,
  CreateCategoryInput,
  ListCategoriesQuery,
  UpdateCategoryInput,
} from './categories.schemas.js';
import {
  deactivateCategory,
  findCategoryIdsByNameIgnoringCase,
  findCategoryInOrganization,
  insertCategory,
  listCategories,
  lockCategoryNames,
  updateCategory,
  type CategoryChanges,
  type CategoryRow,
} from './categories.repository.js';

/** The API shape of a category. */
export function toCategory(row: CategoryRow): Category {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const categoryExists = (name: string) =>
  new ConflictError(
    `A category named "${name}" already exists (names ignore case)`,
    'category_exists',
  );

/**
 * Another category of the organization with this name in any case, if there is one. Callers
 * hold lockCategoryNames (the transaction-scoped advisory lock of the organization's names), so
 * that this check and the write cannot interleave with another's.
 */
async function findSameName(tx: Db, organizationId: string, name: string, exceptId?: string) {
  const rows = await findCategoryIdsByNameIgnoringCase(tx, organizationId, name);
  return rows.find((r) => r.id !== exceptId) ?? null;
}

/**
 * The categories service: `list`, `create`, `update`, `deactivate`, each taking the calling
 * principal first and scoped to its organization.
 */
export function createCategoriesService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  async function findInOrganization(
    db: Db,
    principal: Principal,
    id: string,
  ): Promise<CategoryRow> {
    if (!isUuid(id)) throw new NotFoundError('Category');
    const row = await findCategoryInOrganization(db, principal.organizationId, id.toLowerCase());
    if (!row) throw new NotFoundError('Category');
    return row;
  }

  /**
   * The organization's categories by name: active ones, plus deactivated ones when
   * `includeInactive` (staff only: customers cannot use them).
   * @throws ForbiddenError (path `includeInactive`) for a customer asking for deactivated ones.
   */
  async function list(principal: Principal, query: ListCategoriesQuery): Promise<CategoryList> {
    if (query.includeInactive && !isStaff(principal)) {
      throw new ForbiddenError('Only agents and admins see deactivated categories', [
        { path: 'includeInactive', message: 'for agents and admins only' },
      ]);
    }
    const rows = await listCategories(prisma, principal.organizationId, query.includeInactive);
    return { data: rows.map(toCategory) };
  }

  /**
   * Creates an active category. @throws ConflictError `category_exists` when the organization
   * has one of that name in any case (active or not: reactivate it with PATCH instead).
   */
  async function create(principal: Principal, input: CreateCategoryInput): Promise<Category> {
    const organizationId = principal.organizationId;
    try {
      const row = await prisma.$transaction(async (tx) => {
        await lockCategoryNames(tx, organizationId);
        if (await findSameName(tx, organizationId, input.name)) throw categoryExists(input.name);
        return insertCategory(tx, {
          organizationId,
          name: input.name,
          description: input.description || null,
        });
      });
      return toCategory(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw categoryExists(input.name);
      throw error;
    }
  }

  /**
   * Renames, describes, deactivates or reactivates a category. A rename shows on every ticket of
   * the category (tickets refer to it by id).
   * @throws NotFoundError, ConflictError `category_exists` (another category has the new name)
   */
  async function update(
    principal: Principal,
    id: string,
    input: UpdateCategoryInput,
  ): Promise<Category> {
    const organizationId = principal.organizationId;
    try {
      const row = await prisma.$transaction(async (tx) => {
        if (input.name !== undefined) await lockCategoryNames(tx, organizationId);
        const current = await findInOrganization(tx, principal, id);
        if (
          input.name !== undefined &&
          (await findSameName(tx, organizationId, input.name, current.id))
        ) {
          throw categoryExists(input.name);
        }
        const data: CategoryChanges = {};
        if (input.name !== undefined) data.name = input.name;
        if (input.description !== undefined) data.description = input.description || null;
        if (input.isActive !== undefined) data.isActive = input.isActive;
        return updateCategory(tx, current.id, data);
      });
      return toCategory(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw categoryExists(input.name ?? '');
      throw error;
    }
  }

  /**
   * Deactivates a category (`DELETE /api/categories/:id`): it leaves the lists and new tickets
   * cannot use it; existing tickets keep it. Idempotent. @throws NotFoundError
   */
  async function deactivate(principal: Principal, id: string): Promise<void> {
    const current = await findInOrganization(prisma, principal, id);
    if (current.isActive) {
      await deactivateCategory(prisma, current.id);
    }
  }

  return { list, create, update, deactivate };
}

export type CategoriesService = ReturnType<typeof createCategoriesService>;
