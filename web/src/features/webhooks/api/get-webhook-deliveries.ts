import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { WebhookDeliveryList } from '@docket/server/contract/webhooks';
import { api } from '@/lib/api-client';
import { webhookKeys } from '@/lib/query-keys';

const PAGE_SIZE = 20;

/** `GET /api/webhooks/:id/deliveries`: one page of the delivery log, newest first. */
export function getWebhookDeliveries(
  endpointId: string,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
) {
  return api.get<WebhookDeliveryList>(`/webhooks/${encodeURIComponent(endpointId)}/deliveries`, {
    params: { limit: PAGE_SIZE, cursor },
    signal,
  });
}

/** Infinite-query options of an endpoint's delivery log, paged by the server's cursor. */
export function webhookDeliveriesQueryOptions(endpointId: string) {
  return infiniteQueryOptions({
    queryKey: webhookKeys.deliveries(endpointId),
    queryFn: ({ pageParam, signal }) =>
      getWebhookDeliveries(endpointId, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The delivery log, page by page (`fetchNextPage` for older deliveries). */
export function useWebhookDeliveries(endpointId: string) {
  return useInfiniteQuery(webhookDeliveriesQueryOptions(endpointId));
}
