/**
 * Ticket categories of an organization (docs/product.md "Ticket": "category (from the organization's
 * list)"; roles table "manage … categories": admins): requests and the whitelisted answer.
 */
import { z } from 'zod';
import { Timestamp } from '../../lib/common.schemas.js';

/** A ticket category as every role sees it. */
export const CategorySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    isActive: z.boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Category' });
export type Category = z.output<typeof CategorySchema>;

/** GET /api/categories answer: `{data}`, by name (short lists: not paginated). */
export const CategoryListSchema = z
  .object({ data: z.array(CategorySchema) })
  .meta({ id: 'CategoryList' });
export type CategoryList = z.output<typeof CategoryListSchema>;

/** GET /api/categories query: `includeInactive=true` (staff only) adds deactivated categories. */
export const ListCategoriesQuerySchema = z.strictObject({
  includeInactive: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false)
    .describe('Also list deactivated categories (agents and admins only)'),
});
export type ListCategoriesQuery = z.output<typeof ListCategoriesQuerySchema>;

const CategoryName = z.string().trim().min(1).max(100);
const CategoryDescription = z.string().trim().max(500);

/** POST /api/categories body. The name is unique in the organization, whatever its case. */
export const CreateCategoryBodySchema = z
  .strictObject({
    name: CategoryName,
    description: CategoryDescription.optional(),
  })
  .meta({ id: 'CreateCategoryBody' });
export type CreateCategoryBody = z.input<typeof CreateCategoryBodySchema>;
export type CreateCategoryInput = z.output<typeof CreateCategoryBodySchema>;

/** PATCH /api/categories/:id body: at least one field; `description: null` clears it. */
export const UpdateCategoryBodySchema = z
  .strictObject({
    name: CategoryName.optional(),
    description: CategoryDescription.nullable().optional(),
    isActive: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'give at least one field to change',
  })
  .meta({ id: 'UpdateCategoryBody' });
export type UpdateCategoryBody = z.input<typeof UpdateCategoryBodySchema>;
export type UpdateCategoryInput = z.output<typeof UpdateCategoryBodySchema>;

/** `:id` of category routes; anything that is not a category of the caller's organization is 404. */
export const CategoryIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
