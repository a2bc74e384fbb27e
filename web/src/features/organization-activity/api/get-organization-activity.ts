import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type {
  OrganizationActivityList,
  OrganizationActivityType,
} from '@docket/server/contract/organization-activity';
import { api } from '@/lib/api-client';
import { organizationActivityKeys } from '@/lib/query-keys';

const PAGE_SIZE = 25;

/** `GET /api/organization/activity`: one page of the organization's activity, newest first. */
export function getOrganizationActivity({
  type,
  cursor,
  signal,
}: {
  type?: OrganizationActivityType | undefined;
  cursor?: string | undefined;
  signal?: AbortSignal;
}) {
  return api.get<OrganizationActivityList>('/organization/activity', {
    params: { limit: PAGE_SIZE, cursor, type },
    signal,
  });
}

/** Infinite-query options of the log (optionally one type), paged by the server's cursor. */
export function organizationActivityQueryOptions(type?: OrganizationActivityType) {
  return infiniteQueryOptions({
    queryKey: organizationActivityKeys.list({ type: type }),
    queryFn: ({ pageParam, signal }) =>
      getOrganizationActivity({ type, cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The organization's activity, page by page (`fetchNextPage` for older entries). */
export function useOrganizationActivity(type?: OrganizationActivityType) {
  return useInfiniteQuery(organizationActivityQueryOptions(type));
}
