import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AnyTicket } from '@docket/server/contract/tickets';
import { api } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

/** `id` is the uuid, the number or the reference (TKT-00042). */
export function getTicket(
  id: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<AnyTicket> {
  return api.get<AnyTicket>(`/tickets/${encodeURIComponent(id)}`, { signal });
}

export function ticketQueryOptions(id: string) {
  return queryOptions({
    queryKey: ticketKeys.detail(id),
    queryFn: ({ signal }) => getTicket(id, { signal }),
  });
}

export function useTicket(id: string) {
  return useQuery(ticketQueryOptions(id));
}
