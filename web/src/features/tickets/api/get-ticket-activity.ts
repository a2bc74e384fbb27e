import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TicketActivity, TicketActivityList } from '@docket/server/contract/activity';
import { api } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

const PAGE_SIZE = 100;

/**
 * A ticket's whole activity (GET /api/tickets/:id/activity), oldest first, following the cursor
 * to the end, like the conversation: the timeline merges both. Agents see internal rows too.
 */
export async function getTicketActivity(
  ticketId: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<TicketActivity[]> {
  const rows: TicketActivity[] = [];
  let cursor: string | null = null;
  do {
    const page: TicketActivityList = await api.get<TicketActivityList>(
      `/tickets/${encodeURIComponent(ticketId)}/activity`,
      { params: { limit: PAGE_SIZE, cursor }, signal },
    );
    rows.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

export function ticketActivityQueryOptions(ticketId: string) {
  return queryOptions({
    queryKey: ticketKeys.activity(ticketId),
    queryFn: ({ signal }) => getTicketActivity(ticketId, { signal }),
  });
}

/** The activity of the ticket with this uuid. */
export function useTicketActivity(ticketId: string) {
  return useQuery(ticketActivityQueryOptions(ticketId));
}
