import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Ticket } from '@docket/server/contract/tickets';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { useRequesterTickets, REQUESTER_TICKETS_LIMIT } from '../api/get-requester-tickets';
import { StatusBadge } from './status-badge';

/**
 * Who asked (name, email, whether they have an account) and their other tickets, newest first
 * (GET /api/tickets?requesterEmail=…), each a link to its page.
 */
export function RequesterCard({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const others = useRequesterTickets(ticket.requester.email);
  const list = (others.data?.data ?? [])
    .filter((other) => other.id !== ticket.id)
    .slice(0, REQUESTER_TICKETS_LIMIT);

  return (
    <Card title={t('ticketPage.requester.heading')} className="requester-card">
      <p className="requester-card__name">{ticket.requester.name}</p>
      <p className="requester-card__email">
        <a href={`mailto:${ticket.requester.email}`}>{ticket.requester.email}</a>
      </p>
      {ticket.requester.id ? null : (
        <p className="requester-card__muted">{t('ticketPage.requester.guest')}</p>
      )}
      <h3 className="requester-card__subheading">{t('ticketPage.requester.otherTickets')}</h3>
      {others.isPending ? (
        <Loading />
      ) : others.isError ? (
        <Alert tone="error">{t('ticketPage.requester.loadError')}</Alert>
      ) : list.length === 0 ? (
        <p className="requester-card__muted">{t('ticketPage.requester.noOtherTickets')}</p>
      ) : (
        <ul className="requester-card__tickets">
          {list.map((other) => (
            <li key={other.id} className="requester-card__ticket">
              <Link to={paths.ticket.getHref(other.reference)}>
                <span className="requester-card__reference">{other.reference}</span> {other.subject}
              </Link>
              <StatusBadge status={other.status} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
