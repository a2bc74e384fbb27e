/**
 * The admins' invitations (docs/api.md "Invitations"): pending ones, invite, resend, revoke.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateInvitationBody,
  Invitation,
  InvitationList,
} from '@docket/server/contract/accounts';
import { api, apiRequest } from '@/lib/api-client';
import { invitationKeys } from '@/lib/query-keys';

/** `GET /api/invitations`: pending invitations, newest first. */
export function getInvitations({ signal }: { signal?: AbortSignal } = {}) {
  return api.get<InvitationList>('/invitations', { signal });
}

export function invitationsQueryOptions() {
  return queryOptions({
    queryKey: invitationKeys.list(),
    queryFn: ({ signal }) => getInvitations({ signal }),
  });
}

export function useInvitations() {
  return useQuery(invitationsQueryOptions());
}

/** `POST /api/invitations`: 201; 409 when the email is already a user's. */
export function createInvitation(body: CreateInvitationBody) {
  return api.post<Invitation>('/invitations', body);
}

/** `POST /api/invitations/:id/resend`: a new link; the old one stops working. */
export function resendInvitation(id: string) {
  return api.post<Invitation>(`/invitations/${encodeURIComponent(id)}/resend`, {});
}

/** `DELETE /api/invitations/:id`: 204; the link stops working. */
export function revokeInvitation(id: string) {
  return apiRequest<void>(`/invitations/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

function useInvalidatingMutation<A, R>(mutationFn: (arg: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: invitationKeys.all }),
  });
}

export const useCreateInvitation = () => useInvalidatingMutation(createInvitation);
export const useResendInvitation = () => useInvalidatingMutation(resendInvitation);
export const useRevokeInvitation = () => useInvalidatingMutation(revokeInvitation);
