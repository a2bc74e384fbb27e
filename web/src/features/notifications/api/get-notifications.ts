import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type {
  EmailNotification,
  EmailNotificationList,
} from '@docket/server/contract/notifications';
import { api } from '@/lib/api-client';
import { notificationKeys } from '@/lib/query-keys';

const PAGE_SIZE = 25;

export type NotificationStatus = EmailNotification['status'];

/** `GET /api/notifications`: one page of the organization's email notifications, newest first. */
export function getNotifications({
  status,
  cursor,
  signal,
}: {
  status?: NotificationStatus | undefined;
  cursor?: string | undefined;
  signal?: AbortSignal;
}) {
  return api.get<EmailNotificationList>('/notifications', {
    params: { limit: PAGE_SIZE, cursor, status },
    signal,
  });
}

/** Infinite-query options of the list (optionally one status), paged by the server's cursor. */
export function notificationsQueryOptions(status?: NotificationStatus) {
  return infiniteQueryOptions({
    queryKey: notificationKeys.list({ status: status }),
    queryFn: ({ pageParam, signal }) => getNotifications({ status, cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The email notifications, page by page (`fetchNextPage` for older ones). */
export function useNotifications(status?: NotificationStatus) {
  return useInfiniteQuery(notificationsQueryOptions(status));
}
