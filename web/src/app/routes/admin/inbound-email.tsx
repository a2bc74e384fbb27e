import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { InboundEmailsAdmin } from '@/features/inbound-email/components/inbound-emails-admin';
import { useCurrentUser } from '@/lib/current-user';
import '@/styles/admin.css';
import '@/styles/inbound-email.css';

/** `/admin/inbound-email` (admins only): the inbound log; accept or discard suspended mail. */
export function InboundEmailRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <div className="admin-page">
      <title>{t('app.pageTitle', { page: t('inboundEmail.log.title') })}</title>
      <div className="page-header">
        <h1>{t('inboundEmail.log.title')}</h1>
      </div>
      {user.role === 'ADMIN' ? (
        <>
          <p className="admin-muted inbound-intro">{t('inboundEmail.log.intro')}</p>
          <InboundEmailsAdmin />
        </>
      ) : (
        <Alert tone="error">{t('inboundEmail.adminsOnly')}</Alert>
      )}
    </div>
  );
}
