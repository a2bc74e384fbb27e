import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { TicketResponse } from '@docket/server/contract';
import { api } from '@/lib/api-client';
import { portalKeys } from './portal-keys';

/**
 * POST /api/tickets/:id/responses as the requester: a public reply (`isInternal` is never sent;
 * the server refuses it from customers). 201 with the response; 409 `ticket_closed` on a CLOSED
 * ticket; a reply to a RESOLVED or WAITING_ON_CUSTOMER ticket reopens it to OPEN (SPEC.md).
 */
export function replyToTicket(ticketId: string, content: string): Promise<TicketResponse> {
  return api.post<TicketResponse>(`/tickets/${encodeURIComponent(ticketId)}/responses`, {
    content,
  });
}

/**
 * `send(content)` for the portal's reply form: posts, then reloads the ticket (its status may
 * have reopened), its history (awaited, so the draft clears once the reply shows), the lists
 * and the counts.
 */
export function useReplyToTicket(ticketId: string): (content: string) => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(
    async (content: string) => {
      await replyToTicket(ticketId, content);
      void queryClient.invalidateQueries({ queryKey: portalKeys.details() });
      void queryClient.invalidateQueries({ queryKey: portalKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: portalKeys.counts() });
      await queryClient.invalidateQueries({ queryKey: portalKeys.history(ticketId) });
    },
    [queryClient, ticketId],
  );
}
