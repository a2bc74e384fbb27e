import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TicketResponse, TicketResponseList } from '@docket/server/contract/responses';
import { api } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

const PAGE_SIZE = 100;

/**
 * The whole conversation, oldest first, following the cursor to the end. A conversation is read
 * as a whole (unlike the ticket list), and reading it whole means a response just posted always
 * shows once the query is invalidated, wherever the page boundary falls. Even a long thread is
 * a few requests of 100.
 */
export async function getTicketResponses(
  ticketId: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<TicketResponse[]> {
  const responses: TicketResponse[] = [];
  let cursor: string | null = null;
  do {
    const page: TicketResponseList = await api.get<TicketResponseList>(
      `/tickets/${encodeURIComponent(ticketId)}/responses`,
      { params: { limit: PAGE_SIZE, cursor }, signal },
    );
    responses.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return responses;
}

export function ticketResponsesQueryOptions(ticketId: string) {
  return queryOptions({
    queryKey: ticketKeys.responses(ticketId),
    queryFn: ({ signal }) => getTicketResponses(ticketId, { signal }),
  });
}

export function useTicketResponses(ticketId: string) {
  return useQuery(ticketResponsesQueryOptions(ticketId));
}
