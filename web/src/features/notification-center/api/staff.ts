/**
 * The organization's active staff, for @mentions (docs/product.md "Mentions"): `GET
 * /api/users?role=AGENT,ADMIN&isActive=true&limit=100`, the first 100 by name.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { OrganizationUserList } from '@docket/server/contract/users';
import { api } from '@/lib/api-client';
import { userKeys } from '@/lib/query-keys';

const params = { role: 'AGENT,ADMIN', isActive: 'true', limit: 100 };

function staffQueryOptions() {
  return queryOptions({
    queryKey: userKeys.list(params),
    queryFn: ({ signal }) => api.get<OrganizationUserList>('/users', { params, signal }),
    staleTime: 5 * 60_000,
  });
}

/** The active agents and admins `{id, name}`, fetched only while `enabled`. */
export function useMentionableStaff(enabled: boolean) {
  return useQuery({
    ...staffQueryOptions(),
    enabled,
    select: (list) => list.data.map((user) => ({ id: user.id, name: user.name })),
  });
}
