import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CategoryList } from '@docket/server/contract/categories';
import type { OrganizationUser, OrganizationUserList } from '@docket/server/contract/users';
import { api } from '@/lib/api-client';
import { categoryKeys, userKeys } from '@/lib/query-keys';

/** The user list's query parameters that select who may be assigned a ticket. */
const STAFF_PARAMS = { role: 'AGENT,ADMIN', isActive: 'true' } as const;

/**
 * The organization's active agents and admins (GET /api/users?role=AGENT,ADMIN&isActive=true,
 * every page): who a ticket may be assigned to (the server refuses anyone else, 400 on
 * `assigneeId`).
 */
export async function getStaff({ signal }: { signal?: AbortSignal } = {}): Promise<
  OrganizationUser[]
> {
  const staff: OrganizationUser[] = [];
  let cursor: string | null = null;
  do {
    const page: OrganizationUserList = await api.get<OrganizationUserList>('/users', {
      params: { ...STAFF_PARAMS, limit: 100, cursor },
      signal,
    });
    staff.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return staff;
}

export function staffQueryOptions() {
  return queryOptions({
    queryKey: userKeys.list(STAFF_PARAMS),
    queryFn: ({ signal }) => getStaff({ signal }),
    staleTime: 5 * 60_000,
  });
}

export function useStaff() {
  return useQuery(staffQueryOptions());
}

/** The organization's active categories (GET /api/categories), by name. */
export function categoriesQueryOptions() {
  return queryOptions({
    queryKey: categoryKeys.list({}),
    queryFn: ({ signal }) => api.get<CategoryList>('/categories', { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useCategories() {
  return useQuery(categoriesQueryOptions());
}
