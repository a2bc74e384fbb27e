import type { ChatFilters } from '../utils/chat-filters';

/**
 * Query keys of the chats feature, general to specific (TkDodo's "Effective React Query Keys"):
 * `all` (everything about chats), `lists()` (every inbox page, whatever its filters),
 * `list(filters)`, `detail(id)` (one chat with its messages). Mutations and live events
 * invalidate through them.
 */
export const chatKeys = {
  all: ['chats'] as const,
  lists: () => [...chatKeys.all, 'list'] as const,
  list: (filters: ChatFilters) => [...chatKeys.lists(), filters] as const,
  details: () => [...chatKeys.all, 'detail'] as const,
  /** One chat by its uuid (as in the address `/chats/:chatId`). */
  detail: (id: string) => [...chatKeys.details(), id] as const,
  /** The short summary (reference, subject) of a ticket a chat is linked to, by ticket uuid. */
  linkedTicket: (ticketId: string) => [...chatKeys.all, 'linked-ticket', ticketId] as const,
  /** Tickets matching what the agent typed in the "link to a ticket" search. */
  ticketSearch: (q: string) => [...chatKeys.all, 'ticket-search', q] as const,
};
