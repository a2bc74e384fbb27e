import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CustomerTicket } from '@docket/server/contract/tickets';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { LoadError } from '@/components/ui/load-error';
import { Loading } from '@/components/ui/loading';
import { useDateTimeFormat } from '@/i18n/format';
import { errorMessage } from '@/lib/form-errors';
import { useMyTickets } from '../api/get-my-tickets';
import type { StatusGroup } from '../utils/status-groups';

type MyTicketsListProps = {
  group: StatusGroup | null;
  /** The portal page of a ticket, by reference. */
  ticketHref: (reference: string) => string;
};

/**
 * One of the requester's tickets: a link named by its reference and subject, its status and when
 * it last changed. No priority and no assignee: neither is the requester's to act on.
 */
function MyTicketRow({ ticket, href }: { ticket: CustomerTicket; href: string }) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  return (
    <li className="ticket-row portal-ticket-row" data-testid="portal-ticket-row">
      <Link className="ticket-row__link" to={href}>
        <span className="ticket-row__heading">
          <span className="ticket-row__reference">{ticket.reference}</span>
          <span className="ticket-row__subject">{ticket.subject}</span>
        </span>
        <span className="ticket-row__badges">
          {ticket.unread ? (
            <span className="badge badge--tone-info" data-testid="new-reply">
              <span className="badge__label">{t('portal.myTickets.newReply')}</span>
            </span>
          ) : null}
          <span
            className={`badge badge--status badge--status-${ticket.status.toLowerCase().replaceAll('_', '-')}`}
            data-status={ticket.status}
          >
            {t(`status.${ticket.status}`)}
          </span>
        </span>
        <span className="ticket-row__meta">
          <time className="meta-item meta-item--time" dateTime={ticket.updatedAt}>
            {t('portal.myTickets.updated', { date: formatDate(ticket.updatedAt) })}
          </time>
        </span>
      </Link>
    </li>
  );
}

/** The requester's tickets in `group`, most recently updated first, a page at a time. */
export function MyTicketsList({ group, ticketHref }: MyTicketsListProps) {
  const { t } = useTranslation();
  const tickets = useMyTickets(group);

  if (tickets.data === undefined) {
    if (tickets.isPending) return <Loading />;
    return (
      <LoadError
        title={t('portal.myTickets.error')}
        error={tickets.error}
        onRetry={() => void tickets.refetch()}
      />
    );
  }

  const rows = tickets.data.pages.flatMap((page) => page.data);
  if (rows.length === 0) {
    return (
      <p className="empty-state">
        {group ? t('portal.myTickets.emptyGroup') : t('portal.myTickets.empty')}
      </p>
    );
  }

  return (
    <div className="tickets">
      <ul className="ticket-list">
        {rows.map((ticket) => (
          <MyTicketRow key={ticket.id} ticket={ticket} href={ticketHref(ticket.reference)} />
        ))}
      </ul>
      {tickets.hasNextPage ? (
        <div className="tickets__footer">
          <Button
            variant="secondary"
            onClick={() => void tickets.fetchNextPage()}
            disabled={tickets.isFetchingNextPage}
          >
            {tickets.isFetchingNextPage
              ? t('portal.myTickets.loadingMore')
              : t('portal.myTickets.loadMore')}
          </Button>
        </div>
      ) : null}
      {tickets.isError ? <Alert tone="error">{errorMessage(tickets.error, t)}</Alert> : null}
    </div>
  );
}
