import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { useGroups } from '@/features/groups/api/groups';
import { useMacros } from '@/features/macros/api/macros';
import { RulesAdmin } from '@/features/rules/components/rules-page';
import { useCurrentUser } from '@/lib/current-user';
import '@/styles/admin.css';

/**
 * `/admin/rules` (admins only): triggers and time-based rules in the order they run, created,
 * edited, switched on and off, tested (a dry run) and deleted here (docs/product.md "Rules").
 */
export function RulesRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <div className="admin-page">
      <title>{t('app.pageTitle', { page: t('rules.title') })}</title>
      <div className="page-header">
        <h1>{t('rules.title')}</h1>
      </div>
      {user.role === 'ADMIN' ? (
        <>
          <p className="admin-muted">{t('rules.intro')}</p>
          <RulesWithMacros />
        </>
      ) : (
        <Alert tone="error">{t('rules.adminsOnly')}</Alert>
      )}
    </div>
  );
}

/**
 * The rules page fed with the organization's shared macros (`GET /api/macros`, shared ones only:
 * a rule applies no personal macro) for its `apply_macro` actions and its groups (`GET
 * /api/groups`) for its `set_group` actions; features do not import each other, so they meet here.
 */
function RulesWithMacros() {
  const macros = useMacros();
  const groups = useGroups();
  const shared = (macros.data?.data ?? []).filter((macro) => macro.shared);
  return <RulesAdmin macros={shared} groups={groups.data?.data ?? []} />;
}
