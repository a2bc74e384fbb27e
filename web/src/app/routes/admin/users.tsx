import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { InvitationsAdmin } from '@/features/admin/components/invitations-admin';
import { SecuritySettingsAdmin } from '@/features/admin/components/security-settings-admin';
import { UsersAdmin } from '@/features/admin/components/users-admin';
import { useCurrentUser } from '@/lib/current-user';
import '@/styles/admin.css';

/** `/admin/users` (admins only; docs/product.md roles table): Users of the organization: create, change role, deactivate. */
export function UsersRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <div className="admin-page">
      <title>{t('app.pageTitle', { page: t('admin.users.title') })}</title>
      <div className="page-header">
        <h1>{t('admin.users.title')}</h1>
      </div>
      {user.role === 'ADMIN' ? (
        <>
          <UsersAdmin />
          <InvitationsAdmin />
          <SecuritySettingsAdmin />
        </>
      ) : (
        <Alert tone="error">{t('admin.adminsOnly')}</Alert>
      )}
    </div>
  );
}
