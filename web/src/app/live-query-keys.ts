/**
 * The query keys a live notice invalidates (features/live): the very factories of lib/query-keys.ts
 * through which the tickets', chats' and statistics' pages read, so a notice reaches every cache
 * entry of that resource and nothing else.
 */
import type { LiveQueryKeys } from '@/features/live';
import { chatKeys, statsKeys, ticketKeys, userNotificationKeys } from '@/lib/query-keys';

export const liveQueryKeys: LiveQueryKeys = {
  tickets: ticketKeys,
  chats: chatKeys,
  stats: statsKeys,
  notifications: userNotificationKeys,
};
