import { useMutation } from '@tanstack/react-query';
import type { ActivityChainVerification } from '@docket/server/contract/organization-activity';
import { api } from '@/lib/api-client';

/**
 * `GET /api/organization/activity/verify`: walks the organization's hash chain →
 * `{valid, checked, firstInvalid}` (docs/product.md "Audit trail"). A read, run on demand: a
 * mutation so it runs when the admin asks, not on every render.
 */
export function verifyOrganizationActivity() {
  return api.get<ActivityChainVerification>('/organization/activity/verify');
}

/** Runs verify on demand; `data` is the last result. */
export function useVerifyOrganizationActivity() {
  return useMutation({ mutationFn: verifyOrganizationActivity });
}
