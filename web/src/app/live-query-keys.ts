/**
 * The query keys a live notice invalidates (features/live), taken from the key factories of the
 * features that own those queries. Composed here because features do not import each other.
 */
import { chatKeys } from '@/features/chats/api/chat-keys';
import type { LiveQueryKeys } from '@/features/live';
import { statsKeys } from '@/features/stats/api/stats-keys';
import { ticketKeys } from '@/features/tickets/api/ticket-keys';

export const liveQueryKeys: LiveQueryKeys = {
  tickets: ticketKeys,
  chats: chatKeys,
  stats: statsKeys,
};
