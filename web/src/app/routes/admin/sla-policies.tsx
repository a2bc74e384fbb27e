import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { useAllCategories } from '@/features/admin/api/categories';
import { SlaPoliciesAdmin } from '@/features/sla/components/sla-policies-admin';
import { useCurrentUser } from '@/lib/current-user';
import '@/styles/admin.css';
import '@/features/sla/components/sla-admin.css';

/** `/admin/sla-policies` (admins only): the SLA policies, in the order they are tried. */
export function SlaPoliciesRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <div className="admin-page">
      <title>{t('app.pageTitle', { page: t('sla.policies.title') })}</title>
      <div className="page-header">
        <h1>{t('sla.policies.title')}</h1>
      </div>
      {user.role === 'ADMIN' ? (
        <>
          <p className="admin-muted sla-intro">{t('sla.policies.intro')}</p>
          <SlaPoliciesWithCategories />
        </>
      ) : (
        <Alert tone="error">{t('sla.adminsOnly')}</Alert>
      )}
    </div>
  );
}

/**
 * The policies page fed with the organization's categories (the admin categories API, deactivated
 * ones too) for its category conditions; features do not import each other, so they meet here.
 */
function SlaPoliciesWithCategories() {
  const categories = useAllCategories();
  return <SlaPoliciesAdmin categories={categories.data?.data ?? []} />;
}
