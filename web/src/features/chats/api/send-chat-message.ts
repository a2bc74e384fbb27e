import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChatMessage, ChatWithMessages } from '@docket/server/contract/chats';
import { api } from '@/lib/api-client';
import { chatKeys } from '@/lib/query-keys';

/**
 * `POST /api/chats/:id/messages` `{senderType: 'agent', content}`: the signed-in agent writes in
 * the chat (1–10,000 characters once trimmed); 201 with the message, named after the agent. The
 * first agent to answer an unassigned chat takes it. 409 `chat_closed` on a closed chat.
 */
export function sendChatMessage(chatId: string, content: string) {
  return api.post<ChatMessage>(`/chats/${encodeURIComponent(chatId)}/messages`, {
    senderType: 'agent',
    content,
  });
}

/**
 * Sends the agent's message; the message shows at once in the cached chat (the live notice that
 * follows refetches it with any change of agent), and the inbox refreshes (its order and last
 * message follow).
 */
export function useSendChatMessage(chatId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (content: string) => sendChatMessage(chatId, content),
    onSuccess: (message) => {
      queryClient.setQueryData<ChatWithMessages>(chatKeys.detail(chatId), (chat) =>
        chat && !chat.messages.some((m) => m.id === message.id)
          ? { ...chat, messages: [...chat.messages, message] }
          : chat,
      );
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: chatKeys.detail(chatId) }),
        queryClient.invalidateQueries({ queryKey: chatKeys.lists() }),
      ]);
    },
  });
}
