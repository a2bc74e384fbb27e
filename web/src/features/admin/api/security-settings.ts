/**
 * The organization's sign-in security (docs/product.md "Accounts"): `GET|PATCH
 * /api/organization/security` `{requireTwoFactor: "off"|"staff"}` (admins), and an admin's reset
 * of a user's two-factor sign-in (`POST /api/users/:id/two-factor/reset`, 204).
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  SecuritySettings,
  UpdateSecuritySettingsBody,
} from '@docket/server/contract/two-factor';
import { api, apiRequest } from '@/lib/api-client';
import { twoFactorKeys } from '@/lib/query-keys';

/** `GET /api/organization/security`. */
export function useSecuritySettings() {
  return useQuery(
    queryOptions({
      queryKey: twoFactorKeys.organization(),
      queryFn: ({ signal }) => api.get<SecuritySettings>('/organization/security', { signal }),
    }),
  );
}

/** `PATCH /api/organization/security {requireTwoFactor}` → the settings after the change. */
export function useUpdateSecuritySettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSecuritySettingsBody) =>
      api.patch<SecuritySettings>('/organization/security', body),
    onSuccess: (settings) => queryClient.setQueryData(twoFactorKeys.organization(), settings),
  });
}

/** `POST /api/users/:id/two-factor/reset`: the user enrols again (404 outside the organization). */
export function useResetTwoFactor() {
  return useMutation({
    mutationFn: (userId: string) =>
      apiRequest<void>(`/users/${encodeURIComponent(userId)}/two-factor/reset`, {
        method: 'POST',
      }),
  });
}
