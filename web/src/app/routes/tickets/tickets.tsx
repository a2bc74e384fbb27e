import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useNavigate, useParams, useSearchParams } from 'react-router';
import { TICKET_STATUSES } from '@docket/server/contract/domain';
import type { SavedView } from '@docket/server/contract/saved-views';
import type { AnyTicket } from '@docket/server/contract/tickets';
import { useToast } from '@/components/ui/toast';
import { paths } from '@/config/paths';
import { useCurrentUser } from '@/lib/current-user';
import { useShortcut } from '@/features/shortcuts/hooks/use-shortcut';
import { SlaBadge } from '@/features/sla/components/sla-badge';
import { UnreadDot } from '@/features/notification-center/components/unread-dot';
import { SlaQuickViews } from '@/features/sla/components/sla-quick-views';
import { SavedViewsMenu } from '@/features/ticket-views/components/saved-views-menu';
import {
  ViewsSidebar,
  useActiveViewColumns,
} from '@/features/ticket-views/components/views-sidebar';
import { useTickets } from '@/features/tickets/api/get-tickets';
import { ExportCsvButton } from '@/features/tickets/components/export-csv-button';
import { TicketFilters } from '@/features/tickets/components/ticket-filters';
import { TicketsList } from '@/features/tickets/components/tickets-list';
import { useListLayout, type ListLayout } from '@/features/tickets/utils/list-layout';
import {
  apiFiltersFromFilters,
  clearedFilters,
  filtersFromApiFilters,
  filtersFromSearchParams,
  sameFilters,
  searchParamsFromFilters,
  type TicketListFilters,
} from '@/features/tickets/utils/list-search-params';
import '@/styles/ticket-list.css';

/** From this width on, an open ticket shows beside the list (docs/product.md "Inbox"). */
const SPLIT_MEDIA = '(min-width: 75rem)';

/** The split view's media query; null where the environment has no `matchMedia` (no split). */
function splitQuery(): MediaQueryList | null {
  return typeof window.matchMedia === 'function' ? window.matchMedia(SPLIT_MEDIA) : null;
}

/** Whether the viewport is wide enough for the split view; follows resizes. */
function useSplitView(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = splitQuery();
      query?.addEventListener('change', onChange);
      return () => query?.removeEventListener('change', onChange);
    },
    () => splitQuery()?.matches ?? false,
  );
}

/**
 * What the ticket pane gets from the inbox (`useOutletContext`): where the ticket after `reference`
 * in the list on screen opens, for "send and next" (null at the end of the list, or when the
 * ticket is not in it and the list is empty).
 */
export type InboxContext = {
  nextTicketHref: (reference: string) => string | null;
  /** The address of the list itself, its filters kept (Escape and "Back to list"). */
  listHref: string;
};

const ROW = '[data-ticket-row]';
const SEARCH = '.ticket-search__input';

/** The list row holding `element`, if any. */
function rowOf(element: EventTarget | null): HTMLElement | null {
  return element instanceof Element ? element.closest<HTMLElement>(ROW) : null;
}

/**
 * The dashboard's inbox (docs/product.md "Inbox" and "Dashboard"): search, filters and sort kept in
 * the address (bookmarkable, shareable, Back restores the previous view), without a status filter
 * the unsolved tickets only; saved views; cards or the dense table (remembered in this browser);
 * for agents and admins the selection with bulk actions, the SLA quick views and each row's SLA
 * badge (features/sla). `/tickets/:ticketId?…filters…` opens that ticket (the child route) beside
 * the list from 1200 px on — the list stays mounted, keeping its scroll and selection — and alone
 * on narrower screens. Keyboard (features/shortcuts): j/k move between rows, Enter/o open, x
 * selects, / searches, Escape closes the open ticket.
 */
