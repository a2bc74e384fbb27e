import { useTranslation } from 'react-i18next';
import { ProfilePage } from '@/features/profile/components/profile-page';
import { SessionsSection } from '@/features/profile/components/sessions';
import { TwoFactorSection } from '@/features/profile/components/two-factor';

/**
 * `/profile` (anyone signed in to the dashboard): their name, time zone, language, signature,
 * theme, their two-factor sign-in and their sessions.
 */
export function ProfileRoute() {
  const { t } = useTranslation();
  return (
    <div className="admin-page">
      <title>{t('app.pageTitle', { page: t('profile.title') })}</title>
      <div className="page-header">
        <h1>{t('profile.title')}</h1>
      </div>
      <ProfilePage />
      <TwoFactorSection />
      <SessionsSection />
    </div>
  );
}
