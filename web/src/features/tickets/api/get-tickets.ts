import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { TicketList } from '@docket/server/contract/tickets';
import { api } from '@/lib/api-client';
import {
  apiFiltersFromFilters,
  listStatuses,
  type TicketListFilters,
} from '../utils/list-search-params';
import { ticketKeys } from '@/lib/query-keys';

export const TICKETS_PAGE_SIZE = 25;

/**
 * GET /api/tickets: one page (TICKETS_PAGE_SIZE) of the list `filters` describe, after `cursor`
 * (keyset pagination: `nextCursor` of the previous page; null for the first). Without a status
 * filter it asks for the unsolved statuses (`listStatuses`: the inbox's default).
 */
export function getTickets({
  filters,
  cursor,
  signal,
}: {
  filters: TicketListFilters;
  cursor?: string | null;
  signal?: AbortSignal;
}): Promise<TicketList> {
  return api.get<TicketList>('/tickets', {
    params: {
      ...apiFiltersFromFilters(filters),
      status: listStatuses(filters).join(','),
      sortBy: filters.sortBy,
      sortOrder: filters.sortOrder,
      limit: TICKETS_PAGE_SIZE,
      cursor,
    },
    signal,
  });
}

/** The list as an infinite query: each page's `nextCursor` fetches the next ("Load more"). */
export function ticketsQueryOptions(filters: TicketListFilters) {
  return infiniteQueryOptions({
    queryKey: ticketKeys.list(filters),
    queryFn: ({ pageParam, signal }) => getTickets({ filters, cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function useTickets(filters: TicketListFilters) {
  return useInfiniteQuery(ticketsQueryOptions(filters));
}
