import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { EmailNotification } from '@docket/server/contract/notifications';
import { api } from '@/lib/api-client';
import { notificationKeys } from '@/lib/query-keys';

/** `POST /api/notifications/:id/retry`: send a failed email again (same Message-ID). */
export function retryNotification(id: string) {
  return api.post<EmailNotification>(`/notifications/${encodeURIComponent(id)}/retry`);
}

/** Sends one notification again; refreshes every list. */
export function useRetryNotification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryNotification,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.lists() }),
  });
}
