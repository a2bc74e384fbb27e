import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Loading } from '@/components/ui/loading';
import { errorMessage } from '@/lib/form-errors';
import { useTickets } from '../api/get-tickets';
import { hasActiveFilters, type TicketListFilters } from '../utils/list-search-params';
import { TicketRow } from './ticket-row';

type TicketsListProps = {
  filters: TicketListFilters;
  onClearFilters: () => void;
};

export function TicketsList({ filters, onClearFilters }: TicketsListProps) {
  const { t } = useTranslation();
  const tickets = useTickets(filters);

  if (tickets.data === undefined) {
    if (tickets.isPending) return <Loading />;
    return (
      <Alert
        tone="error"
        title={t('ticketList.error')}
        action={
          <Button variant="secondary" onClick={() => void tickets.refetch()}>
            {t('common.retry')}
          </Button>
        }
      >
        {errorMessage(tickets.error, t)}
      </Alert>
    );
  }

  // Data stays on screen when a later page or a background refresh fails; the error shows below.
  const rows = tickets.data.pages.flatMap((page) => page.data);

  if (rows.length === 0) {
    const filtered = hasActiveFilters(filters);
    return (
      <div className="empty-state">
        <p>{filtered ? t('ticketList.empty') : t('ticketList.emptyNoFilters')}</p>
        {filtered ? (
          <Button variant="secondary" onClick={onClearFilters}>
            {t('ticketList.clearFilters')}
          </Button>
        ) : null}
      </div>
    );
  }

  return (
    <div className="tickets">
      <ul className="ticket-list">
        {rows.map((ticket) => (
          <TicketRow key={ticket.id} ticket={ticket} />
        ))}
      </ul>
      <div className="tickets__footer">
        <p className="tickets__count" role="status">
          {t('ticketList.shown', { count: rows.length })}
        </p>
        {tickets.hasNextPage ? (
          <Button
            variant="secondary"
            onClick={() => void tickets.fetchNextPage()}
            disabled={tickets.isFetchingNextPage}
          >
            {tickets.isFetchingNextPage ? t('ticketList.loadingMore') : t('ticketList.loadMore')}
          </Button>
        ) : null}
      </div>
      {tickets.isError ? <Alert tone="error">{errorMessage(tickets.error, t)}</Alert> : null}
    </div>
  );
}
