import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { usePortalTicket } from '@/features/portal/api/get-portal-ticket';
import {
  PortalCreateTicketForm,
  type FollowUpOf,
} from '@/features/portal/components/portal-create-ticket-form';

/**
 * `/portal/new`, optionally `?followUpOf=TKT-00012`: the customer's create form. A follow-up is
 * offered only for one of their own CLOSED tickets (the server checks it again); for anything
 * else the page says so and the form makes an ordinary ticket.
 */
export function PortalNewTicketRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const followUpReference = searchParams.get('followUpOf')?.trim() || null;

  return (
    <div className="customer-narrow">
      <title>{t('app.pageTitle', { page: t('portal.newTicket.title') })}</title>
      <div className="page-header">
        <h1>{t('portal.newTicket.title')}</h1>
      </div>
      <p className="customer-intro">{t('portal.newTicket.intro')}</p>
      {followUpReference ? (
        <FollowUpForm
          reference={followUpReference}
          onCreated={(reference) => navigate(paths.portalTicket.getHref(reference))}
          onCancel={() => navigate(-1)}
        />
      ) : (
        <PortalCreateTicketForm
          onSuccess={(ticket) => navigate(paths.portalTicket.getHref(ticket.reference))}
          onCancel={() => navigate(-1)}
        />
      )}
    </div>
  );
}

function FollowUpForm({
  reference,
  onCreated,
  onCancel,
}: {
  reference: string;
  onCreated: (reference: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const original = usePortalTicket(reference);
  if (original.isPending) return <Loading />;
  const followUpOf: FollowUpOf | null =
    original.data?.status === 'CLOSED'
      ? { reference: original.data.reference, subject: original.data.subject }
      : null;
  return (
    <>
      {followUpOf ? null : (
        <Alert tone="info">{t('portal.newTicket.followUpUnavailable', { reference })}</Alert>
      )}
      <PortalCreateTicketForm
        // A new form once the follow-up is known, so that its subject is prefilled.
        key={followUpOf?.reference ?? 'new'}
        followUpOf={followUpOf}
        onSuccess={(ticket) => onCreated(ticket.reference)}
        onCancel={onCancel}
      />
    </>
  );
}
