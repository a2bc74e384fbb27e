/**
 * The unread markers (docs/api.md "Unread markers"): `POST /api/tickets/:id/seen` when an agent
 * opens a ticket, so it is no longer unread for them in the list.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

/**
 * Tells the server that the signed-in agent has opened ticket `ticketId` (uuid or reference),
 * once per ticket shown and again when the ticket changes while it is open (`version`: a
 * customer's reply seen on screen is seen); then the ticket lists refetch their markers. Errors
 * are ignored: a marker left on is harmless.
 */
export function useMarkTicketSeen(ticketId: string | undefined, version?: number): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!ticketId) return;
    const controller = new AbortController();
    api
      .post<void>(`/tickets/${encodeURIComponent(ticketId)}/seen`, undefined, {
        signal: controller.signal,
      })
      .then(() => queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }))
      .catch(() => {});
    return () => controller.abort();
  }, [queryClient, ticketId, version]);
}
