/**
 * The ticket list's view (filters, search and sort) lives in the address bar, so a view can be
 * bookmarked, shared and restored with Back. This file is the only translation between the URL,
 * the filters the list uses, and the API's query (GET /api/tickets, also the form saved views
 * keep: `SavedViewFilters`).
 * - The URL and the API use the same names (`status=OPEN,NEW`, `assigneeId=me`, `groupId=none`,
 *   `q=refund`),
 *   except the date ranges: the URL holds calendar days (`createdFrom=2026-11-01`), the API
 *   instants (ISO 8601). A day range is read in the browser's time zone, its end day included
 *   (the API's `…To` bounds are exclusive, so `createdTo` is the start of the next day).
 * - Unknown or malformed values are ignored: an old bookmark still opens a sensible list.
 * - One custom field filter, `cf.<key>=<value>` as in the API (docs/api.md "Filters"); the server
 *   checks the key and the value's type (a 400 naming `cf.<key>`); saved views keep it too.
 * - No `status` means the inbox's default, the unsolved tickets (every status but RESOLVED and
 *   CLOSED: docs/product.md "Inbox"); an explicit `status=…` shows exactly those statuses, solved
 *   ones included. The filters keep `status: []` for the default, so the address stays short and
 *   a saved view of the default list stores no status (`listStatuses` gives what is asked for).
 */
import {
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketChannel,
  type TicketPriority,
  type TicketStatus,
} from '@docket/server/contract/domain';
import type { SavedViewFilters } from '@docket/server/contract/saved-views';
import type { ListTicketsQuery } from '@docket/server/contract/tickets';

export type TicketSortField = ListTicketsQuery['sortBy'];
export type SortOrder = ListTicketsQuery['sortOrder'];
/** `sla=at_risk,breached` (staff): a running SLA target past its warning time, or past due. */
export type SlaFilter = NonNullable<ListTicketsQuery['sla']>[number];
export const SLA_FILTERS = ['at_risk', 'breached'] as const satisfies readonly SlaFilter[];

export const TICKET_SORT_FIELDS = [
  'updatedAt',
  'createdAt',
  'priority',
  'number',
  'slaDueAt',
] as const satisfies readonly TicketSortField[];
export const SORT_ORDERS = ['desc', 'asc'] as const satisfies readonly SortOrder[];

/** What the list shows when no status is chosen: every status but RESOLVED and CLOSED. */
export const UNSOLVED_STATUSES: readonly TicketStatus[] = TICKET_STATUSES.filter(
  (status) => status !== 'RESOLVED' && status !== 'CLOSED',
);

/**
 * The statuses GET /api/tickets is asked for: the chosen ones, or the unsolved ones when none is
 * chosen (docs/product.md "Inbox": the default list leaves solved tickets out).
 */
export function listStatuses(filters: TicketListFilters): readonly TicketStatus[] {
  return filters.status.length ? filters.status : UNSOLVED_STATUSES;
}

/** `me`, `none`, or an agent's id; null for anyone. */
export type AssigneeFilter = string | null;

/** A calendar day, `YYYY-MM-DD`, in the browser's time zone; null for no bound. */
export type DayFilter = string | null;

export type TicketListFilters = {
  status: TicketStatus[];
  priority: TicketPriority[];
  assigneeId: AssigneeFilter;
  /** Staff: a group's id, `none` (tickets of no group), or absent/null for any group. */
  groupId?: string | null;
  sortBy: TicketSortField;
  sortOrder: SortOrder;
  /** Full-text search (API `q`): words, "a phrase", -word, a reference or an email. */
  q?: string;
  category?: string | null;
  /** Every one must be on the ticket (the API's AND over tags). */
  tags?: string[];
  channel?: TicketChannel | null;
  /** SLA quick views (docs/product.md "SLA"): at risk and/or breached. */
  sla?: SlaFilter[];
  createdFrom?: DayFilter;
  createdTo?: DayFilter;
  updatedFrom?: DayFilter;
  updatedTo?: DayFilter;
  /** A custom field's value (`cf.<key>=<value>`): equality, or "holds the option" for multi_select. */
  customField?: CustomFieldFilter | null;
};

