import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { portalPathFor } from '@/config/paths';
import { useCurrentUser } from '@/lib/current-user';
import { RequireAuth } from '@/features/auth/components/require-auth';
import { useLiveUpdates } from '@/features/live';
import { AppHeader } from '../components/app-header';
import { liveQueryKeys } from '../live-query-keys';

/**
 * The dashboard is for agents and admins: a customer who opens one of its addresses (a bookmark,
 * the landing page after sign-in) is taken to the same place in the customer portal.
 */
function StaffOnly({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  const location = useLocation();
  if (user.role === 'CUSTOMER') {
    return <Navigate to={portalPathFor(location.pathname)} replace />;
  }
  return <>{children}</>;
}

/** Live updates for the whole dashboard: one stream per tab (features/live). */
function LiveUpdates() {
  const user = useCurrentUser();
  useLiveUpdates(user.id, liveQueryKeys);
  return null;
}

/** The frame of every signed-in page: skip link, header, then the page in `<main>`. */
export function AppRoot() {
  const { t } = useTranslation();
  return (
    <RequireAuth>
      <StaffOnly>
        <LiveUpdates />
        <a className="skip-link" href="#main">
          {t('app.skipToContent')}
        </a>
        <AppHeader />
        <main id="main" className="page" tabIndex={-1}>
          <Outlet />
        </main>
      </StaffOnly>
    </RequireAuth>
  );
}
