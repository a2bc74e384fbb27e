import { queryOptions, useQuery } from '@tanstack/react-query';
import type { User } from '@docket/server/contract/auth';
import { api } from '@/lib/api-client';
import { useSessionToken } from '@/lib/session';
import { authKeys } from '@/lib/query-keys';

export function getMe({ signal }: { signal?: AbortSignal } = {}): Promise<User> {
  return api.get<User>('/auth/me', { signal });
}

export function meQueryOptions() {
  return queryOptions({
    queryKey: authKeys.me(),
    queryFn: ({ signal }) => getMe({ signal }),
    // Who is signed in changes only by signing in or out, and both update this entry.
    staleTime: Infinity,
  });
}

/** The signed-in user, fetched only while there is a session. */
export function useMe() {
  const token = useSessionToken();
  return useQuery({ ...meQueryOptions(), enabled: token !== null });
}
