import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TagList } from '@docket/server/contract';
import { api } from '@/lib/api-client';
import { ticketKeys } from './ticket-keys';

/**
 * GET /api/tags: the organization's tags in use, most used first (up to 50), for the tag
 * filter's suggestions. Staff only (customers do not see tags): pass `enabled: false` for them.
 */
export function tagSuggestionsQueryOptions() {
  return queryOptions({
    queryKey: [...ticketKeys.all, 'tag-suggestions'] as const,
    queryFn: ({ signal }) => api.get<TagList>('/tags', { params: { limit: 50 }, signal }),
    staleTime: 5 * 60_000,
  });
}

export function useTagSuggestions(enabled: boolean) {
  return useQuery({ ...tagSuggestionsQueryOptions(), enabled });
}
