import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AnyTicket } from '@docket/server/contract/tickets';
import { api } from '@/lib/api-client';
import { chatKeys } from '@/lib/query-keys';

/**
 * `POST /api/tickets/:ticketId/chats` `{chatId}`: links the chat to an existing ticket (200 with
 * the ticket; linking twice changes nothing). 404 for a ticket or chat outside the organization.
 */
export function linkChatToTicket(ticketId: string, chatId: string) {
  return api.post<AnyTicket>(`/tickets/${encodeURIComponent(ticketId)}/chats`, { chatId });
}

/** Links this chat to the ticket given; refreshes the chat and the inbox. */
export function useLinkChatToTicket(chatId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ticketId: string) => linkChatToTicket(ticketId, chatId),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: chatKeys.detail(chatId) }),
        queryClient.invalidateQueries({ queryKey: chatKeys.lists() }),
      ]),
  });
}
