/**
 * Query keys of the admin pages, general to specific: users (every list, one list by its
 * search), categories, API keys. Mutations invalidate through them.
 */
export const adminKeys = {
  all: ['admin'] as const,
  users: () => [...adminKeys.all, 'users'] as const,
  userList: (q: string) => [...adminKeys.users(), 'list', q] as const,
  categories: () => [...adminKeys.all, 'categories'] as const,
  apiKeys: () => [...adminKeys.all, 'api-keys'] as const,
};
