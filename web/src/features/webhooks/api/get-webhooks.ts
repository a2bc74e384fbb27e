import { queryOptions, useQuery } from '@tanstack/react-query';
import type { WebhookEndpointList } from '@docket/server/contract/webhooks';
import { api } from '@/lib/api-client';
import { webhookKeys } from '@/lib/query-keys';

/** `GET /api/webhooks`: the organization's endpoints, oldest first (admins only). */
export function getWebhooks({ signal }: { signal?: AbortSignal } = {}) {
  return api.get<WebhookEndpointList>('/webhooks', { signal });
}

/** Query options of the endpoint list (key `webhookKeys.list()`). */
export function webhooksQueryOptions() {
  return queryOptions({
    queryKey: webhookKeys.list(),
    queryFn: ({ signal }) => getWebhooks({ signal }),
  });
}

/** The organization's endpoints, for the admins' page. */
export function useWebhooks() {
  return useQuery(webhooksQueryOptions());
}
