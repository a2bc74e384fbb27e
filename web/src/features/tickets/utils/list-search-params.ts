/**
 * The ticket list's view (filters and sort) lives in the address bar, so a view can be
 * bookmarked, shared and restored with Back. These two functions are the only translation
 * between the URL and the filters the list query uses.
 */
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type ListTicketsQuery,
  type TicketPriority,
  type TicketStatus,
} from '@docket/server/contract';

export type TicketSortField = ListTicketsQuery['sortBy'];
export type SortOrder = ListTicketsQuery['sortOrder'];

export const TICKET_SORT_FIELDS = [
  'updatedAt',
  'createdAt',
  'priority',
  'number',
] as const satisfies readonly TicketSortField[];
export const SORT_ORDERS = ['desc', 'asc'] as const satisfies readonly SortOrder[];

/** `me`, `none`, or an agent's id; null for anyone. */
export type AssigneeFilter = string | null;

export type TicketListFilters = {
  status: TicketStatus[];
  priority: TicketPriority[];
  assigneeId: AssigneeFilter;
  sortBy: TicketSortField;
  sortOrder: SortOrder;
};

export const DEFAULT_TICKET_LIST_FILTERS: TicketListFilters = {
  status: [],
  priority: [],
  assigneeId: null,
  sortBy: 'updatedAt',
  sortOrder: 'desc',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Values of a comma list that belong to `allowed`, in `allowed`'s order (one query key per view). */
function pickList<T extends string>(raw: string | null, allowed: readonly T[]): T[] {
  if (!raw) return [];
  const wanted = new Set(raw.split(',').map((value) => value.trim().toUpperCase()));
  return allowed.filter((value) => wanted.has(value));
}

function pickOne<T extends string>(raw: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.find((value) => value === raw) ?? fallback;
}

/** Unknown or malformed values are ignored: an old bookmark still opens a sensible list. */
export function filtersFromSearchParams(params: URLSearchParams): TicketListFilters {
  const assignee = params.get('assigneeId');
  return {
    status: pickList(params.get('status'), TICKET_STATUSES),
    priority: pickList(params.get('priority'), TICKET_PRIORITIES),
    assigneeId:
      assignee === 'me' || assignee === 'none' || (assignee && UUID.test(assignee))
        ? assignee
        : null,
    sortBy: pickOne(params.get('sortBy'), TICKET_SORT_FIELDS, DEFAULT_TICKET_LIST_FILTERS.sortBy),
    sortOrder: pickOne(params.get('sortOrder'), SORT_ORDERS, DEFAULT_TICKET_LIST_FILTERS.sortOrder),
  };
}

/** The same names and formats as the API's query (`status=OPEN,NEW`); defaults are left out. */
export function searchParamsFromFilters(filters: TicketListFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status.length) params.set('status', filters.status.join(','));
  if (filters.priority.length) params.set('priority', filters.priority.join(','));
  if (filters.assigneeId) params.set('assigneeId', filters.assigneeId);
  if (filters.sortBy !== DEFAULT_TICKET_LIST_FILTERS.sortBy) params.set('sortBy', filters.sortBy);
  if (filters.sortOrder !== DEFAULT_TICKET_LIST_FILTERS.sortOrder) {
    params.set('sortOrder', filters.sortOrder);
  }
  return params;
}

export function hasActiveFilters(filters: TicketListFilters): boolean {
  return filters.status.length > 0 || filters.priority.length > 0 || filters.assigneeId !== null;
}
