/**
 * The admins' SLA policies (docs/product.md "SLA"), over `/api/sla-policies`: which tickets a
 * policy covers (conditions), the clock it counts in (business hours or 24/7), its first
 * response, next response and resolution targets in minutes, the statuses that pause the clock,
 * the warning threshold and what happens on breach. The first active policy by `position` whose
 * conditions match a ticket applies.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateSlaPolicyInput,
  SlaPolicy,
  UpdateSlaPolicyInput,
} from '@docket/server/contract/sla';
import { api, apiRequest } from '@/lib/api-client';

/** `GET /api/sla-policies`'s answer. */
export type SlaPolicyList = { data: SlaPolicy[] };

/**
 * Query keys of `/api/sla-policies`, general to specific as the factories of
 * `@/lib/query-keys` (TkDodo's "Effective React Query Keys"): `all`, `lists()`, `list()`.
 */
export const slaPolicyKeys = {
  all: ['sla-policies'] as const,
  lists: () => [...slaPolicyKeys.all, 'list'] as const,
  list: () => [...slaPolicyKeys.lists(), {}] as const,
};

/** `GET /api/sla-policies`: every policy of the organization, by `position`. */
export function getSlaPolicies({ signal }: { signal?: AbortSignal } = {}) {
  return api.get<SlaPolicyList>('/sla-policies', { signal });
}

/** The query of every policy (`slaPolicyKeys.list()`). */
export function slaPoliciesQueryOptions() {
  return queryOptions({
    queryKey: slaPolicyKeys.list(),
    queryFn: ({ signal }) => getSlaPolicies({ signal }),
  });
}

/** Every policy of the organization, by `position` (`{ data: SlaPolicy[] }`). */
export function useSlaPolicies() {
  return useQuery(slaPoliciesQueryOptions());
}

/**
 * `POST /api/sla-policies`: 201 with the policy; 400 names the invalid fields (`errors[].path`,
 * e.g. `targets.resolutionMinutes`).
 */
export function createSlaPolicy(body: CreateSlaPolicyInput) {
  return api.post<SlaPolicy>('/sla-policies', body);
}

/** `PATCH /api/sla-policies/:id`: any field of the create body (objects replace whole). */
export function updateSlaPolicy(id: string, body: UpdateSlaPolicyInput) {
  return api.patch<SlaPolicy>(`/sla-policies/${encodeURIComponent(id)}`, body);
}

/** `DELETE /api/sla-policies/:id`: 204; tickets keep the targets they had. */
export function deleteSlaPolicy(id: string) {
  return apiRequest<void>(`/sla-policies/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

function useInvalidateSlaPolicies() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: slaPolicyKeys.all });
}

/** Creates a policy (`createSlaPolicy`), then refetches the list. */
export function useCreateSlaPolicy() {
  const invalidate = useInvalidateSlaPolicies();
  return useMutation({ mutationFn: createSlaPolicy, onSuccess: invalidate });
}

/** Changes a policy (`updateSlaPolicy`: name, position, active flag…), then refetches. */
export function useUpdateSlaPolicy() {
  const invalidate = useInvalidateSlaPolicies();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateSlaPolicyInput }) =>
      updateSlaPolicy(id, body),
    onSettled: invalidate,
  });
}

/** Deletes a policy (`deleteSlaPolicy`), then refetches. */
export function useDeleteSlaPolicy() {
  const invalidate = useInvalidateSlaPolicies();
  return useMutation({ mutationFn: deleteSlaPolicy, onSettled: invalidate });
}
