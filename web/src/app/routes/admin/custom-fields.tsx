import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { CustomFieldsAdmin } from '@/features/admin/components/custom-fields-admin';
import { useCurrentUser } from '@/lib/current-user';
import '@/styles/admin.css';

/** `/admin/custom-fields` (admins only; docs/product.md "Custom fields"): define the ticket's custom fields. */
export function CustomFieldsRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <div className="admin-page">
      <title>{t('app.pageTitle', { page: t('customFields.admin.title') })}</title>
      <div className="page-header">
        <h1>{t('customFields.admin.title')}</h1>
      </div>
      {user.role === 'ADMIN' ? (
        <>
          <p>{t('customFields.admin.intro')}</p>
          <CustomFieldsAdmin />
        </>
      ) : (
        <Alert tone="error">{t('admin.adminsOnly')}</Alert>
      )}
    </div>
  );
}
