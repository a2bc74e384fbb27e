import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TicketList } from '@docket/server/contract/tickets';
import { api } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

/** How many matches the "link to a ticket" picker offers. */
export const TICKET_SEARCH_LIMIT = 10;

/**
 * `GET /api/tickets?q=…&limit=10`: tickets matching a reference (TKT-00042), an email or words
 * (the API's full-text search), most recently updated first.
 */
export function searchTickets(q: string, { signal }: { signal?: AbortSignal } = {}) {
  return api.get<TicketList>('/tickets', {
    params: { q, limit: TICKET_SEARCH_LIMIT, sortBy: 'updatedAt', sortOrder: 'desc' },
    signal,
  });
}

/** Tickets for the picker; nothing is asked until `q` (trimmed) has at least 2 characters. */
export function useTicketSearch(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: ticketKeys.search({ q: query }),
    queryFn: ({ signal }) => searchTickets(query, { signal }),
    enabled: query.length >= 2,
    placeholderData: keepPreviousData,
  });
}
