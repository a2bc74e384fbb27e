/**
 * Presence on a ticket page (`GET|PUT|DELETE /api/tickets/:id/presence`, server
 * modules/live): who else is viewing or replying, and this person's own heartbeat.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PresenceState, TicketPresence } from '@docket/server/contract/live';
import { API_BASE, apiRequest } from '@/lib/api-client';
import { getSessionToken } from '@/lib/session';
import { presenceKeys } from '@/lib/query-keys';

type PresenceList = { data: TicketPresence[] };

const presencePath = (ticketId: string) => `/tickets/${encodeURIComponent(ticketId)}/presence`;

/** The others on ticket `ticketId` (uuid); kept current by the live stream, not by polling. */
export function presenceQueryOptions(ticketId: string) {
  return queryOptions({
    queryKey: presenceKeys.detail(ticketId),
    queryFn: ({ signal }) =>
      apiRequest<PresenceList>(presencePath(ticketId), { signal }).then((r) => r.data),
    staleTime: Infinity,
  });
}

/** The presence list of ticket `ticketId` (uuid) as a query: `data` is `TicketPresence[]`. */
export function usePresence(ticketId: string) {
  return useQuery(presenceQueryOptions(ticketId));
}

/** `PUT …/presence {state}`: the heartbeat; resolves with the others on the ticket. */
export function reportPresence(ticketId: string, state: PresenceState): Promise<TicketPresence[]> {
  return apiRequest<PresenceList>(presencePath(ticketId), { method: 'PUT', body: { state } }).then(
    (r) => r.data,
  );
}

/**
 * `DELETE …/presence`, sent with `keepalive` so that it still goes out while the page unloads
 * (closing the tab); failures are ignored (the presence then expires by itself after 40 s).
 */
export function leavePresence(ticketId: string): void {
  const token = getSessionToken();
  if (!token) return;
  void fetch(`${API_BASE}${presencePath(ticketId)}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${token}` },
    keepalive: true,
  }).catch(() => {});
}
