import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { ChatList } from '@docket/server/contract/chats';
import { api } from '@/lib/api-client';
import { filtersToParams, type ChatFilters } from '../utils/chat-filters';
import { chatKeys } from '@/lib/query-keys';

/** Chats per page of the inbox (the API allows 1–100). */
export const CHATS_PAGE_SIZE = 25;

/**
 * `GET /api/chats`: one keyset page `{data, nextCursor}` of the organization's chats, newest
 * activity first, filtered by status, escalation and agent (`me`, `none`). Agents and admins.
 */
export function getChats({
  filters,
  cursor,
  signal,
}: {
  filters: ChatFilters;
  cursor?: string | null;
  signal?: AbortSignal;
}): Promise<ChatList> {
  return api.get<ChatList>('/chats', {
    params: { ...filtersToParams(filters), limit: CHATS_PAGE_SIZE, cursor },
    signal,
  });
}

/** Infinite query of the inbox: "Load more" follows `nextCursor` (key `chatKeys.list(filters)`). */
export function chatsQueryOptions(filters: ChatFilters) {
  return infiniteQueryOptions({
    queryKey: chatKeys.list(filters),
    queryFn: ({ pageParam, signal }) => getChats({ filters, cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

/** The chat inbox, page by page. */
export function useChats(filters: ChatFilters) {
  return useInfiniteQuery(chatsQueryOptions(filters));
}
