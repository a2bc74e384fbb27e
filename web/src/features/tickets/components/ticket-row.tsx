import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AnyTicket } from '@docket/server/contract';
import { paths } from '@/config/paths';
import { useDateTimeFormat } from '@/i18n/format';
import { isCustomerView } from '../utils/ticket-view';
import { PriorityBadge } from './priority-badge';
import { StatusBadge } from './status-badge';

export function AssigneeName({ ticket }: { ticket: AnyTicket }) {
  const { t } = useTranslation();
  if (isCustomerView(ticket)) {
    return <>{ticket.assignee.assigned ? t('ticket.assigned') : t('ticket.unassigned')}</>;
  }
  return <>{ticket.assignee?.name ?? t('ticket.unassigned')}</>;
}

/** One ticket in the list: the whole row is a link, named by its reference and subject first. */
export function TicketRow({ ticket }: { ticket: AnyTicket }) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  const urgent = ticket.priority === 'CRITICAL' || ticket.priority === 'URGENT';
  return (
    <li
      className={`ticket-row${urgent ? ` ticket-row--${ticket.priority.toLowerCase()}` : ''}`}
      data-testid="ticket-row"
    >
      <Link className="ticket-row__link" to={paths.ticket.getHref(ticket.reference)}>
        <span className="ticket-row__heading">
          <span className="ticket-row__reference">{ticket.reference}</span>
          <span className="ticket-row__subject">{ticket.subject}</span>
        </span>
        <span className="ticket-row__badges">
          <StatusBadge status={ticket.status} />
          <PriorityBadge priority={ticket.priority} />
        </span>
        <span className="ticket-row__meta">
          <span className="meta-item">
            <span className="meta-item__label">{t('ticketList.requester')}</span>{' '}
            {ticket.requester.name}
          </span>
          <span className="meta-item">
            <span className="meta-item__label">{t('ticketList.assignedTo')}</span>{' '}
            <AssigneeName ticket={ticket} />
          </span>
          <time className="meta-item meta-item--time" dateTime={ticket.updatedAt}>
            {t('ticketList.updated', { date: formatDate(ticket.updatedAt) })}
          </time>
        </span>
      </Link>
    </li>
  );
}
