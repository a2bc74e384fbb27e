import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CategoryList } from '@docket/server/contract/categories';
import type { GroupList } from '@docket/server/contract/groups';
import type { OrganizationUser, OrganizationUserList } from '@docket/server/contract/users';
import { api } from '@/lib/api-client';
import { categoryKeys, groupKeys, userKeys } from '@/lib/query-keys';

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

/**
 * The organization's groups (GET /api/groups, by name; staff restricted to groups see theirs):
 * the groups a ticket may belong to. Shares its cache entry with the groups admin page.
 */
export function groupsQueryOptions() {
  return queryOptions({
    queryKey: groupKeys.list(),
    queryFn: ({ signal }) => api.get<GroupList>('/groups', { signal }),
    staleTime: 60_000,
  });
}

/** The groups a ticket may be put in, for the ticket page, the list's filter and the bulk bar. */
export function useTicketGroups() {
  return useQuery(groupsQueryOptions());
}
