/**
 * Query keys of the email notifications feature, general to specific: every list, one list by
 * status filter. The retry mutation invalidates through them.
 */
export const notificationKeys = {
  all: ['notifications'] as const,
  lists: () => [...notificationKeys.all, 'list'] as const,
  list: (status: string | undefined) => [...notificationKeys.lists(), status ?? 'all'] as const,
};
