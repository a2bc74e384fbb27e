/**
 * Query keys of the organization activity log, general to specific: every list, one list by
 * `type` filter (all types when none).
 */
export const organizationActivityKeys = {
  all: ['organization-activity'] as const,
  lists: () => [...organizationActivityKeys.all, 'list'] as const,
  list: (type: string | undefined) => [...organizationActivityKeys.lists(), type ?? 'all'] as const,
};
