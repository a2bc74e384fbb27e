import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { RequireAuth } from '@/features/auth/components/require-auth';
import { AppHeader } from '../components/app-header';

/** The frame of every signed-in page: skip link, header, then the page in `<main>`. */
export function AppRoot() {
  const { t } = useTranslation();
  return (
    <RequireAuth>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppHeader />
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </RequireAuth>
  );
}
