import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { MailboxesAdmin } from '@/features/inbound-email/components/mailboxes-admin';
import { useCurrentUser } from '@/lib/current-user';
import '@/styles/admin.css';
import '@/styles/inbound-email.css';

/** `/admin/mailboxes` (admins only): inbound mailboxes; a new one's secret is shown once. */
export function MailboxesRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <div className="admin-page">
      <title>{t('app.pageTitle', { page: t('inboundEmail.mailboxes.title') })}</title>
      <div className="page-header">
        <h1>{t('inboundEmail.mailboxes.title')}</h1>
      </div>
      {user.role === 'ADMIN' ? (
        <>
          <p className="admin-muted inbound-intro">{t('inboundEmail.mailboxes.intro')}</p>
          <MailboxesAdmin />
        </>
      ) : (
        <Alert tone="error">{t('inboundEmail.adminsOnly')}</Alert>
      )}
    </div>
  );
}
