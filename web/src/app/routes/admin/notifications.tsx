import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { useCurrentUser } from '@/lib/current-user';
import { NotificationsAdmin } from '@/features/notifications/components/notifications-admin';
import '@/styles/notifications.css';

/** `/admin/notifications`: admins see the organization's email notifications and resend failed ones. */
export function NotificationsRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <div className="notifications-page">
      <title>{t('app.pageTitle', { page: t('notifications.title') })}</title>
      <div className="page-header">
        <h1>{t('notifications.title')}</h1>
      </div>
      {user.role === 'ADMIN' ? (
        <>
          <p className="notifications-admin__notice">{t('notifications.intro')}</p>
          <NotificationsAdmin />
        </>
      ) : (
        <Alert tone="error">{t('notifications.adminsOnly')}</Alert>
      )}
    </div>
  );
}
