import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TicketList } from '@docket/server/contract/tickets';
import { api } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

/** How many of a requester's tickets the requester card lists (the newest). */
export const REQUESTER_TICKETS_LIMIT = 6;

/**
 * The newest tickets of the requester with this email (GET /api/tickets?requesterEmail=…, by
 * last update), guests included, for the ticket page's requester card.
 */
export function requesterTicketsQueryOptions(email: string) {
  return queryOptions({
    queryKey: ticketKeys.requester(email.toLowerCase()),
    queryFn: ({ signal }) =>
      api.get<TicketList>('/tickets', {
        params: {
          requesterEmail: email.toLowerCase(),
          sortBy: 'updatedAt',
          sortOrder: 'desc',
          // One more than shown: the current ticket is left out of the card.
          limit: REQUESTER_TICKETS_LIMIT + 1,
        },
        signal,
      }),
  });
}

export function useRequesterTickets(email: string) {
  return useQuery({ ...requesterTicketsQueryOptions(email), enabled: email !== '' });
}
