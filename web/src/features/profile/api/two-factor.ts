/**
 * The signed-in person's two-factor sign-in (docs/api.md "Two-factor sign-in"):
 * `GET /api/me/two-factor`, `POST …/setup`, `POST …/confirm`, `POST …/recovery-codes` and
 * `DELETE /api/me/two-factor`. Turning it on or off refreshes the status and the signed-in user
 * (whose `twoFactorEnrolmentRequired` the dashboard's frame follows).
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  DisableTwoFactorBody,
  RecoveryCodes,
  TwoFactorCodeBody,
  TwoFactorSetup,
  TwoFactorStatus,
} from '@docket/server/contract/two-factor';
import { api, apiRequest } from '@/lib/api-client';
import { authKeys, twoFactorKeys } from '@/lib/query-keys';

/** `GET /api/me/two-factor`: `{enabled, enabledAt, recoveryCodesLeft, required}`. */
function twoFactorStatusQueryOptions() {
  return queryOptions({
    queryKey: twoFactorKeys.status(),
    queryFn: ({ signal }) => api.get<TwoFactorStatus>('/me/two-factor', { signal }),
  });
}

export function useTwoFactorStatus() {
  return useQuery(twoFactorStatusQueryOptions());
}

function useRefreshAfterChange() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: twoFactorKeys.all }),
      queryClient.invalidateQueries({ queryKey: authKeys.all }),
    ]);
}

/** `POST /api/me/two-factor/setup` → `{secret, otpauthUri, qrCodeSvg}` (409 when already on). */
export function useSetUpTwoFactor() {
  return useMutation({
    mutationFn: () => api.post<TwoFactorSetup>('/me/two-factor/setup'),
  });
}

/**
 * `POST /api/me/two-factor/confirm {code}` → `{recoveryCodes}`, shown once; 400
 * `invalid_two_factor_code` for a wrong code.
 */
export function useConfirmTwoFactor() {
  const refresh = useRefreshAfterChange();
  return useMutation({
    mutationFn: (body: TwoFactorCodeBody) =>
      api.post<RecoveryCodes>('/me/two-factor/confirm', body),
    onSuccess: () => void refresh(),
  });
}

/** `POST /api/me/two-factor/recovery-codes {code}` → ten new `{recoveryCodes}`. */
export function useRegenerateRecoveryCodes() {
  const refresh = useRefreshAfterChange();
  return useMutation({
    mutationFn: (body: TwoFactorCodeBody) =>
      api.post<RecoveryCodes>('/me/two-factor/recovery-codes', body),
    onSuccess: () => void refresh(),
  });
}

/** `DELETE /api/me/two-factor {password}` (400 naming `password`; 403 when required). */
export function useDisableTwoFactor() {
  const refresh = useRefreshAfterChange();
  return useMutation({
    mutationFn: (body: DisableTwoFactorBody) =>
      apiRequest<void>('/me/two-factor', { method: 'DELETE', body }),
    onSuccess: () => void refresh(),
  });
}
