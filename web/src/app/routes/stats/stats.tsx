import { useTranslation } from 'react-i18next';
import { StatsDashboard } from '@/features/stats/components/stats-dashboard';
import '@/styles/stats.css';

/**
 * `/stats`: ticket statistics for agents and admins. Loaded lazily by the router, so
 * recharts is never part of the dashboard's initial bundle.
 */
export function StatsRoute() {
  const { t } = useTranslation();
  return (
    <div className="stats-page">
      <title>{t('app.pageTitle', { page: t('stats.title') })}</title>
      <div className="page-header">
        <h1>{t('stats.title')}</h1>
      </div>
      <p className="stats-note">{t('stats.intro')}</p>
      <StatsDashboard />
    </div>
  );
}
