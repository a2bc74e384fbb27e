import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ChatWithMessages } from '@docket/server/contract/chats';
import { api } from '@/lib/api-client';
import { chatKeys } from '@/lib/query-keys';

/** `GET /api/chats/:id`: the chat with its messages, oldest first; 404 outside the organization. */
export function getChat(id: string, { signal }: { signal?: AbortSignal } = {}) {
  return api.get<ChatWithMessages>(`/chats/${encodeURIComponent(id)}`, { signal });
}

/** Query options of one chat (key `chatKeys.detail(id)`). */
export function chatQueryOptions(id: string) {
  return queryOptions({
    queryKey: chatKeys.detail(id),
    queryFn: ({ signal }) => getChat(id, { signal }),
  });
}

/** One chat with its conversation, for the chat page. */
export function useChat(id: string) {
  return useQuery(chatQueryOptions(id));
}
