import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RetentionState, UpdateRetentionBody } from '@docket/server/contract/data-subjects';
import { api, apiRequest } from '@/lib/api-client';
import { retentionKeys } from '@/lib/query-keys';

/** `GET /api/data-subjects/retention` → `{closedTicketsMonths, action, lastRunAt}`. */
export function useRetention() {
  return useQuery(
    queryOptions({
      queryKey: retentionKeys.all,
      queryFn: ({ signal }) => api.get<RetentionState>('/data-subjects/retention', { signal }),
    }),
  );
}

/** `PUT /api/data-subjects/retention {closedTicketsMonths, action}` → the state after it. */
export function useUpdateRetention() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateRetentionBody) =>
      apiRequest<RetentionState>('/data-subjects/retention', { method: 'PUT', body }),
    onSuccess: (state) => queryClient.setQueryData(retentionKeys.all, state),
  });
}