export function TicketsRoute() {
  const { t } = useTranslation();
  const { toast } = useToast();
  const user = useCurrentUser();
  const staff = user.role !== 'CUSTOMER';
  const navigate = useNavigate();
  const { ticketId } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearchParams(searchParams), [searchParams]);
  const viewKey = searchParamsFromFilters(filters).toString();
  // The whole address is kept (a view's own parameters too), not only the filters it holds.
  const fullSearch = searchParams.toString();
  const listSearch = fullSearch ? `?${fullSearch}` : '';
  const listHref = paths.tickets.getHref(listSearch);
  const [layout, setLayout] = useListLayout();
  // The current view's table columns (features/ticket-views); null: the default set.
  const viewColumns = useActiveViewColumns();
  const split = useSplitView();
  const open = ticketId !== undefined;
  // The list is on screen unless a ticket has the whole (narrow) screen.
  const listShown = !open || split;
  const listRef = useRef<HTMLDivElement>(null);
  // The same query as the list's (one cache entry): what "next" means.
  const tickets = useTickets(filters);
  const rows = useMemo(
    () => tickets.data?.pages.flatMap((page) => page.data) ?? [],
    [tickets.data],
  );

  const hrefOf = useCallback(
    (ticket: AnyTicket) => `${paths.ticket.getHref(ticket.reference)}${listSearch}`,
    [listSearch],
  );

  const setFilters = (next: TicketListFilters) => setSearchParams(searchParamsFromFilters(next));
  const clearFilters = () => setFilters(clearedFilters(filters));
  const applyView = (view: SavedView) => {
    setFilters(filtersFromApiFilters(view.filters));
    toast({ title: t('ticketFilters.views.applied', { name: view.name }) });
  };

  // The list as it stood when the open ticket was opened: replying moves a ticket up a list sorted
  // by update, and solving it takes it out of the (unsolved) list, yet "next" must still be the
  // one that followed it when the agent picked it.
  const openedIn = useRef<{ reference: string; rows: readonly AnyTicket[] } | null>(null);
  useEffect(() => {
    if (!ticketId || openedIn.current?.reference === ticketId) return;
    if (rows.some((ticket) => ticket.reference === ticketId)) {
      openedIn.current = { reference: ticketId, rows };
    }
  }, [rows, ticketId]);

  const inboxContext = useMemo<InboxContext>(
    () => ({
      listHref,
      nextTicketHref: (reference) => {
        const order = openedIn.current?.reference === reference ? openedIn.current.rows : rows;
        const after = order
          .slice(order.findIndex((ticket) => ticket.reference === reference) + 1)
          .filter((ticket) => ticket.reference !== reference);
        // Prefer one still in the list (another agent may have solved the next one meanwhile).
        const next = after.find((ticket) => rows.some((row) => row.id === ticket.id)) ?? after[0];
        return next ? hrefOf(next) : null;
      },
    }),
    [rows, hrefOf, listHref],
  );

  // Back from a ticket (Escape): the focus returns to its row, or to the search box (`/`).
  const returnFocusTo = useRef<{ reference: string } | 'search' | null>(null);
  useEffect(() => {
    const target = returnFocusTo.current;
    if (open || !target) return;
    returnFocusTo.current = null;
    const element =
      target === 'search'
        ? document.querySelector<HTMLElement>(SEARCH)
        : listRef.current?.querySelector<HTMLElement>(
            `${ROW}[data-ticket-row="${CSS.escape(target.reference)}"] [data-row-link]`,
          );
    element?.focus();
  }, [open]);

  const rowElements = () => [...(listRef.current?.querySelectorAll<HTMLElement>(ROW) ?? [])];
  const moveFocus = (step: 1 | -1) => {
    const all = rowElements();
    if (all.length === 0) return;
    const focused = rowOf(document.activeElement);
    const current =
      focused ?? all.find((row) => row.getAttribute('aria-current') === 'true') ?? null;
    const index = current ? all.indexOf(current) : -1;
    const target = all[Math.min(all.length - 1, Math.max(0, index === -1 ? 0 : index + step))];
    const link = target?.querySelector<HTMLElement>('[data-row-link]');
    link?.focus();
    link?.scrollIntoView?.({ block: 'nearest' });
  };
  const openFocused = (event: KeyboardEvent) => {
    const row = rowOf(event.target);
    const href = row?.querySelector('[data-row-link]')?.getAttribute('href');
    if (!row || !href) return false;
    void navigate(href);
    return true;
  };

  useShortcut('j', () => moveFocus(1), { enabled: listShown });
  useShortcut('k', () => moveFocus(-1), { enabled: listShown });
  useShortcut('enter', openFocused, { enabled: listShown });
  useShortcut('o', openFocused, { enabled: listShown });
  useShortcut(
    'x',
    (event) => {
      const box = rowOf(event.target)?.querySelector<HTMLElement>('[role="checkbox"]');
      if (!box) return false;
      box.click();
      return true;
    },
    { enabled: listShown && staff },
  );
  // The search box is on the list page only: from an open ticket, `/` goes back to it.
  useShortcut(
    '/',
    () => {
      if (!open) return document.querySelector<HTMLElement>(SEARCH)?.focus();
      returnFocusTo.current = 'search';
      void navigate(listHref);
    },
    { byCharacter: true },
  );
  useShortcut(
    'escape',
    () => {
      if (ticketId) returnFocusTo.current = { reference: ticketId };
      void navigate(listHref);
    },
    { enabled: open },
  );

  const classes = [
    'inbox',
    staff && !open ? 'inbox--with-views' : null,
    open ? 'inbox--open' : null,
    open && split ? 'inbox--split' : null,
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div className={classes}>
      {/* The views (features/ticket-views) on the left of the list; beside a ticket, the list
          alone. */}
      {staff && !open ? (
        <div className="inbox__sidebar">
          <ViewsSidebar />
        </div>
      ) : null}
      <section
        className="inbox__list"
        aria-label={open ? t('inbox.split.list') : undefined}
        ref={listRef}
      >
        {open ? null : <title>{t('app.pageTitle', { page: t('ticketList.title') })}</title>}
        <div className="page-header">
          {open ? (
            <h2 className="inbox__title">{t('ticketList.title')}</h2>
          ) : (
            <h1>{t('ticketList.title')}</h1>
          )}
          <div className="page-header__actions">
            <LayoutToggle layout={layout} onChange={setLayout} />
            {staff && !open ? <ExportCsvButton filters={filters} /> : null}
            {staff ? (
              <SavedViewsMenu
                current={apiFiltersFromFilters(filters)}
                isCurrent={(view) => sameFilters(filtersFromApiFilters(view.filters), filters)}
                onApply={applyView}
              />
            ) : null}
            <Link className="button button--primary" to={paths.newTicket.getHref()}>
              {t('nav.newTicket')}
            </Link>
          </div>
        </div>
        {/* Beside an open ticket the list is a queue: its filters wait on the list page. */}
        {open ? null : (
          <TicketFilters
            filters={filters}
            onChange={setFilters}
            showAssignee={staff}
            quickViews={
              staff ? (
                <SlaQuickViews
                  active={filters.sla ?? []}
                  onChange={(sla, sortByDue) =>
                    setFilters({
                      ...filters,
                      sla: sla.length ? sla : undefined,
                      ...(sortByDue ? { sortBy: 'slaDueAt', sortOrder: 'asc' } : {}),
                    })
                  }
                />
              ) : undefined
            }
          />
        )}
        {filters.status.length === 0 && !open ? (
          <p className="inbox__default-view">
            {t('inbox.defaultView')}{' '}
            <Link
              to={paths.tickets.getHref(
                `?${searchParamsFromFilters({
                  ...filters,
                  status: [...TICKET_STATUSES],
                }).toString()}`,
              )}
            >
              {t('inbox.showAllStatuses')}
            </Link>
          </p>
        ) : null}
        <TicketsList
          key={viewKey}
          filters={filters}
          onClearFilters={clearFilters}
          bulkUser={staff ? { id: user.id, name: user.name } : undefined}
          rowBadges={
            staff
              ? (ticket) =>
                  'sla' in ticket ? (
                    <>
                      <UnreadDot unread={ticket.unread} />
                      <SlaBadge sla={ticket.sla} />
                    </>
                  ) : null
              : undefined
          }
          layout={layout}
          columns={viewColumns ?? undefined}
          hrefOf={hrefOf}
          currentReference={ticketId}
        />
      </section>
      {open ? (
        <section className="inbox__ticket" aria-label={split ? t('inbox.split.ticket') : undefined}>
          <Outlet context={inboxContext} />
        </section>
      ) : null}
    </div>
  );
}

/** Cards or table: two toggle buttons, the pressed one is the layout on screen. */
function LayoutToggle({
  layout,
  onChange,
}: {
  layout: ListLayout;
  onChange: (layout: ListLayout) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="segmented layout-toggle" role="group" aria-label={t('inbox.layout.label')}>
      {(['cards', 'table'] as const).map((option) => (
        <button
          key={option}
          type="button"
          className="segmented__option"
          aria-pressed={layout === option}
          onClick={() => onChange(option)}
        >
          {t(`inbox.layout.${option}`)}
        </button>
      ))}
    </div>
  );
}