/** One `cf.<key>=<value>` filter: the field's key and the value as the API reads it (a string). */
export type CustomFieldFilter = { key: string; value: string };

/** A `cf.<key>` parameter (custom-fields' key rule) and its value's bound (the API's). */
const CUSTOM_FIELD_PARAM = /^cf\.([a-z][a-z0-9_]{0,39})$/;
const CUSTOM_FIELD_VALUE_MAX = 200;

export const DEFAULT_TICKET_LIST_FILTERS: TicketListFilters = {
  status: [],
  priority: [],
  assigneeId: null,
  sortBy: 'updatedAt',
  sortOrder: 'desc',
};

const DAY_KEYS = ['createdFrom', 'createdTo', 'updatedFrom', 'updatedTo'] as const;
type DayKey = (typeof DAY_KEYS)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TAG = /^[\p{L}\p{N}_:.-]{1,50}$/u;

/** Values of a comma list that belong to `allowed`, in `allowed`'s order (one query key per view). */
function pickList<T extends string>(raw: string | null, allowed: readonly T[]): T[] {
  if (!raw) return [];
  const wanted = new Set(raw.split(',').map((value) => value.trim().toUpperCase()));
  return allowed.filter((value) => wanted.has(value));
}

function pickOne<T extends string>(raw: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.find((value) => value === raw) ?? fallback;
}

function pickDay(raw: string | null): DayFilter {
  if (!raw || !DAY.test(raw)) return null;
  return Number.isNaN(new Date(`${raw}T00:00:00`).getTime()) ? null : raw;
}

/** Tags as the API stores them: lower-cased, valid, each once, in the order given. */
export function normalizeTags(values: readonly string[]): string[] {
  const tags = values.map((value) => value.trim().toLowerCase()).filter((tag) => TAG.test(tag));
  return [...new Set(tags)];
}

/** The filters a URL's search parameters describe. */
export function filtersFromSearchParams(params: URLSearchParams): TicketListFilters {
  const assignee = params.get('assigneeId');
  const filters: TicketListFilters = {
    status: pickList(params.get('status'), TICKET_STATUSES),
    priority: pickList(params.get('priority'), TICKET_PRIORITIES),
    assigneeId:
      assignee === 'me' || assignee === 'none' || (assignee && UUID.test(assignee))
        ? assignee
        : null,
    sortBy: pickOne(params.get('sortBy'), TICKET_SORT_FIELDS, DEFAULT_TICKET_LIST_FILTERS.sortBy),
    sortOrder: pickOne(params.get('sortOrder'), SORT_ORDERS, DEFAULT_TICKET_LIST_FILTERS.sortOrder),
  };
  const group = params.get('groupId');
  if (group === 'none' || (group && UUID.test(group))) filters.groupId = group;
  const q = params.get('q')?.trim().slice(0, 200);
  if (q) filters.q = q;
  const category = params.get('category')?.trim().slice(0, 100);
  if (category) filters.category = category;
  const tags = normalizeTags((params.get('tags') ?? '').split(','));
  if (tags.length) filters.tags = tags;
  const channel = TICKET_CHANNELS.find((value) => value === params.get('channel'));
  if (channel) filters.channel = channel;
  const wantedSla = new Set((params.get('sla') ?? '').split(',').map((value) => value.trim()));
  const sla = SLA_FILTERS.filter((value) => wantedSla.has(value));
  if (sla.length) filters.sla = sla;
  for (const key of DAY_KEYS) {
    const day = pickDay(params.get(key));
    if (day) filters[key] = day;
  }
  for (const [name, raw] of params) {
    const key = CUSTOM_FIELD_PARAM.exec(name)?.[1];
    const value = raw.trim();
    if (key && value && value.length <= CUSTOM_FIELD_VALUE_MAX) {
      filters.customField = { key, value };
      break;
    }
  }
  return filters;
}

