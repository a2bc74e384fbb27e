import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { useCurrentUser } from '@/lib/current-user';
import { CreateTicketForm } from '@/features/tickets/components/create-ticket-form';

export function NewTicketRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();

  return (
    <div className="narrow">
      <title>{t('app.pageTitle', { page: t('createTicket.title') })}</title>
      <div className="page-header">
        <h1>{t('createTicket.title')}</h1>
      </div>
      <CreateTicketForm
        isAgent={user.role !== 'CUSTOMER'}
        onSuccess={(ticket) => navigate(paths.ticket.getHref(ticket.reference))}
        onCancel={() => navigate(-1)}
      />
    </div>
  );
}
