import { useTranslation } from 'react-i18next';
import { MacrosPage } from '@/features/macros/components/macros-page';
import '@/styles/admin.css';

/**
 * `/macros` (agents and admins): their macros and the shared ones, created, edited and deleted
 * here (docs/product.md "Macros"); applied from a ticket's reply composer.
 */
export function MacrosRoute() {
  const { t } = useTranslation();
  return (
    <div className="admin-page">
      <title>{t('app.pageTitle', { page: t('macros.title') })}</title>
      <div className="page-header">
        <h1>{t('macros.title')}</h1>
      </div>
      <p className="admin-muted">{t('macros.intro')}</p>
      <MacrosPage />
    </div>
  );
}
