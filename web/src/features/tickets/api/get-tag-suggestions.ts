import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TagList } from '@docket/server/contract/tickets';
import { api } from '@/lib/api-client';
import { tagKeys } from '@/lib/query-keys';

/** How many tags the filter suggests. */
const TAG_SUGGESTIONS_LIMIT = 50;

/**
 * GET /api/tags: the organization's tags in use, most used first (up to 50), for the tag
 * filter's suggestions. Staff only (customers do not see tags): pass `enabled: false` for them.
 */
export function tagSuggestionsQueryOptions() {
  return queryOptions({
    queryKey: tagKeys.list({ limit: TAG_SUGGESTIONS_LIMIT }),
    queryFn: ({ signal }) =>
      api.get<TagList>('/tags', { params: { limit: TAG_SUGGESTIONS_LIMIT }, signal }),
    staleTime: 5 * 60_000,
  });
}

export function useTagSuggestions(enabled: boolean) {
  return useQuery({ ...tagSuggestionsQueryOptions(), enabled });
}
