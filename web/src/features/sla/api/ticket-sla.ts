import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TicketSlaExplanation } from '@docket/server/contract/sla';
import { api } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

/**
 * The cache key of a ticket's SLA explanation, by the ticket's uuid: under `ticketKeys.all`, so
 * anything that invalidates every ticket query refreshes it too.
 */
export const ticketSlaKey = (ticketId: string) => [...ticketKeys.all, 'sla', ticketId] as const;

/**
 * GET /api/tickets/:id/sla (docs/api.md "SLA"; agents and admins only): the policy applied, its
 * schedule, and each target with the stretches its clock counted or skipped. Rejects with the
 * client's `ApiError` (403 for customers, 404 for an unknown ticket).
 */
export function getTicketSla(
  ticketId: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<TicketSlaExplanation> {
  return api.get<TicketSlaExplanation>(`/tickets/${encodeURIComponent(ticketId)}/sla`, {
    signal,
  });
}

export function ticketSlaQueryOptions(ticketId: string) {
  return queryOptions({
    queryKey: ticketSlaKey(ticketId),
    queryFn: ({ signal }) => getTicketSla(ticketId, { signal }),
  });
}

/** The explanation, fetched only while `enabled` (the panel's "Why?" is open). */
export function useTicketSla(ticketId: string, { enabled }: { enabled: boolean }) {
  return useQuery({ ...ticketSlaQueryOptions(ticketId), enabled });
}
