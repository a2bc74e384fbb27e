/**
 * Groups (teams), routing and availability (docs/api.md "Groups and routing", docs/product.md
 * "Groups and routing"): the organization's groups over `/api/groups` (listed by staff; created,
 * changed and deleted by admins), the signed-in agent's availability over `/api/me/availability`,
 * and a ticket's suggested agents (`GET /api/tickets/:id/suggested-agents`).
 */
import {
  keepPreviousData,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  Availability,
  CreateGroupBody,
  Group,
  GroupList,
  SuggestedAgentList,
  UpdateGroupBody,
} from '@docket/server/contract/groups';
import { api, apiRequest } from '@/lib/api-client';
import { groupKeys, ticketKeys } from '@/lib/query-keys';

/**
 * A ticket's suggested agents by its uuid and the version they were read at; under
 * `ticketKeys.all`, so a change to the tickets' cache reaches them too.
 */
export const suggestedAgentKeys = {
  detail: (ticketId: string, version: number) =>
    [...ticketKeys.all, 'suggested-agents', ticketId, version] as const,
};

/** `GET /api/groups`: `{data: Group[]}` by name (not paginated). Staff only: customers get 403. */
export function groupsQueryOptions() {
  return queryOptions({
    queryKey: groupKeys.list(),
    queryFn: ({ signal }) => api.get<GroupList>('/groups', { signal }),
  });
}

/** The organization's groups, each with its members, their load and its queue. */
export function useGroups() {
  return useQuery(groupsQueryOptions());
}

function useInvalidateGroups() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: groupKeys.lists() });
}

/**
 * `POST /api/groups` (201 with the group), then refetches the list. 400 names the fields
 * (`errors[].path`, e.g. `members.0.userId` for someone who is not an active agent), 409
 * `group_exists` for a name already taken.
 */
export function useCreateGroup() {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: (body: CreateGroupBody) => api.post<Group>('/groups', body),
    onSuccess: invalidate,
  });
}

/** `PATCH /api/groups/:id` with any field of the create (`members` replaces the list). */
export function useUpdateGroup() {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateGroupBody }) =>
      api.patch<Group>(`/groups/${encodeURIComponent(id)}`, body),
    onSuccess: invalidate,
  });
}

/** `DELETE /api/groups/:id` (204; its tickets keep no group), then refetches the list. */
export function useDeleteGroup() {
  const invalidate = useInvalidateGroups();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<void>(`/groups/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: async () => {
      await invalidate();
      await queryClient.invalidateQueries({ queryKey: ticketKeys.all });
    },
  });
}

/** `GET /api/me/availability`: `{status: 'available' | 'away'}` (signed-in agents and admins). */
export function useMyAvailability(enabled = true) {
  return useQuery({
    queryKey: groupKeys.availability(),
    queryFn: ({ signal }) => api.get<{ status: Availability }>('/me/availability', { signal }),
    enabled,
  });
}

/**
 * `PUT /api/me/availability` `{status}` → `{status}`: away, routing gives the caller nothing
 * (and groups that return tickets on away take theirs back); the answer is cached at once and the
 * groups and tickets are read again.
 */
export function useSetMyAvailability() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: Availability) =>
      apiRequest<{ status: Availability }>('/me/availability', {
        method: 'PUT',
        body: { status },
      }),
    onSuccess: (answer) => {
      queryClient.setQueryData(groupKeys.availability(), answer);
      void queryClient.invalidateQueries({ queryKey: groupKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
    },
  });
}

/**
 * `GET /api/tickets/:id/suggested-agents` (`{requiredSkills, data}` best first) for the ticket
 * with uuid `ticketId`, read again whenever its `version` changes.
 */
export function useSuggestedAgents(ticketId: string, version: number) {
  return useQuery({
    queryKey: suggestedAgentKeys.detail(ticketId, version),
    queryFn: ({ signal }) =>
      api.get<SuggestedAgentList>(`/tickets/${encodeURIComponent(ticketId)}/suggested-agents`, {
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

/**
 * `PATCH /api/tickets/:id {assigneeId}` with `If-Match` (the version on screen): assigns a
 * suggested agent. 409 `assignee_not_in_group` when they are not a member of the ticket's group,
 * 412 when the ticket moved on. The tickets' cache is read again afterwards.
 */
export function useAssignSuggested(ticketId: string, version: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (assigneeId: string) =>
      api.patch<unknown>(
        `/tickets/${encodeURIComponent(ticketId)}`,
        { assigneeId },
        { headers: { 'If-Match': `"${version}"` } },
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
  });
}
