import type { StatusGroup } from '../utils/status-groups';

/**
 * Query keys of the portal feature, general to specific, so one call refreshes a whole family
 * (every list, the counts) after the requester creates, answers or closes a ticket.
 */
export const portalKeys = {
  all: ['portal'] as const,
  counts: () => [...portalKeys.all, 'counts'] as const,
  lists: () => [...portalKeys.all, 'list'] as const,
  /** `group` null: every status. */
  list: (group: StatusGroup | null) => [...portalKeys.lists(), group ?? 'all'] as const,
  details: () => [...portalKeys.all, 'detail'] as const,
  /** `id` as in the address: the reference (TKT-00042), number or uuid. */
  detail: (id: string) => [...portalKeys.details(), id] as const,
  /** A ticket's public history, by the ticket's uuid. */
  history: (ticketId: string) => [...portalKeys.all, 'history', ticketId] as const,
  categories: () => [...portalKeys.all, 'categories'] as const,
};
