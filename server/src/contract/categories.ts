/** Ticket categories (docs/api.md "Administration"). */
export {
  CreateCategoryBodySchema,
  type Category,
  type CategoryList,
  type CreateCategoryBody,
  type UpdateCategoryBody,
} from '../modules/categories/categories.schemas.js';
