/**
 * Password reset (docs/api.md "Auth"): ask for a link by email (always the same answer), then set
 * a new password with the link's token.
 */
import { useMutation } from '@tanstack/react-query';
import type {
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
} from '@docket/server/contract/accounts';
import { api, apiRequest } from '@/lib/api-client';

/** `POST /api/auth/password-reset`: 202 whether or not the email has an account. */
export function requestPasswordReset(body: PasswordResetRequestBody) {
  return api.post<{ message: string }>('/auth/password-reset', body);
}

/** `POST /api/auth/password-reset/confirm`: 204; 400 naming `token` or `password`. */
export function confirmPasswordReset(body: PasswordResetConfirmBody) {
  return apiRequest<void>('/auth/password-reset/confirm', { method: 'POST', body });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}

export function useConfirmPasswordReset() {
  return useMutation({ mutationFn: confirmPasswordReset });
}
