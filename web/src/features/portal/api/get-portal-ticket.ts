import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CustomerTicket } from '@docket/server/contract/tickets';
import { api } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

/**
 * GET /api/tickets/:id as the signed-in requester: the customer view of their own ticket
 * (`assignee` is `{assigned}`, nothing internal). `id` is the reference (TKT-00042), number or
 * uuid. Another requester's ticket is a 404, as is one that does not exist.
 */
export async function getPortalTicket(
  id: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<CustomerTicket> {
  return api.get<CustomerTicket>(`/tickets/${encodeURIComponent(id)}`, { signal });
}

/** The requester's ticket as a query, keyed as in the address (`ticketKeys.detail`). */
export function portalTicketQueryOptions(id: string) {
  return queryOptions({
    queryKey: ticketKeys.detail(id),
    queryFn: ({ signal }) => getPortalTicket(id, { signal }),
  });
}

/** The signed-in requester's ticket by reference, number or uuid (404 when not theirs). */
export function usePortalTicket(id: string) {
  return useQuery(portalTicketQueryOptions(id));
}
