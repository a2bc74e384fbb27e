/**
 * The admins' category management (docs/product.md "Ticket": category from the organization's list),
 * over `/api/categories`: create, rename, deactivate (the server's DELETE: tickets keep their
 * category, new tickets cannot use it) and reactivate. Names are unique in the organization,
 * whatever their case (409 `category_exists`).
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Category,
  CategoryList,
  CreateCategoryBody,
  UpdateCategoryBody,
} from '@docket/server/contract/categories';
import { api, apiRequest } from '@/lib/api-client';
import { categoryKeys } from '@/lib/query-keys';

/** `GET /api/categories?includeInactive=true`: every category by name, deactivated ones too. */
export function getAllCategories({ signal }: { signal?: AbortSignal } = {}) {
  return api.get<CategoryList>('/categories', { params: { includeInactive: 'true' }, signal });
}

export function categoriesQueryOptions() {
  return queryOptions({
    queryKey: categoryKeys.list({ includeInactive: true }),
    queryFn: ({ signal }) => getAllCategories({ signal }),
  });
}

export function useAllCategories() {
  return useQuery(categoriesQueryOptions());
}

/** `POST /api/categories`: 201 with the category; 409 `category_exists`. */
export function createCategory(body: CreateCategoryBody) {
  return api.post<Category>('/categories', body);
}

/** `PATCH /api/categories/:id`: rename, describe, reactivate (`isActive: true`). */
export function updateCategory(id: string, body: UpdateCategoryBody) {
  return api.patch<Category>(`/categories/${encodeURIComponent(id)}`, body);
}

/** `DELETE /api/categories/:id`: deactivates the category (204). */
export function deactivateCategory(id: string) {
  return apiRequest<void>(`/categories/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

function useInvalidateCategories() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: categoryKeys.all });
}

export function useCreateCategory() {
  const invalidate = useInvalidateCategories();
  return useMutation({ mutationFn: createCategory, onSuccess: invalidate });
}

export function useUpdateCategory() {
  const invalidate = useInvalidateCategories();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateCategoryBody }) =>
      updateCategory(id, body),
    onSettled: invalidate,
  });
}

export function useDeactivateCategory() {
  const invalidate = useInvalidateCategories();
  return useMutation({ mutationFn: deactivateCategory, onSettled: invalidate });
}
