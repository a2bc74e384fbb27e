import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { CustomerTicket, TicketList } from '@docket/server/contract/tickets';
import { api } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';
import { STATUSES_OF_GROUP, type StatusGroup } from '../utils/status-groups';

export const MY_TICKETS_PAGE_SIZE = 20;

/** A page of the requester's tickets (the server scopes a customer's list to their own). */
export type MyTicketsPage = { data: CustomerTicket[]; nextCursor: string | null };

/** The list's query parameters for `group` (all statuses when null), without the cursor. */
function myTicketsParams(group: StatusGroup | null) {
  return {
    status: group ? STATUSES_OF_GROUP[group] : undefined,
    sortBy: 'updatedAt',
    sortOrder: 'desc',
    limit: MY_TICKETS_PAGE_SIZE,
  } as const;
}

/**
 * GET /api/tickets for the signed-in requester: their own tickets (the server's scope for a
 * customer), in the statuses of `group` (all when null), most recently updated first, one page
 * of MY_TICKETS_PAGE_SIZE after `cursor`.
 */
export async function getMyTickets({
  group,
  cursor,
  signal,
}: {
  group: StatusGroup | null;
  cursor?: string | null;
  signal?: AbortSignal;
}): Promise<MyTicketsPage> {
  const page = await api.get<TicketList>('/tickets', {
    params: { ...myTicketsParams(group), cursor },
    signal,
  });
  // A customer's list holds customer views only (CustomerTicketSchema on the server).
  return page as MyTicketsPage;
}

/** The requester's tickets in `group` as pages following `nextCursor` (`ticketKeys.list`). */
export function myTicketsQueryOptions(group: StatusGroup | null) {
  return infiniteQueryOptions({
    queryKey: ticketKeys.list(myTicketsParams(group)),
    queryFn: ({ pageParam, signal }) => getMyTickets({ group, cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

/** The requester's tickets in `group` (null: all), a page at a time. */
export function useMyTickets(group: StatusGroup | null) {
  return useInfiniteQuery(myTicketsQueryOptions(group));
}
