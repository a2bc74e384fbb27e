import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { clearSession } from '@/lib/session';

/**
 * Sign-out is local: the token is a short-lived JWT the server does not track. Clearing the
 * session sends the guarded routes to the sign-in page; clearing the cache leaves no data behind.
 */
export function useSignOut(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => {
    clearSession();
    queryClient.clear();
  }, [queryClient]);
}
