import { useMutation } from '@tanstack/react-query';
import type { ErasureResult } from '@docket/server/contract/data-subjects';
import { api } from '@/lib/api-client';

/**
 * `POST /api/data-subjects/erase {email, confirm: true}` → `{userId, pseudonym, counts}`. Cannot
 * be undone. @throws ApiError (404 no such person, 409 `cannot_erase_self`, 400, 403)
 */
export function eraseDataSubject(email: string) {
  return api.post<ErasureResult>('/data-subjects/erase', { email, confirm: true });
}

/** Runs the erasure; `data` is its result. */
export function useEraseDataSubject() {
  return useMutation({ mutationFn: eraseDataSubject });
}
