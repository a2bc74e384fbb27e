/**
 * The admins' API keys (docs/product.md: "hashed at rest, shown once, scoped, revocable"), over
 * `/api/api-keys`: the create answer is the only one that carries the secret `key`.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiKeyList, CreateApiKeyBody, CreatedApiKey } from '@docket/server/contract/api-keys';
import { api, apiRequest } from '@/lib/api-client';
import { apiKeyKeys } from '@/lib/query-keys';

/** `GET /api/api-keys`: every key, newest first, revoked ones included; never a secret. */
export function getApiKeys({ signal }: { signal?: AbortSignal } = {}) {
  return api.get<ApiKeyList>('/api-keys', { signal });
}

export function apiKeysQueryOptions() {
  return queryOptions({
    queryKey: apiKeyKeys.list(),
    queryFn: ({ signal }) => getApiKeys({ signal }),
  });
}

export function useApiKeys() {
  return useQuery(apiKeysQueryOptions());
}

/** `POST /api/api-keys`: 201 with the key and its secret, shown this once. */
export function createApiKey(body: CreateApiKeyBody) {
  return api.post<CreatedApiKey>('/api-keys', body);
}

/** `DELETE /api/api-keys/:id`: revokes the key (204); it stops working at once. */
export function revokeApiKey(id: string) {
  return apiRequest<void>(`/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeApiKey,
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}
