import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { apiRequest } from '@/lib/api-client';
import { clearSession } from '@/lib/session';

/** `POST /api/auth/logout`: ends this session on the server and clears its refresh cookie. */
export function signOut(): Promise<void> {
  return apiRequest<void>('/auth/logout', { method: 'POST' });
}

/**
 * Signs out: the server ends the session (its access token stops working, the refresh cookie is
 * cleared), then the local session and the cache are cleared whatever the answer (offline, an
 * already ended session), so the guarded routes go to sign-in and no data is left behind.
 */
export function useSignOut(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => {
    void signOut()
      .catch(() => undefined)
      .finally(() => {
        clearSession();
        queryClient.clear();
      });
  }, [queryClient]);
}
