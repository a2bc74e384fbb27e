import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { PrivacyAdmin } from '@/features/privacy/components/privacy-admin';
import { useCurrentUser } from '@/lib/current-user';
import '@/styles/admin.css';

/**
 * `/admin/privacy` (admins only; docs/product.md "Data-subject requests"): export and erase a
 * person's data, and the retention of closed tickets.
 */
export function PrivacyRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <div className="admin-page">
      <title>{t('app.pageTitle', { page: t('privacy.title') })}</title>
      <div className="page-header">
        <h1>{t('privacy.title')}</h1>
      </div>
      {user.role === 'ADMIN' ? (
        <PrivacyAdmin />
      ) : (
        <Alert tone="error">{t('privacy.adminsOnly')}</Alert>
      )}
    </div>
  );
}
