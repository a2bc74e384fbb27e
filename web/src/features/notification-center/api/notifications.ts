/**
 * The agent's bell (docs/api.md "In-app notifications"): `GET /api/me/notifications` (newest
 * first, with the unread count) and `POST /api/me/notifications/read` (some ids, or all). The
 * live stream's `notification` events invalidate `userNotificationKeys.all` (features/live).
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserNotificationList } from '@docket/server/contract/me';
import { api } from '@/lib/api-client';
import { userNotificationKeys } from '@/lib/query-keys';

/** How many notifications the bell lists (the newest). */
const BELL_LIMIT = 20;

/** `GET /api/me/notifications?limit=20`: `{data, nextCursor, unreadCount}`. */
export function notificationsQueryOptions() {
  const params = { limit: BELL_LIMIT };
  return queryOptions({
    queryKey: userNotificationKeys.list(params),
    queryFn: ({ signal }) => api.get<UserNotificationList>('/me/notifications', { params, signal }),
  });
}

/** The signed-in agent's newest notifications and unread count. */
export function useNotifications() {
  return useQuery(notificationsQueryOptions());
}

/**
 * `POST /api/me/notifications/read` with `{ids}` or `{all: true}` → `{unreadCount}`; the list is
 * updated in place at once (read now) and refetched after.
 */
export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids: string[] } | { all: true }) =>
      api.post<{ unreadCount: number }>('/me/notifications/read', body),
    onMutate: (body) => {
      const now = new Date().toISOString();
      queryClient.setQueriesData<UserNotificationList>(
        { queryKey: userNotificationKeys.all },
        (list) => {
          if (!list) return list;
          let newlyRead = 0;
          const data = list.data.map((n) => {
            if (n.readAt !== null || !('all' in body || body.ids.includes(n.id))) return n;
            newlyRead += 1;
            return { ...n, readAt: now };
          });
          const unreadCount = 'all' in body ? 0 : Math.max(0, list.unreadCount - newlyRead);
          return { ...list, data, unreadCount };
        },
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: userNotificationKeys.all }),
  });
}
