import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { BusinessHoursAdmin } from '@/features/sla/components/business-hours-admin';
import { useCurrentUser } from '@/lib/current-user';
import '@/styles/admin.css';
import '@/features/sla/components/sla-admin.css';

/** `/admin/business-hours` (admins only): the opening schedules SLA clocks count in. */
export function BusinessHoursRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <div className="admin-page">
      <title>{t('app.pageTitle', { page: t('sla.businessHours.title') })}</title>
      <div className="page-header">
        <h1>{t('sla.businessHours.title')}</h1>
      </div>
      {user.role === 'ADMIN' ? (
        <>
          <p className="admin-muted sla-intro">{t('sla.businessHours.intro')}</p>
          <BusinessHoursAdmin />
        </>
      ) : (
        <Alert tone="error">{t('sla.adminsOnly')}</Alert>
      )}
    </div>
  );
}
