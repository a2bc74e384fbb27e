/**
 * The built-in views of the inbox (docs/product.md "Views"): the same five for every agent and
 * admin, defined here rather than stored, each a set of GET /api/tickets filters (so their lists
 * and counts are the list's own). "Unsolved" is every status but RESOLVED and CLOSED.
 */
import { TICKET_STATUSES } from '../../lib/domain.js';
import type { BuiltInView, SavedViewFilters } from './saved-views.schemas.js';

/** Statuses still needing work: all but RESOLVED and CLOSED. */
const UNSOLVED = TICKET_STATUSES.filter((s) => s !== 'RESOLVED' && s !== 'CLOSED').join(',');

/** How far back "Recently solved" looks (days), by last update. */
const RECENTLY_SOLVED_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The id prefix that tells a built-in view from a saved one (a uuid). */
const BUILT_IN_PREFIX = 'builtin:';

const DEFINITIONS: readonly {
  key: string;
  name: string;
  filters: (now: Date) => SavedViewFilters;
}[] = [
  { key: 'my-open', name: 'My open', filters: () => ({ status: UNSOLVED, assigneeId: 'me' }) },
  {
    key: 'unassigned',
    name: 'Unassigned',
    filters: () => ({ status: UNSOLVED, assigneeId: 'none' }),
  },
  { key: 'all-unsolved', name: 'All unsolved', filters: () => ({ status: UNSOLVED }) },
  {
    key: 'waiting-on-customer',
    name: 'Waiting on customer',
    filters: () => ({ status: 'WAITING_ON_CUSTOMER' }),
  },
  {
    key: 'recently-solved',
    name: 'Recently solved',
    // Solved or closed and last updated within the window, whole seconds (stable URLs).
    filters: (now) => ({
      status: 'RESOLVED,CLOSED',
      updatedFrom: new Date(
        Math.floor((now.getTime() - RECENTLY_SOLVED_DAYS * DAY_MS) / 1000) * 1000,
      ).toISOString(),
    }),
  },
];

/**
 * The built-in views as of `now` (the "Recently solved" window ends at `now`), in menu order:
 * `{id: "builtin:<key>", key, name, filters, columns: []}`.
 */
export function builtInViews(now: Date = new Date()): BuiltInView[] {
  return DEFINITIONS.map((view) => ({
    id: `${BUILT_IN_PREFIX}${view.key}`,
    key: view.key,
    name: view.name,
    filters: view.filters(now),
    columns: [],
  }));
}
