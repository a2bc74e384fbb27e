/**
 * The signed-in agent's saved views of the ticket list (GET/POST /api/saved-views,
 * PATCH/DELETE /api/saved-views/:id; owner-only on the server). One query (the list) and three
 * mutations, each refreshing the list through `savedViewKeys`.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateSavedViewBody,
  SavedView,
  SavedViewList,
  UpdateSavedViewBody,
} from '@docket/server/contract/saved-views';
import { api, apiRequest } from '@/lib/api-client';
import { savedViewKeys } from '@/lib/query-keys';

export function savedViewsQueryOptions() {
  return queryOptions({
    queryKey: savedViewKeys.list(),
    queryFn: ({ signal }) => api.get<SavedViewList>('/saved-views', { signal }),
    staleTime: 5 * 60_000,
  });
}

/** The caller's views, by name. */
export function useSavedViews() {
  return useQuery(savedViewsQueryOptions());
}

/** POST /api/saved-views: 409 `saved_view_exists` when the name is taken (any case). */
export function useCreateSavedView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSavedViewBody) => api.post<SavedView>('/saved-views', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: savedViewKeys.all }),
  });
}

/** PATCH /api/saved-views/:id: a new name and/or filters. */
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
