import { useQuery } from '@tanstack/react-query';
import type { AnyTicket } from '@docket/server/contract/tickets';
import { api } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

/** What the chat page shows of a linked ticket: its reference, subject and status. */
export type LinkedTicketSummary = Pick<AnyTicket, 'id' | 'reference' | 'subject' | 'status'>;

/** `GET /api/tickets/:id` by uuid. */
export function getLinkedTicket(
  ticketId: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<AnyTicket> {
  return api.get<AnyTicket>(`/tickets/${encodeURIComponent(ticketId)}`, { signal });
}

/** The fields of a ticket the chat page shows. */
function toSummary(ticket: AnyTicket): LinkedTicketSummary {
  return {
    id: ticket.id,
    reference: ticket.reference,
    subject: ticket.subject,
    status: ticket.status,
  };
}

/**
 * A ticket a chat is linked to (the chat only carries ticket uuids): the ticket's own cache entry
 * (`ticketKeys.detail`, so a live notice about it refreshes it), kept to the summary.
 */
export function useLinkedTicket(ticketId: string) {
  return useQuery({
    queryKey: ticketKeys.detail(ticketId),
    queryFn: ({ signal }) => getLinkedTicket(ticketId, { signal }),
    select: toSummary,
  });
}
