import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AnyTicket, TicketFromChatInput } from '@docket/server/contract/tickets';
import { api } from '@/lib/api-client';
import { chatKeys } from '@/lib/query-keys';

/**
 * `POST /api/tickets/from-chat/:chatId` (docs/product.md "Chats and the chat-to-ticket flow"): 201 with a
 * new ticket (requester from the chat, transcript as description, HIGH when escalated, assigned
 * to the caller, linked both ways), or 200 with the ticket already made from this chat.
 */
export function createTicketFromChat(chatId: string, body: Partial<TicketFromChatInput> = {}) {
  return api.post<AnyTicket>(`/tickets/from-chat/${encodeURIComponent(chatId)}`, body);
}

/** Makes (or finds) the chat's ticket; refreshes the chat and the inbox, which list its tickets. */
export function useCreateTicketFromChat(chatId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<TicketFromChatInput> = {}) => createTicketFromChat(chatId, body),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: chatKeys.detail(chatId) }),
        queryClient.invalidateQueries({ queryKey: chatKeys.lists() }),
      ]),
  });
}
