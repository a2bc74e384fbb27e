import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Category, CategoryList } from '@docket/server/contract/categories';
import { api } from '@/lib/api-client';
import { categoryKeys } from '@/lib/query-keys';

/**
 * GET /api/categories: the organization's active categories, by name (docs/product.md "Ticket":
 * "category (from the organization's list)"), for the create form's choice.
 */
export function getCategories({ signal }: { signal?: AbortSignal } = {}): Promise<CategoryList> {
  return api.get<CategoryList>('/categories', { signal });
}

/**
 * The organization's active categories as a query (`categoryKeys.list`): the cache holds the
 * API's answer, shared with the dashboard's form; the portal selects the rows.
 */
export function categoriesQueryOptions() {
  return queryOptions({
    queryKey: categoryKeys.list({}),
    queryFn: ({ signal }) => getCategories({ signal }),
    select: (list): Category[] => list.data,
    // Admins rarely change the list; a few minutes old is fine for a form.
    staleTime: 5 * 60_000,
  });
}

/** The organization's active categories, by name, for the create form. */
export function useCategories() {
  return useQuery(categoriesQueryOptions());
}
