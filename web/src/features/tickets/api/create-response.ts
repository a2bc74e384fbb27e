import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateResponseBody, TicketResponse } from '@docket/server/contract';
import { api } from '@/lib/api-client';
import { ticketKeys } from './ticket-keys';

export function createResponse(
  ticketId: string,
  body: CreateResponseBody,
): Promise<TicketResponse> {
  return api.post<TicketResponse>(`/tickets/${encodeURIComponent(ticketId)}/responses`, body);
}

/** Posts a public reply or an internal note on the ticket with this uuid. */
export function useCreateResponse(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateResponseBody) => createResponse(ticketId, body),
    onSuccess: async () => {
      // A response can change the ticket too (status, first response, updated at), so the
      // ticket and the lists are refreshed along with the conversation. The conversation is
      // awaited: the composer clears its draft once the new response is on screen.
      void queryClient.invalidateQueries({ queryKey: ticketKeys.details() });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      await queryClient.invalidateQueries({ queryKey: ticketKeys.responses(ticketId) });
    },
  });
}
