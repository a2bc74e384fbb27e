import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { paths } from '@/config/paths';
import { useTicketCounts } from '@/features/portal/api/get-ticket-counts';
import { MyTicketsList } from '@/features/portal/components/my-tickets-list';
import { QuickCounts } from '@/features/portal/components/quick-counts';
import { statusGroupFrom, type StatusGroup } from '@/features/portal/utils/status-groups';

/**
 * `/portal`: the signed-in customer's tickets, with quick counts (open, in progress, resolved,
 * closed) that also filter the list (`?status=open`, bookmarkable), and "New ticket".
 */
export function MyTicketsRoute() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const group = statusGroupFrom(searchParams.get('status'));
  const counts = useTicketCounts();
  const hrefFor = (next: StatusGroup | null) => paths.portal.getHref(next ? `?status=${next}` : '');

  return (
    <div className="customer-wide">
      <title>{t('app.pageTitle', { page: t('portal.myTickets.title') })}</title>
      <div className="page-header">
        <h1>{t('portal.myTickets.title')}</h1>
        <Link className="button button--primary" to={paths.portalNewTicket.getHref()}>
          {t('customer.newTicket')}
        </Link>
      </div>
      <p className="customer-intro">{t('portal.myTickets.intro')}</p>
      {counts.data?.unread ? (
        <p className="customer-intro" data-testid="portal-unread-count">
          <strong>{t('portal.myTickets.unread', { count: counts.data.unread })}</strong>
        </p>
      ) : null}
      <QuickCounts counts={counts.data ?? null} selected={group} hrefFor={hrefFor} />
      <MyTicketsList group={group} ticketHref={paths.portalTicket.getHref} />
    </div>
  );
}
