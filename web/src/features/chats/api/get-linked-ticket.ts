import { useQuery } from '@tanstack/react-query';
import type { AnyTicket } from '@docket/server/contract';
import { api } from '@/lib/api-client';
import { chatKeys } from './chat-keys';

/** What the chat page shows of a linked ticket: its reference, subject and status. */
export type LinkedTicketSummary = Pick<AnyTicket, 'id' | 'reference' | 'subject' | 'status'>;

/** `GET /api/tickets/:id` by uuid, kept to the fields the chat page shows. */
export async function getLinkedTicket(
  ticketId: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<LinkedTicketSummary> {
  const ticket = await api.get<AnyTicket>(`/tickets/${encodeURIComponent(ticketId)}`, { signal });
  return {
    id: ticket.id,
    reference: ticket.reference,
    subject: ticket.subject,
    status: ticket.status,
  };
}

/** A ticket a chat is linked to (the chat only carries ticket uuids). */
export function useLinkedTicket(ticketId: string) {
  return useQuery({
    queryKey: chatKeys.linkedTicket(ticketId),
    queryFn: ({ signal }) => getLinkedTicket(ticketId, { signal }),
  });
}
