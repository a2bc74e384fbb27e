import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Chat, ChatWithMessages, UpdateChatBody } from '@docket/server/contract/chats';
import { api } from '@/lib/api-client';
import { chatKeys } from '@/lib/query-keys';

/**
 * `PATCH /api/chats/:id` with any of `{status, escalated, agentId}`: close or reopen the chat,
 * assign it to an active agent or admin of the organization, or unassign it (`agentId: null`).
 * 200 with the chat; 400 naming `agentId` for someone who may not take chats.
 */
export function updateChat(chatId: string, body: UpdateChatBody) {
  return api.patch<Chat>(`/chats/${encodeURIComponent(chatId)}`, body);
}

/** Changes the chat; its page shows the answer at once, and the inbox refreshes. */
export function useUpdateChat(chatId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateChatBody) => updateChat(chatId, body),
    onSuccess: (chat) => {
      queryClient.setQueryData<ChatWithMessages>(chatKeys.detail(chatId), (cached) =>
        cached ? { ...cached, ...chat } : cached,
      );
      return queryClient.invalidateQueries({ queryKey: chatKeys.lists() });
    },
  });
}
