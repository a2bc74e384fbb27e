import { useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  CreateWebhookEndpointBody,
  WebhookEndpointWithSecret,
} from '@docket/server/contract/webhooks';
import { api } from '@/lib/api-client';
import { webhookKeys } from '@/lib/query-keys';

/** `POST /api/webhooks`: the answer holds the signing secret, shown this once. */
export function createWebhook(body: CreateWebhookEndpointBody) {
  return api.post<WebhookEndpointWithSecret>('/webhooks', body);
}

/** Creates an endpoint; refreshes the list. The answer's `secret` is for the caller to show once. */
export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createWebhook,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.lists() }),
  });
}
