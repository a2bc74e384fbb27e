import type { TicketListFilters } from '../utils/list-search-params';

/**
 * Query keys of the tickets feature, general to specific, so one call can invalidate a whole
 * family (every list, every detail) or a single entry.
 */
export const ticketKeys = {
  all: ['tickets'] as const,
  lists: () => [...ticketKeys.all, 'list'] as const,
  list: (filters: TicketListFilters) => [...ticketKeys.lists(), filters] as const,
  details: () => [...ticketKeys.all, 'detail'] as const,
  /** `id` as in the address: the reference (TKT-00042), number or uuid. */
  detail: (id: string) => [...ticketKeys.details(), id] as const,
  /** A ticket's conversation, by the ticket's uuid. */
  responses: (ticketId: string) => [...ticketKeys.all, 'responses', ticketId] as const,
};
