import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { useCurrentUser } from '@/lib/current-user';
import { OrganizationActivityLog } from '@/features/organization-activity/components/organization-activity-log';
import '@/styles/admin.css';

/** `/admin/activity` (admins only; docs/product.md roles table): the organization's activity log. */
export function ActivityRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <div className="admin-page">
      <title>{t('app.pageTitle', { page: t('activityLog.title') })}</title>
      <div className="page-header">
        <h1>{t('activityLog.title')}</h1>
      </div>
      {user.role === 'ADMIN' ? (
        <>
          <p className="admin-muted">{t('activityLog.intro')}</p>
          <OrganizationActivityLog />
        </>
      ) : (
        <Alert tone="error">{t('activityLog.adminsOnly')}</Alert>
      )}
    </div>
  );
}
