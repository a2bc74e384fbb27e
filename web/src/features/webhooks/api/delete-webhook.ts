import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { webhookKeys } from '@/lib/query-keys';

/** `DELETE /api/webhooks/:id`: the endpoint and its delivery log go. */
export function deleteWebhook(id: string) {
  return apiRequest<void>(`/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** Deletes an endpoint; drops its cached delivery log and refreshes the list. */
export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteWebhook,
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: webhookKeys.deliveries(id) });
      return queryClient.invalidateQueries({ queryKey: webhookKeys.lists() });
    },
  });
}
