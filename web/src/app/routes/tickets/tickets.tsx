import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { SavedView } from '@docket/server/contract/saved-views';
import { useToast } from '@/components/ui/toast';
import { paths } from '@/config/paths';
import { useCurrentUser } from '@/lib/current-user';
import { SlaBadge } from '@/features/sla/components/sla-badge';
import { SlaQuickViews } from '@/features/sla/components/sla-quick-views';
import { SavedViewsMenu } from '@/features/ticket-views/components/saved-views-menu';
import { TicketFilters } from '@/features/tickets/components/ticket-filters';
import { TicketsList } from '@/features/tickets/components/tickets-list';
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

/**
 * The dashboard's ticket list (docs/product.md "Dashboard"): search, filters and sort kept in the
 * address (bookmarkable, shareable, Back restores the previous view), saved views, and for
 * agents and admins the selection with bulk actions, the SLA quick views ("At risk", "Breached")
 * and each row's SLA badge (features/sla).
 */
export function TicketsRoute() {
  const { t } = useTranslation();
  const { toast } = useToast();
  const user = useCurrentUser();
  const staff = user.role !== 'CUSTOMER';
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearchParams(searchParams), [searchParams]);
  const viewKey = searchParamsFromFilters(filters).toString();

  const setFilters = (next: TicketListFilters) => setSearchParams(searchParamsFromFilters(next));
  const clearFilters = () => setFilters(clearedFilters(filters));
  const applyView = (view: SavedView) => {
    setFilters(filtersFromApiFilters(view.filters));
    toast({ title: t('ticketFilters.views.applied', { name: view.name }) });
  };

  return (
    <>
      <title>{t('app.pageTitle', { page: t('ticketList.title') })}</title>
      <div className="page-header">
        <h1>{t('ticketList.title')}</h1>
        <div className="page-header__actions">
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
      <TicketsList
        key={viewKey}
        filters={filters}
        onClearFilters={clearFilters}
        bulkUser={staff ? { id: user.id, name: user.name } : undefined}
        rowBadges={
          staff ? (ticket) => ('sla' in ticket ? <SlaBadge sla={ticket.sla} /> : null) : undefined
        }
      />
    </>
  );
}
