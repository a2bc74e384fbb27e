/**
 * Accepting an invitation (docs/api.md "Invitations"): what the link offers, then the new
 * account, signed in.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LoginResponse } from '@docket/server/contract/auth';
import type { AcceptInvitationBody, InvitationPreview } from '@docket/server/contract/accounts';
import { api } from '@/lib/api-client';
import { authKeys } from '@/lib/query-keys';
import { setSession } from '@/lib/session';

/** `GET /api/invitations/accept?token=`: 400 naming `token` when the link no longer works. */
export function getInvitationPreview(token: string, { signal }: { signal?: AbortSignal } = {}) {
  return api.get<InvitationPreview>('/invitations/accept', { params: { token }, signal });
}

export function invitationPreviewQueryOptions(token: string) {
  return queryOptions({
    queryKey: [...authKeys.all, 'invitation', token] as const,
    queryFn: ({ signal }) => getInvitationPreview(token, { signal }),
    retry: false,
  });
}

export function useInvitationPreview(token: string) {
  return useQuery({ ...invitationPreviewQueryOptions(token), enabled: token !== '' });
}

/** `POST /api/invitations/accept`: 201 with a session for the new user. */
export function acceptInvitation(body: AcceptInvitationBody) {
  return api.post<LoginResponse>('/invitations/accept', body);
}

export function useAcceptInvitation({
  onSuccess,
}: { onSuccess?: (response: LoginResponse) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: acceptInvitation,
    onSuccess: (response) => {
      queryClient.clear();
      setSession(response.accessToken, response.expiresIn);
      queryClient.setQueryData(authKeys.me(), response.user);
      onSuccess?.(response);
    },
  });
}