/** The same names and formats as the API's query (`status=OPEN,NEW`); defaults are left out. */
export function searchParamsFromFilters(filters: TicketListFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.status.length) params.set('status', filters.status.join(','));
  if (filters.priority.length) params.set('priority', filters.priority.join(','));
  if (filters.assigneeId) params.set('assigneeId', filters.assigneeId);
  if (filters.groupId) params.set('groupId', filters.groupId);
  if (filters.category) params.set('category', filters.category);
  if (filters.tags?.length) params.set('tags', filters.tags.join(','));
  if (filters.channel) params.set('channel', filters.channel);
  if (filters.sla?.length) params.set('sla', filters.sla.join(','));
  for (const key of DAY_KEYS) {
    const day = filters[key];
    if (day) params.set(key, day);
  }
  if (filters.customField) params.set(`cf.${filters.customField.key}`, filters.customField.value);
  if (filters.sortBy !== DEFAULT_TICKET_LIST_FILTERS.sortBy) params.set('sortBy', filters.sortBy);
  if (filters.sortOrder !== DEFAULT_TICKET_LIST_FILTERS.sortOrder) {
    params.set('sortOrder', filters.sortOrder);
  }
  return params;
}

/** True when anything narrows the list (the sort does not). */
export function hasActiveFilters(filters: TicketListFilters): boolean {
  return (
    filters.status.length > 0 ||
    filters.priority.length > 0 ||
    filters.assigneeId !== null ||
    Boolean(filters.groupId) ||
    Boolean(filters.q) ||
    Boolean(filters.category) ||
    Boolean(filters.tags?.length) ||
    Boolean(filters.channel) ||
    Boolean(filters.sla?.length) ||
    Boolean(filters.customField) ||
    DAY_KEYS.some((key) => Boolean(filters[key]))
  );
}

/** How many of the secondary filters (category, tags, channel, dates, custom field) are set. */
export function countMoreFilters(filters: TicketListFilters): number {
  return (
    (filters.category ? 1 : 0) +
    (filters.tags?.length ? 1 : 0) +
    (filters.channel ? 1 : 0) +
    (filters.customField ? 1 : 0) +
    DAY_KEYS.filter((key) => Boolean(filters[key])).length
  );
}

/** The filters with the view's search, filters and sort removed, but its sort kept. */
export function clearedFilters(filters: TicketListFilters): TicketListFilters {
  return {
    ...DEFAULT_TICKET_LIST_FILTERS,
    sortBy: filters.sortBy,
    sortOrder: filters.sortOrder,
  };
}

/** `2026-11-01` → the instant that day starts here; `end` → the instant the next day starts. */
function dayToInstant(day: string, end: boolean): string {
  const date = new Date(`${day}T00:00:00`);
  if (end) date.setDate(date.getDate() + 1);
  return date.toISOString();
}

/** An API instant back to the local calendar day of a range (an `end` bound is exclusive). */
function instantToDay(iso: string, end: boolean): DayFilter {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  if (end) date.setTime(date.getTime() - 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The filters as GET /api/tickets' query strings (without `limit` and `cursor`): what the list
 * asks for and what a saved view stores. Defaults of the sort are left out.
 */
export function apiFiltersFromFilters(filters: TicketListFilters): SavedViewFilters {
  const out: SavedViewFilters = {};
  const params = searchParamsFromFilters(filters);
  for (const [key, value] of params) {
    const day = DAY_KEYS.find((k) => k === key) as DayKey | undefined;
    (out as Record<string, string>)[key] = day ? dayToInstant(value, day.endsWith('To')) : value;
  }
  return out;
}

/** A saved view's filters (API query strings) as the list's filters; unknown values ignored. */
export function filtersFromApiFilters(saved: SavedViewFilters): TicketListFilters {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(saved)) {
    if (typeof value !== 'string') continue;
    const day = DAY_KEYS.find((k) => k === key);
    if (day) {
      const local = instantToDay(value, day.endsWith('To'));
      if (local) params.set(key, local);
    } else {
      params.set(key, value);
    }
  }
  return filtersFromSearchParams(params);
}

/** True when two views show the same list (same filters, search and sort). */
export function sameFilters(a: TicketListFilters, b: TicketListFilters): boolean {
  return searchParamsFromFilters(a).toString() === searchParamsFromFilters(b).toString();
}
