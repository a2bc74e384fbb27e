import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TicketActivity } from '@docket/server/contract/activity';
import type { PublicTimelineItem } from '@docket/server/contract/public';
import type { TicketResponse } from '@docket/server/contract/responses';
import { api } from '@/lib/api-client';
import { toCustomerTimeline } from '../utils/customer-timeline';
import { ticketKeys } from '@/lib/query-keys';

const PAGE_SIZE = 100;

/** Every page of a cursor-paginated list (`{data, nextCursor}`), in order. */
async function readAll<T>(path: string, signal: AbortSignal | undefined): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const page: { data: T[]; nextCursor: string | null } = await api.get(path, {
      params: { limit: PAGE_SIZE, cursor },
      signal,
    });
    rows.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

/**
 * The public history of the requester's ticket (uuid `ticketId`, created at `createdAt`):
 * GET /api/tickets/:id/responses and /activity, read whole (a conversation is read as a whole),
 * merged by utils/customer-timeline.ts. Both answers are already the requester's view: no
 * internal notes, no internal activity, staff unnamed.
 */
export async function getTicketHistory(
  ticket: { id: string; createdAt: string },
  { signal }: { signal?: AbortSignal } = {},
): Promise<PublicTimelineItem[]> {
  const base = `/tickets/${encodeURIComponent(ticket.id)}`;
  const [responses, activity] = await Promise.all([
    readAll<TicketResponse>(`${base}/responses`, signal),
    readAll<TicketActivity>(`${base}/activity`, signal),
  ]);
  return toCustomerTimeline(ticket, responses, activity);
}

/** The ticket's public history as a query, keyed by the ticket's uuid (`ticketKeys.history`). */
export function ticketHistoryQueryOptions(ticket: { id: string; createdAt: string }) {
  return queryOptions({
    queryKey: ticketKeys.history(ticket.id),
    queryFn: ({ signal }) => getTicketHistory(ticket, { signal }),
  });
}

/** The requester's ticket's public history, oldest first (PublicTimelineItem[]). */
export function useTicketHistory(ticket: { id: string; createdAt: string }) {
  return useQuery(ticketHistoryQueryOptions(ticket));
}
