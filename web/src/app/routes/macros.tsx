import { useTranslation } from 'react-i18next';
import { useGroups } from '@/features/groups/api/groups';
import { MacrosPage } from '@/features/macros/components/macros-page';
import '@/styles/admin.css';

/**
 * `/macros` (agents and admins): their macros and the shared ones, created, edited and deleted
 * here (docs/product.md "Macros"); applied from a ticket's reply composer. The groups (for the
 * `set_group` action) come from features/groups: features do not import each other, so they meet
 * here.
 */
export function MacrosRoute() {
  const { t } = useTranslation();
  const groups = useGroups();
  return (
    <div className="admin-page">
      <title>{t('app.pageTitle', { page: t('macros.title') })}</title>
      <div className="page-header">
        <h1>{t('macros.title')}</h1>
      </div>
      <p className="admin-muted">{t('macros.intro')}</p>
      <MacrosPage groups={groups.data?.data ?? []} />
    </div>
  );
}
