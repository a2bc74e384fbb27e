import { useQuery } from '@tanstack/react-query';
import type { Profile } from '@docket/server/contract/me';
import { api } from '@/lib/api-client';
import { profileKeys } from '@/lib/query-keys';

/**
 * The signed-in staff member's signature (Markdown; `GET /api/me`, the profile's query: one
 * cache entry), or null without one. The server appends it to a public reply sent with
 * `appendSignature: true`; the composer only says so. `enabled`: staff only.
 */
export function useMySignature(enabled: boolean) {
  return useQuery({
    queryKey: profileKeys.me(),
    queryFn: ({ signal }) => api.get<Profile>('/me', { signal }),
    staleTime: 5 * 60_000,
    retry: false,
    enabled,
    select: (profile) => profile.signature?.trim() || null,
  });
}
