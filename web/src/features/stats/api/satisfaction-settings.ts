/**
 * The organization's satisfaction rating settings (docs/product.md "Satisfaction"):
 * `GET /api/satisfaction/settings` (staff) and `PATCH` (admins), `{enabled, scale}`.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  SatisfactionSettings,
  UpdateSatisfactionSettingsBody,
} from '@docket/server/contract/satisfaction';
import { api } from '@/lib/api-client';

const satisfactionSettingsKey = ['satisfaction-settings'] as const;

/** `GET /api/satisfaction/settings`: whether ratings are asked for, and on which scale. */
export function useSatisfactionSettings() {
  return useQuery(
    queryOptions({
      queryKey: satisfactionSettingsKey,
      queryFn: ({ signal }) => api.get<SatisfactionSettings>('/satisfaction/settings', { signal }),
    }),
  );
}

/** `PATCH /api/satisfaction/settings` `{enabled?, scale?}` → the settings after the change. */
export function useUpdateSatisfactionSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSatisfactionSettingsBody) =>
      api.patch<SatisfactionSettings>('/satisfaction/settings', body),
    onSuccess: (settings) => queryClient.setQueryData(satisfactionSettingsKey, settings),
  });
}
