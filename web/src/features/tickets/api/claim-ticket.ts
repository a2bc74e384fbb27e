import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { User } from '@docket/server/contract/auth';
import type { AnyTicket } from '@docket/server/contract/tickets';
import { api } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

/**
 * POST /api/tickets/:id/claim or /unclaim (docs/product.md "Roles": claim is atomic; a ticket another
 * agent claimed first answers 409 `already_claimed`; unclaiming a ticket not yours, 409
 * `not_assignee`). `ticketId` is the uuid or the reference. @returns the ticket after the change.
 */
export function claimTicket(ticketId: string, action: 'claim' | 'unclaim'): Promise<AnyTicket> {
  return api.post<AnyTicket>(`/tickets/${encodeURIComponent(ticketId)}/${action}`);
}

/**
 * Claims or releases the ticket cached under `ticketKeys.detail(detailId)` for `user`,
 * optimistically: the assignee changes at once (and a NEW ticket shows OPEN after a claim, as the
 * server does) and is restored if the server refuses.
 */
export function useClaimTicket(detailId: string, user: Pick<User, 'id' | 'name'>) {
  const queryClient = useQueryClient();
  const key = ticketKeys.detail(detailId);
  return useMutation({
    mutationFn: (action: 'claim' | 'unclaim') =>
      claimTicket(queryClient.getQueryData<AnyTicket>(key)?.id ?? detailId, action),
    onMutate: async (action) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<AnyTicket>(key);
      if (previous) {
        const next =
          action === 'claim'
            ? {
                ...previous,
                assignee: { id: user.id, name: user.name },
                status: previous.status === 'NEW' ? ('OPEN' as const) : previous.status,
              }
            : { ...previous, assignee: null };
        queryClient.setQueryData<AnyTicket>(key, next as AnyTicket);
      }
      return { previous };
    },
    onError: (_error, _action, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSuccess: (ticket) => queryClient.setQueryData(key, ticket),
    onSettled: (ticket) => {
      const id = ticket?.id ?? queryClient.getQueryData<AnyTicket>(key)?.id;
      if (id) void queryClient.invalidateQueries({ queryKey: ticketKeys.activity(id) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
    },
  });
}
