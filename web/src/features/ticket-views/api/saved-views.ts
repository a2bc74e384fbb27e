/**
 * The views of the ticket list (docs/product.md "Views"): the saved views the signed-in agent sees
 * (GET/POST /api/saved-views, PATCH/DELETE /api/saved-views/:id: personal ones, and shared ones
 * that admins manage), the built-in views (GET /api/saved-views/built-in), every view's capped
 * ticket count (GET /api/saved-views/counts), and the groups an admin may share a view with
 * (GET /api/groups). Mutations refresh everything under `savedViewKeys`.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { GroupList } from '@docket/server/contract/groups';
import type {
  BuiltInViewList,
  CreateSavedViewBody,
  SavedView,
  SavedViewCounts,
  SavedViewList,
  UpdateSavedViewBody,
} from '@docket/server/contract/saved-views';
import { api, apiRequest } from '@/lib/api-client';
import { groupKeys, savedViewKeys, ticketKeys } from '@/lib/query-keys';

export function savedViewsQueryOptions() {
  return queryOptions({
    queryKey: savedViewKeys.list(),
    queryFn: ({ signal }) => api.get<SavedViewList>('/saved-views', { signal }),
    staleTime: 5 * 60_000,
  });
}

/** The saved views the caller sees (theirs and the shared ones), by name. */
export function useSavedViews() {
  return useQuery(savedViewsQueryOptions());
}

export function builtInViewsQueryOptions() {
  return queryOptions({
    queryKey: savedViewKeys.builtIn(),
    queryFn: ({ signal }) => api.get<BuiltInViewList>('/saved-views/built-in', { signal }),
    // "Recently solved" slides with time: refreshed hourly.
    staleTime: 60 * 60_000,
  });
}

/** The built-in views ("My open", "Unassigned", …), the same for everyone. */
export function useBuiltInViews() {
  return useQuery(builtInViewsQueryOptions());
}

export function viewCountsQueryOptions() {
  return queryOptions({
    queryKey: savedViewKeys.counts(),
    queryFn: ({ signal }) => api.get<SavedViewCounts>('/saved-views/counts', { signal }),
    staleTime: 30_000,
  });
}

/** Every view's ticket count, capped by the server (`capped`: more than `count`). */
export function useViewCounts() {
  return useQuery(viewCountsQueryOptions());
}

/** The organization's groups (an admin shares a view with one); the groups page's own request. */
export function useShareableGroups(enabled: boolean) {
  return useQuery(
    queryOptions({
      queryKey: groupKeys.list(),
      queryFn: ({ signal }) => api.get<GroupList>('/groups', { signal }),
      enabled,
    }),
  );
}

/** At most one counts refresh per this many milliseconds, however many tickets change. */
export const COUNTS_REFRESH_MS = 2000;

/**
 * Keeps the counts live: whenever a ticket query is invalidated — which is what a live ticket
 * notice does (features/live), as do this tab's own ticket changes — the counts are refetched,
 * at most once per COUNTS_REFRESH_MS (the first change waits that long, and the changes arriving
 * meanwhile ride along). Mounted by the sidebar showing the counts.
 */
export function useLiveViewCounts(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const [ticketRoot] = ticketKeys.all;
    const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'invalidate') return;
      if (event.query.queryKey[0] !== ticketRoot || timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        void queryClient.invalidateQueries({ queryKey: savedViewKeys.counts() });
      }, COUNTS_REFRESH_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [queryClient]);
}

/** POST /api/saved-views: 409 `saved_view_exists` when the name is taken (any case). */
export function useCreateSavedView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSavedViewBody) => api.post<SavedView>('/saved-views', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: savedViewKeys.all }),
  });
}

/** PATCH /api/saved-views/:id: a new name, filters, columns or visibility. */
export function useUpdateSavedView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: UpdateSavedViewBody }) =>
      api.patch<SavedView>(`/saved-views/${encodeURIComponent(id)}`, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: savedViewKeys.all }),
  });
}

/**
 * DELETE /api/saved-views/:id. Optimistic: the view leaves the cached list at once and comes
 * back if the server refuses.
 */
export function useDeleteSavedView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (view: SavedView) =>
      apiRequest<void>(`/saved-views/${encodeURIComponent(view.id)}`, { method: 'DELETE' }),
    onMutate: async (view) => {
      await queryClient.cancelQueries({ queryKey: savedViewKeys.list() });
      const previous = queryClient.getQueryData<SavedViewList>(savedViewKeys.list());
      if (previous) {
        queryClient.setQueryData<SavedViewList>(savedViewKeys.list(), {
          data: previous.data.filter((v) => v.id !== view.id),
        });
      }
      return { previous };
    },
    onError: (_error, _view, context) => {
      if (context?.previous) queryClient.setQueryData(savedViewKeys.list(), context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: savedViewKeys.all }),
  });
}
