import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UpdateWebhookEndpointBody, WebhookEndpoint } from '@docket/server/contract/webhooks';
import { api } from '@/lib/api-client';
import { webhookKeys } from '@/lib/query-keys';

/** `PATCH /api/webhooks/:id` (e.g. `{enabled: false}`). */
export function updateWebhook(id: string, body: UpdateWebhookEndpointBody) {
  return api.patch<WebhookEndpoint>(`/webhooks/${encodeURIComponent(id)}`, body);
}

/** Changes an endpoint (enable, disable, …); refreshes the list. */
export function useUpdateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateWebhookEndpointBody }) =>
      updateWebhook(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.lists() }),
  });
}
