import { useDeferredValue, useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Loading } from '@/components/ui/loading';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { paths, portalPathFor } from '@/config/paths';
import { useCurrentUser } from '@/lib/current-user';
import { RequireAuth } from '@/features/auth/components/require-auth';
import { useLiveUpdates } from '@/features/live';
import { AppHeader } from '../components/app-header';
import { liveQueryKeys } from '../live-query-keys';

/**
 * The dashboard is for agents and admins: a customer who opens one of its addresses (a bookmark,
 * the landing page after sign-in) is taken to the same place in the customer portal; staff who
 * must enrol in two-factor sign-in first are taken to its page.
 */
function StaffOnly({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  const location = useLocation();
  if (user.role === 'CUSTOMER') {
    return <Navigate to={portalPathFor(location.pathname)} replace />;
  }
  // Their organization requires two-factor sign-in and they have none yet: enrol first.
  if (user.twoFactorEnrolmentRequired) {
    return <Navigate to={paths.twoFactorSetup.getHref()} replace />;
  }
  return <>{children}</>;
}

/** Live updates for the whole dashboard: one stream per tab (features/live). */
function LiveUpdates() {
  const user = useCurrentUser();
  useLiveUpdates(user.id, liveQueryKeys);
  return null;
}

/** The longest the first render waits for the page's first requests (ms). */
const SETTLE_WAIT_MS = 2_000;

/**
 * Whether the requests in flight when the frame first mounts (the inbox's, started beside its
 * code: prefetch.ts) have all answered — or SETTLE_WAIT_MS have passed. A background render that
 * reads a query whose answer lands while it is still being sliced must start over in one
 * blocking task (React re-renders synchronously when a store changed under a concurrent render),
 * so the background render starts once they are in the cache.
 */
function useFirstRequestsSettled(): boolean {
  const client = useQueryClient();
  const [settled, setSettled] = useState(() => client.isFetching() === 0);
  useEffect(() => {
    if (settled) return;
    const settleWhenIdle = () => {
      if (client.isFetching() === 0) setSettled(true);
    };
    const timer = window.setTimeout(() => setSettled(true), SETTLE_WAIT_MS);
    const unsubscribe = client.getQueryCache().subscribe(settleWhenIdle);
    settleWhenIdle();
    return () => {
      window.clearTimeout(timer);
      unsubscribe();
    };
  }, [client, settled]);
  return settled;
}

/**
 * Renders `children` in a background render of their own (React's transition priority: cut into
 * slices of a few milliseconds, so the browser keeps answering input and painting in between)
 * rather than in one long task: the first render of a signed-in page — header, inbox, the rows
 * when they are already there — is most of the page load's main-thread work. It starts once the
 * page's first requests have answered (`useFirstRequestsSettled`). The spinner shows meanwhile,
 * as it did while the session was being checked.
 */
function RenderInBackground({ children }: { children: ReactNode }) {
  const ready = useDeferredValue(useFirstRequestsSettled(), false);
  if (!ready) {
    return (
      <main className="page page--centered">
        <Loading />
      </main>
    );
  }
  return <>{children}</>;
}

/** Every dashboard page: for a signed-in agent or admin, the frame (`SignedInFrame`) around it. */
export function AppRoot() {
  return (
    <RequireAuth>
      <StaffOnly>
        <RenderInBackground>
          <SignedInFrame />
        </RenderInBackground>
      </StaffOnly>
    </RequireAuth>
  );
}

/** The frame of every signed-in page: skip link, header, then the page in `<main>`. */
function SignedInFrame() {
  const { t } = useTranslation();
  return (
    <>
      <LiveUpdates />
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppHeader />
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
