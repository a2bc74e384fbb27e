/**
 * The admins' business hours (docs/product.md "SLA"), over `/api/business-hours`: named weekly
 * opening schedules in an IANA time zone, with closed holidays, that SLA policies count their
 * clocks in. A schedule a policy uses cannot be deleted (409 `business_hours_in_use`).
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BusinessHours,
  CreateBusinessHoursInput,
  UpdateBusinessHoursInput,
} from '@docket/server/contract/sla';
import { api, apiRequest } from '@/lib/api-client';

/** `GET /api/business-hours`'s answer. */
export type BusinessHoursList = { data: BusinessHours[] };

/**
 * Query keys of `/api/business-hours`, general to specific as the factories of
 * `@/lib/query-keys` (TkDodo's "Effective React Query Keys"): `all`, `lists()`, `list()`.
 */
export const businessHoursKeys = {
  all: ['business-hours'] as const,
  lists: () => [...businessHoursKeys.all, 'list'] as const,
  list: () => [...businessHoursKeys.lists(), {}] as const,
};

/** `GET /api/business-hours`: every schedule of the organization. */
export function getBusinessHours({ signal }: { signal?: AbortSignal } = {}) {
  return api.get<BusinessHoursList>('/business-hours', { signal });
}

/** The query of every schedule (`businessHoursKeys.list()`), shared by both SLA admin pages. */
export function businessHoursQueryOptions() {
  return queryOptions({
    queryKey: businessHoursKeys.list(),
    queryFn: ({ signal }) => getBusinessHours({ signal }),
  });
}

/** Every schedule of the organization (`{ data: BusinessHours[] }`). */
export function useBusinessHours() {
  return useQuery(businessHoursQueryOptions());
}

/**
 * `POST /api/business-hours`: 201 with the schedule; 400 names the invalid fields
 * (`errors[].path`, e.g. `intervals.2.end`, `holidays.0.date`).
 */
export function createBusinessHours(body: CreateBusinessHoursInput) {
  return api.post<BusinessHours>('/business-hours', body);
}

/** `PATCH /api/business-hours/:id`: any field of the create body (lists replace whole). */
export function updateBusinessHours(id: string, body: UpdateBusinessHoursInput) {
  return api.patch<BusinessHours>(`/business-hours/${encodeURIComponent(id)}`, body);
}

/** `DELETE /api/business-hours/:id`: 204; 409 `business_hours_in_use` when a policy uses it. */
export function deleteBusinessHours(id: string) {
  return apiRequest<void>(`/business-hours/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

function useInvalidateBusinessHours() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: businessHoursKeys.all });
}

/** Creates a schedule (`createBusinessHours`), then refetches the list. */
export function useCreateBusinessHours() {
  const invalidate = useInvalidateBusinessHours();
  return useMutation({ mutationFn: createBusinessHours, onSuccess: invalidate });
}

/** Changes a schedule (`updateBusinessHours`), then refetches the list. */
export function useUpdateBusinessHours() {
  const invalidate = useInvalidateBusinessHours();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateBusinessHoursInput }) =>
      updateBusinessHours(id, body),
    onSettled: invalidate,
  });
}

/** Deletes a schedule (`deleteBusinessHours`); a 409 rejects, for the confirm dialog to show. */
export function useDeleteBusinessHours() {
  const invalidate = useInvalidateBusinessHours();
  return useMutation({ mutationFn: deleteBusinessHours, onSettled: invalidate });
}
