import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { ApiKeysAdmin } from '@/features/admin/components/api-keys-admin';
import { useGroups } from '@/features/groups/api/groups';
import { useCurrentUser } from '@/lib/current-user';
import '@/styles/admin.css';

/** `/admin/api-keys` (admins only; docs/product.md roles table): API keys for integrators: create (secret shown once), list, revoke. */
export function ApiKeysRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <div className="admin-page">
      <title>{t('app.pageTitle', { page: t('admin.apiKeys.title') })}</title>
      <div className="page-header">
        <h1>{t('admin.apiKeys.title')}</h1>
      </div>
      {user.role === 'ADMIN' ? (
        <ApiKeysWithGroups />
      ) : (
        <Alert tone="error">{t('admin.adminsOnly')}</Alert>
      )}
    </div>
  );
}

/**
 * The API keys page fed with the organization's groups, which a key may be limited to; features
 * do not import each other, so they meet here.
 */
function ApiKeysWithGroups() {
  const groups = useGroups();
  return <ApiKeysAdmin groups={groups.data?.data ?? []} />;
}
