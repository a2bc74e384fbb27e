import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { WebhookDelivery } from '@docket/server/contract/webhooks';
import { api } from '@/lib/api-client';
import { webhookKeys } from '@/lib/query-keys';

/** `POST /api/webhooks/:id/deliveries/:deliveryId/retry`: redeliver now, same webhook-id. */
export function retryWebhookDelivery(endpointId: string, deliveryId: string) {
  return api.post<WebhookDelivery>(
    `/webhooks/${encodeURIComponent(endpointId)}/deliveries/${encodeURIComponent(deliveryId)}/retry`,
  );
}

/** Redelivers one delivery of the endpoint; refreshes its delivery log. */
export function useRetryWebhookDelivery(endpointId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) => retryWebhookDelivery(endpointId, deliveryId),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(endpointId) }),
  });
}
