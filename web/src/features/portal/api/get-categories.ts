import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Category, CategoryList } from '@docket/server/contract';
import { api } from '@/lib/api-client';
import { portalKeys } from './portal-keys';

/**
 * GET /api/categories: the organization's active categories, by name (docs/product.md "Ticket":
 * "category (from the organization's list)"), for the create form's choice.
 */
export async function getCategories({ signal }: { signal?: AbortSignal } = {}): Promise<
  Category[]
> {
  const list = await api.get<CategoryList>('/categories', { signal });
  return list.data;
}

/** The organization's active categories as a query (`portalKeys.categories`). */
export function categoriesQueryOptions() {
  return queryOptions({
    queryKey: portalKeys.categories(),
    queryFn: ({ signal }) => getCategories({ signal }),
    // Admins rarely change the list; a few minutes old is fine for a form.
    staleTime: 5 * 60_000,
  });
}

/** The organization's active categories, by name, for the create form. */
export function useCategories() {
  return useQuery(categoriesQueryOptions());
}
