import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/config/paths';

export function NotFoundRoute() {
  const { t } = useTranslation();
  return (
    <div className="empty-state">
      <title>{t('app.pageTitle', { page: t('notFound.title') })}</title>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <Link to={paths.tickets.getHref()}>{t('notFound.home')}</Link>
    </div>
  );
}
