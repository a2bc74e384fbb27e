import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AnyTicket, CreateTicketBody } from '@docket/server/contract';
import { api } from '@/lib/api-client';
import { ticketKeys } from './ticket-keys';

export function createTicket(body: CreateTicketBody): Promise<AnyTicket> {
  return api.post<AnyTicket>('/tickets', body);
}

export function useCreateTicket({ onSuccess }: { onSuccess?: (ticket: AnyTicket) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTicket,
    onSuccess: (ticket) => {
      // The ticket page opens by reference: it finds the new ticket already in the cache.
      queryClient.setQueryData(ticketKeys.detail(ticket.reference), ticket);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      onSuccess?.(ticket);
    },
  });
}
