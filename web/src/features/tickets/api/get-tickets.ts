import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { TicketList } from '@docket/server/contract';
import { api } from '@/lib/api-client';
import type { TicketListFilters } from '../utils/list-search-params';
import { ticketKeys } from './ticket-keys';

export const TICKETS_PAGE_SIZE = 25;

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
      status: filters.status,
      priority: filters.priority,
      assigneeId: filters.assigneeId,
      sortBy: filters.sortBy,
      sortOrder: filters.sortOrder,
      limit: TICKETS_PAGE_SIZE,
      cursor,
    },
    signal,
  });
}

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
