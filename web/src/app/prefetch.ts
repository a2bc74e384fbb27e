/**
 * The dashboard's first requests, started as soon as the router knows the page instead of once
 * the page has rendered: who is signed in (GET /api/auth/me, which `RequireAuth` waits for before
 * anything under it renders) and, on the inbox, the first page of the ticket list and the views
 * with their counts — in parallel with each other and with the pages' code, rather than one after
 * the other. The components' queries then find them in the cache (same keys and functions; while
 * in flight, they wait for the same request). Loaded on demand by the router (router.tsx).
 */
import type { QueryClient } from '@tanstack/react-query';
import { paths } from '@/config/paths';
import { getSessionToken } from '@/lib/session';
import { meQueryOptions } from '@/features/auth/api/get-me';
import {
  builtInViewsQueryOptions,
  savedViewsQueryOptions,
  viewCountsQueryOptions,
} from '@/features/ticket-views/api/saved-views';
import { ticketsQueryOptions } from '@/features/tickets/api/get-tickets';
import { filtersFromSearchParams } from '@/features/tickets/utils/list-search-params';

/**
 * Prefetches GET /api/auth/me, and the ticket list of the address's filters and the views (GET
 * /api/saved-views, …/built-in, …/counts) when the browser is on the inbox (`/tickets` or a ticket
 * opened in it, whose list shows beside it). Nothing without a
 * session (the guard sends the person to sign in; no request should end one) or elsewhere (a page
 * reached by navigating fetches what it shows itself).
 */
export function prefetchDashboard(queryClient: QueryClient): void {
  if (getSessionToken() === null) return;
  void queryClient.prefetchQuery(meQueryOptions());
  const inbox = paths.tickets.getHref();
  const { pathname, search } = window.location;
  const onInbox =
    pathname === inbox ||
    (pathname.startsWith(`${inbox}/`) && pathname !== paths.newTicket.getHref());
  if (!onInbox) return;
  const filters = filtersFromSearchParams(new URLSearchParams(search));
  void queryClient.prefetchInfiniteQuery(ticketsQueryOptions(filters));
  // The views beside the list (above it on phones): there when the inbox first renders, they do
  // not push it down as they arrive (layout shift).
  void queryClient.prefetchQuery(builtInViewsQueryOptions());
  void queryClient.prefetchQuery(savedViewsQueryOptions());
  void queryClient.prefetchQuery(viewCountsQueryOptions());
}
