/**
 * The admins' user management (docs/product.md roles table "manage users": admins only), over
 * `/api/users`. An admin cannot demote or deactivate themselves: the server answers 409
 * `self_lockout`, whose message the page shows as it is (that rule is what keeps an organization
 * from losing its last admin).
 */
import {
  infiniteQueryOptions,
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  CreateUserBody,
  OrganizationUser,
  OrganizationUserList,
  UpdateUserBody,
} from '@docket/server/contract/users';
import { api, apiRequest } from '@/lib/api-client';
import { userKeys } from '@/lib/query-keys';

export const USERS_PAGE_SIZE = 50;

/** `GET /api/users?q&limit&cursor`: the organization's users by name, a keyset page. */
export function getUsers({
  q,
  cursor,
  signal,
}: {
  q: string;
  cursor?: string | null;
  signal?: AbortSignal;
}) {
  return api.get<OrganizationUserList>('/users', {
    params: { q: q.trim() || undefined, limit: USERS_PAGE_SIZE, cursor },
    signal,
  });
}

/** Infinite query of the users list (key `userKeys.list({ q: q })`); "Load more" follows the cursor. */
export function usersQueryOptions(q: string) {
  return infiniteQueryOptions({
    queryKey: userKeys.list({ q: q.trim() }),
    queryFn: ({ pageParam, signal }) => getUsers({ q, cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useUsers(q: string) {
  return useInfiniteQuery(usersQueryOptions(q));
}

/** `POST /api/users`: 201 with the user; 409 `email_taken` (an address of this organization) or `email_unavailable` (not usable; says no more); 400 names the invalid fields. */
export function createUser(body: CreateUserBody) {
  return api.post<OrganizationUser>('/users', body);
}

/** `PATCH /api/users/:id`: role, name, active flag…; 409 `self_lockout` for oneself. */
export function updateUser(id: string, body: UpdateUserBody) {
  return api.patch<OrganizationUser>(`/users/${encodeURIComponent(id)}`, body);
}

/** `DELETE /api/users/:id`: deactivates (204); 409 `self_lockout` for oneself. */
export function deactivateUser(id: string) {
  return apiRequest<void>(`/users/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: userKeys.all });
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({ mutationFn: createUser, onSuccess: invalidate });
}

export function useUpdateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUserBody }) => updateUser(id, body),
    onSettled: invalidate,
  });
}

export function useDeactivateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({ mutationFn: deactivateUser, onSettled: invalidate });
}
