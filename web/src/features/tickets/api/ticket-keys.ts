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
  /** A ticket's activity (audit log), by the ticket's uuid. */
  activity: (ticketId: string) => [...ticketKeys.all, 'activity', ticketId] as const,
  /** The other tickets of a requester (by email), for the ticket page's requester card. */
  requesterTickets: (email: string) => [...ticketKeys.all, 'requester', email] as const,
  /** Chats linked to tickets, by chat uuid (for the ticket page's linked chats). */
  linkedChat: (chatId: string) => [...ticketKeys.all, 'linked-chat', chatId] as const,
  /** What the ticket page's controls offer: the organization's staff and categories. */
  staff: () => [...ticketKeys.all, 'staff'] as const,
  categories: () => [...ticketKeys.all, 'categories'] as const,
};
