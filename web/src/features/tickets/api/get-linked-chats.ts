import { useQueries } from '@tanstack/react-query';
import type { ChatWithMessages } from '@docket/server/contract/chats';
import { api } from '@/lib/api-client';
import { chatKeys } from '@/lib/query-keys';

/**
 * The chats linked to a ticket (its origin chat first, then the others), each by
 * GET /api/chats/:id. A ticket links to a handful of chats at most, so one request each is fine.
 */
export function useLinkedChats(chatIds: readonly string[]) {
  return useQueries({
    queries: chatIds.map((chatId) => ({
      queryKey: chatKeys.detail(chatId),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<ChatWithMessages>(`/chats/${encodeURIComponent(chatId)}`, { signal }),
    })),
  });
}
