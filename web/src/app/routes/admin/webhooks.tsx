import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { useCurrentUser } from '@/lib/current-user';
import { WebhooksAdmin } from '@/features/webhooks/components/webhooks-admin';
import '@/styles/webhooks.css';

/** `/admin/webhooks`: admins manage the organization's webhook endpoints. */
export function WebhooksRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <div className="webhooks-page">
      <title>{t('app.pageTitle', { page: t('webhooks.title') })}</title>
      <div className="page-header">
        <h1>{t('webhooks.title')}</h1>
      </div>
      {user.role === 'ADMIN' ? (
        <WebhooksAdmin />
      ) : (
        <Alert tone="error">{t('webhooks.adminsOnly')}</Alert>
      )}
    </div>
  );
}
