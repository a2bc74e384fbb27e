import { queryOptions, useQuery } from '@tanstack/react-query';
import type { OrganizationUser, OrganizationUserList } from '@docket/server/contract/users';
import { api } from '@/lib/api-client';
import { userKeys } from '@/lib/query-keys';

/** The user list's query parameters that select who may take a chat. */
const STAFF_PARAMS = { role: 'AGENT,ADMIN', isActive: 'true' } as const;

/**
 * The organization's active agents and admins (`GET /api/users?role=AGENT,ADMIN&isActive=true`,
 * every page): who a chat may be assigned to (the server refuses anyone else, 400 on `agentId`).
 * Same request, same cache entry as the ticket page's assignee list.
 */
export async function getChatAgents({ signal }: { signal?: AbortSignal } = {}): Promise<
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

/** Who may take a chat, for the chat page's "Assigned to" choice. */
export function useChatAgents() {
  return useQuery(
    queryOptions({
      queryKey: userKeys.list(STAFF_PARAMS),
      queryFn: ({ signal }) => getChatAgents({ signal }),
      staleTime: 5 * 60_000,
    }),
  );
}
