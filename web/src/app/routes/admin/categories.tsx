import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { CategoriesAdmin } from '@/features/admin/components/categories-admin';
import { useCurrentUser } from '@/lib/current-user';
import '@/styles/admin.css';

/** `/admin/categories` (admins only; docs/product.md roles table): Ticket categories: create, rename, deactivate. */
export function CategoriesRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <div className="admin-page">
      <title>{t('app.pageTitle', { page: t('admin.categories.title') })}</title>
      <div className="page-header">
        <h1>{t('admin.categories.title')}</h1>
      </div>
      {user.role === 'ADMIN' ? (
        <CategoriesAdmin />
      ) : (
        <Alert tone="error">{t('admin.adminsOnly')}</Alert>
      )}
    </div>
  );
}
