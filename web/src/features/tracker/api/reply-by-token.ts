import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { PublicReplyBody, TicketResponse } from '@docket/server/contract';
import { api } from '@/lib/api-client';
import { trackerKeys } from './tracker-keys';

/**
 * POST /api/public/tickets/:token/responses (API.md "Public"): the requester's public reply
 * through a tracking link; 201 with the response. A reply to a RESOLVED or WAITING_ON_CUSTOMER
 * ticket reopens it (SPEC.md "Ticket"). Fails with an ApiError: 409 `ticket_closed`, 404/410 as
 * for the view, 429 `rate_limited` with `retryAfterSeconds`, 400 naming `content`.
 */
export function replyByToken(token: string, body: PublicReplyBody): Promise<TicketResponse> {
  return api.post<TicketResponse>(`/public/tickets/${encodeURIComponent(token)}/responses`, body);
}

/**
 * `send(content)` for the reply form of a tracking-link page: posts the reply, then reloads the
 * page's view (the new reply, and the status it may have reopened) before resolving, so the
 * form clears its draft once the reply is on screen.
 */
export function useReplyByToken(token: string): (content: string) => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(
    async (content: string) => {
      await replyByToken(token, { content });
      await queryClient.invalidateQueries({ queryKey: trackerKeys.link(token) });
    },
    [queryClient, token],
  );
}
