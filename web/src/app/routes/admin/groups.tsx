import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { useAllCategories } from '@/features/admin/api/categories';
import { GroupsAdmin } from '@/features/groups/components/groups-admin';
import { useStaff } from '@/features/tickets/api/get-ticket-options';
import { useCurrentUser } from '@/lib/current-user';
import '@/styles/admin.css';

/**
 * `/admin/groups` (admins only): groups (teams), their routing mode, members with capacity and
 * skills, and skill rules, created, edited and deleted here (docs/product.md "Groups and routing").
 */
export function GroupsRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <div className="admin-page">
      <title>{t('app.pageTitle', { page: t('groups.title') })}</title>
      <div className="page-header">
        <h1>{t('groups.title')}</h1>
      </div>
      {user.role === 'ADMIN' ? (
        <>
          <p className="admin-muted">{t('groups.intro')}</p>
          <GroupsWithOptions />
        </>
      ) : (
        <Alert tone="error">{t('groups.adminsOnly')}</Alert>
      )}
    </div>
  );
}

/**
 * The groups page fed with the active agents and admins (its members) and the categories (its
 * skill rules); features do not import each other, so they meet here.
 */
function GroupsWithOptions() {
  const staff = useStaff();
  const categories = useAllCategories();
  return (
    <GroupsAdmin
      staff={(staff.data ?? []).map((person) => ({ id: person.id, name: person.name }))}
      categories={(categories.data?.data ?? []).map((c) => ({ id: c.id, name: c.name }))}
    />
  );
}
