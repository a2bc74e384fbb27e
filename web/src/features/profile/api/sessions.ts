/**
 * The signed-in person's sessions (docs/api.md "Auth"): `GET /api/me/sessions`,
 * `DELETE /api/me/sessions/:id` (sign one out) and `POST /api/me/sessions/revoke-all` ("sign
 * out everywhere", this session included: the local session then ends too).
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionList } from '@docket/server/contract/auth';
import { api, apiRequest } from '@/lib/api-client';
import { profileKeys } from '@/lib/query-keys';
import { clearSession } from '@/lib/session';

export function sessionsQueryOptions() {
  return queryOptions({
    queryKey: profileKeys.sessions(),
    queryFn: ({ signal }) => api.get<SessionList>('/me/sessions', { signal }),
  });
}

export function useSessions() {
  return useQuery(sessionsQueryOptions());
}

/** `DELETE /api/me/sessions/:id` → 204; the list is read again. */
export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<void>(`/me/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: profileKeys.sessions() }),
  });
}

/**
 * `POST /api/me/sessions/revoke-all` → 204: every session ends, this one too, so the local
 * session and the cache are cleared and the guarded routes go to sign-in.
 */
export function useSignOutEverywhere() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<void>('/me/sessions/revoke-all', { method: 'POST' }),
    onSuccess: () => {
      clearSession();
      queryClient.clear();
    },
  });
}
