import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { paths } from '@/config/paths';
import { useCurrentUser } from '@/features/auth/components/current-user';
import { TicketFilters } from '@/features/tickets/components/ticket-filters';
import { TicketsList } from '@/features/tickets/components/tickets-list';
import {
  DEFAULT_TICKET_LIST_FILTERS,
  filtersFromSearchParams,
  searchParamsFromFilters,
  type TicketListFilters,
} from '@/features/tickets/utils/list-search-params';

export function TicketsRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearchParams(searchParams), [searchParams]);

  const setFilters = (next: TicketListFilters) => setSearchParams(searchParamsFromFilters(next));
  const clearFilters = () =>
    setFilters({
      ...DEFAULT_TICKET_LIST_FILTERS,
      sortBy: filters.sortBy,
      sortOrder: filters.sortOrder,
    });

  return (
    <>
      <title>{t('app.pageTitle', { page: t('ticketList.title') })}</title>
      <div className="page-header">
        <h1>{t('ticketList.title')}</h1>
        <Link className="button button--primary" to={paths.newTicket.getHref()}>
          {t('nav.newTicket')}
        </Link>
      </div>
      <TicketFilters
        filters={filters}
        onChange={setFilters}
        showAssignee={user.role !== 'CUSTOMER'}
      />
      <TicketsList filters={filters} onClearFilters={clearFilters} />
    </>
  );
}
