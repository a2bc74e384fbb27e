import { useTranslation } from 'react-i18next';
import { ProfilePage } from '@/features/profile/components/profile-page';

/** `/profile` (anyone signed in to the dashboard): their name, time zone, language, signature, theme. */
export function ProfileRoute() {
  const { t } = useTranslation();
  return (
    <div className="admin-page">
      <title>{t('app.pageTitle', { page: t('profile.title') })}</title>
      <div className="page-header">
        <h1>{t('profile.title')}</h1>
      </div>
      <ProfilePage />
    </div>
  );
}
