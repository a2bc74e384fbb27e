import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LoginBody, LoginResponse } from '@docket/server/contract/auth';
import { api } from '@/lib/api-client';
import { setSession } from '@/lib/session';
import { authKeys } from '@/lib/query-keys';

export function signIn(body: LoginBody): Promise<LoginResponse> {
  return api.post<LoginResponse>('/auth/login', body);
}

export function useSignIn({ onSuccess }: { onSuccess?: (response: LoginResponse) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (response) => {
      // Nothing cached for a previous user may show through to this one.
      queryClient.clear();
      setSession(response.accessToken, response.expiresIn);
      queryClient.setQueryData(authKeys.me(), response.user);
      onSuccess?.(response);
    },
  });
}
