/**
 * Where a view leads: the ticket list with the view's filters in the address and `view=<id>`
 * (docs/product.md "Views"). A view keeps GET /api/tickets' query strings, which the list's
 * address uses as they are, except the date ranges: the address holds local calendar days
 * (`updatedFrom=2026-11-26`), the API instants (features/tickets' list-search-params.ts, which
 * reads them back). The active view is the one named by `view`.
 */
import type { SavedViewFilters } from '@docket/server/contract/saved-views';
import { paths } from '@/config/paths';

const DAY_KEYS = new Set(['createdFrom', 'createdTo', 'updatedFrom', 'updatedTo']);

/** The address parameter naming the view on screen. */
export const VIEW_PARAM = 'view';

/** An API instant as the local calendar day of a range; an `…To` bound is exclusive. */
function instantToDay(iso: string, end: boolean): string | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  if (end) date.setTime(date.getTime() - 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `/tickets?…filters…&view=<id>` for the view `id` with `filters`. */
export function viewHref(id: string, filters: SavedViewFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (typeof value !== 'string' || !value) continue;
    if (DAY_KEYS.has(key)) {
      const day = instantToDay(value, key.endsWith('To'));
      if (day) params.set(key, day);
    } else {
      params.set(key, value);
    }
  }
  params.set(VIEW_PARAM, id);
  return paths.tickets.getHref(`?${params.toString()}`);
}
